package proxy

import (
	"context"
	"net/url"
	"time"
	"unsafe"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

const userAgent = "DiscordBot (https://github.com/discord-mcp-proxy/discord-mcp-proxy, 0.1)"

// defaultTimeout bounds a round trip whose context has no deadline.
const defaultTimeout = 30 * time.Second

// outgoing is what one request sends besides its route.
type outgoing struct {
	query  string
	body   []byte
	ctype  string // "" means JSON
	reason string
	header []HeaderField // the caller's forwardable headers
	// passthrough: Discord's other response headers come back too.
	passthrough bool
}

// roundTrip sends one request upstream and copies out what outlives the
// pooled fasthttp objects.
func (p *Proxy) roundTrip(ctx context.Context, s *policy.Scope, r *route.Route, o *outgoing) (*Response, error) {
	req := fasthttp.AcquireRequest()
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)

	req.SetRequestURI(p.scheme + "://" + p.host + p.base + r.Path)
	uri := req.URI()
	// route.Parse refused every path that is not plain ASCII without
	// meaning-changing escapes, so it goes out exactly as checked.
	uri.DisablePathNormalizing = true
	if o.query != "" {
		uri.SetQueryString(o.query)
	}
	req.Header.SetMethod(r.Method)
	req.Header.Set("User-Agent", userAgent)
	for _, h := range o.header { // first: the proxy's own headers below win
		req.Header.Set(h.Name, h.Value)
	}
	req.Header.Set("Authorization", s.Token())
	if o.reason != "" {
		req.Header.Set("X-Audit-Log-Reason", url.PathEscape(o.reason))
	}
	if o.body != nil {
		ct := o.ctype
		if ct == "" {
			ct = "application/json"
		}
		req.Header.SetContentType(ct)
		req.SetBodyRaw(o.body)
	}

	deadline := time.Now().Add(defaultTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if err := p.client.DoDeadline(req, resp, deadline); err != nil {
		return nil, err
	}

	out := copyResponse(resp, p.limiter)
	if o.passthrough {
		out.Extra = extraHeaders(&resp.Header)
	}
	return out, nil
}

// copyResponse copies out of resp (pooled, reused after release) what the
// caller keeps: status, body, the forwarded headers and the rate-limit
// headers, parsed. The body and the header values share one buffer,
// written once and never changed, so the values are views into it.
func copyResponse(resp *fasthttp.Response, lim *ratelimit.Limiter) *Response {
	out := &Response{Status: resp.StatusCode()}
	body := resp.Body()
	size := len(body)
	for _, name := range forwarded {
		size += len(resp.Header.Peek(name))
	}
	buf := make([]byte, len(body), size)
	copy(buf, body)
	out.Body = buf[:len(body):len(body)] // an append by the caller reallocates
	fields := out.fields[:0]
	for _, name := range forwarded {
		if v := resp.Header.Peek(name); len(v) > 0 {
			start := len(buf)
			buf = append(buf, v...)
			fields = append(fields, HeaderField{Name: name, Value: unsafe.String(&buf[start], len(v))})
		}
	}
	out.Header = fields
	out.RateLimit = lim.ParseHeaders(out.Status, resp.Header.Peek, out.Body)
	return out
}
