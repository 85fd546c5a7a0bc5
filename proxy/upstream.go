package proxy

import (
	"context"
	"net/url"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

const userAgent = "DiscordBot (https://github.com/discord-mcp-proxy/discord-mcp-proxy, 0.1)"

// defaultTimeout bounds a round trip whose context has no deadline.
const defaultTimeout = 30 * time.Second

// roundTrip sends one request upstream and copies out what outlives the
// pooled fasthttp objects.
func (p *Proxy) roundTrip(ctx context.Context, s *policy.Scope, r *route.Route, query string, body []byte, reason string) (*Response, error) {
	req := fasthttp.AcquireRequest()
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)

	req.SetRequestURI(p.scheme + "://" + p.host + p.base + r.Path)
	uri := req.URI()
	// route.Parse refused every path that is not plain ASCII without
	// meaning-changing escapes, so it goes out exactly as checked.
	uri.DisablePathNormalizing = true
	if query != "" {
		uri.SetQueryString(query)
	}
	req.Header.SetMethod(r.Method)
	req.Header.Set("Authorization", s.Token())
	req.Header.Set("User-Agent", userAgent)
	if reason != "" {
		req.Header.Set("X-Audit-Log-Reason", url.PathEscape(reason))
	}
	if body != nil {
		req.Header.SetContentType("application/json")
		req.SetBodyRaw(body)
	}

	deadline := time.Now().Add(defaultTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if err := p.client.DoDeadline(req, resp, deadline); err != nil {
		return nil, err
	}

	out := &Response{Status: resp.StatusCode()}
	out.Body = append([]byte(nil), resp.Body()...)
	for _, name := range forwarded {
		if v := resp.Header.Peek(name); len(v) > 0 {
			out.Header = append(out.Header, HeaderField{Name: name, Value: string(v)})
		}
	}
	out.RateLimit = ratelimit.ParseHeaders(out.Status, func(name string) []byte {
		// Copy: the limiter may keep the bucket hash after resp is released.
		v := resp.Header.Peek(name)
		if v == nil {
			return nil
		}
		return append([]byte(nil), v...)
	}, out.Body)
	return out, nil
}
