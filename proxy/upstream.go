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
// pooled fasthttp objects; now is the time it starts.
func (p *Proxy) roundTrip(ctx context.Context, s *policy.Scope, r *route.Route, o *outgoing, now time.Time) (*Response, error) {
	req := fasthttp.AcquireRequest()
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)

	p.setRequest(req, s, r, o)
	deadline := now.Add(defaultTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if err := p.client.DoDeadline(req, resp, deadline); err != nil {
		return nil, err
	}
	return copyResponse(&p.responses, resp, p.limiter, o.passthrough), nil
}

// Header names the proxy sets, in fasthttp's canonical form, so that
// SetCanonical skips normalising them on every request.
var (
	hdrAuthorization = []byte("Authorization")
	hdrAuditReason   = []byte("X-Audit-Log-Reason")
	userAgentBytes   = []byte(userAgent)
)

// setRequest fills the upstream request. Values still pass fasthttp's
// newline scrub (SetCanonical keeps it); only the name work is skipped.
func (p *Proxy) setRequest(req *fasthttp.Request, s *policy.Scope, r *route.Route, o *outgoing) {
	// The URI built on the stack: SetRequestURIBytes copies it.
	var scratch [256]byte
	req.SetRequestURIBytes(append(append(scratch[:0], p.uriPrefix...), r.Path...))
	uri := req.URI()
	// route.Parse refused every path that is not plain ASCII without
	// meaning-changing escapes, so it goes out exactly as checked.
	uri.DisablePathNormalizing = true
	if o.query != "" {
		uri.SetQueryString(o.query)
	}
	req.Header.SetMethod(r.Method)
	req.Header.SetUserAgentBytes(userAgentBytes)
	for _, h := range o.header { // first: the proxy's own headers below win
		if canonicalName(h.Name) {
			req.Header.SetCanonical(s2b(h.Name), s2b(h.Value))
		} else {
			req.Header.Set(h.Name, h.Value)
		}
	}
	req.Header.SetCanonical(hdrAuthorization, s2b(s.Token()))
	if o.reason != "" {
		req.Header.SetCanonical(hdrAuditReason, s2b(url.PathEscape(o.reason)))
	}
	if o.body != nil {
		ct := o.ctype
		if ct == "" {
			ct = "application/json"
		}
		req.Header.SetContentType(ct)
		req.SetBodyRaw(o.body)
	}
}

// s2b views a string as bytes for fasthttp calls that copy them.
func s2b(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// copyResponse copies out of resp (pooled, reused after release) what the
// caller keeps: status, body, the forwarded headers (and for the
// passthrough every other header worth passing on), and the rate-limit
// headers, parsed. The body goes to a recycled buffer, the header values
// to one inside the recycled Response (see Response.Release), each written
// once and never changed, so the values are views into it. One pass over
// Discord's headers sorts them.
func copyResponse(rp *responsePool, resp *fasthttp.Response, lim *ratelimit.Limiter, extra bool) *Response {
	body := resp.Body()
	out := rp.get(len(body))
	out.Status = resp.StatusCode()
	out.buf = append(out.buf[:0], body...)   // fits: no reallocation
	out.Body = out.buf[:len(body):len(body)] // an append by the caller reallocates
	// Header values go to a buffer of their own inside the Response, so the
	// body's buffer can be handed to fasthttp whole (handOver).
	hb := out.hbuf[:0]
	var vals [len(forwarded)][]byte
	var seen [len(forwarded)]bool // the first copy wins, as with Peek
	extras := out.extra[:0]
	for name, value := range resp.Header.All() {
		c := answerClass(name)
		switch {
		case c >= 0 && !seen[c]:
			seen[c], vals[c] = true, value
		case c == classExtra && extra:
			var n, v string
			hb, n = appendView(hb, name)
			hb, v = appendView(hb, value)
			extras = append(extras, HeaderField{Name: n, Value: v})
		}
	}
	fields := out.fields[:0]
	for i, v := range vals {
		if len(v) > 0 {
			var view string
			hb, view = appendView(hb, v)
			fields = append(fields, HeaderField{Name: forwarded[i], Value: view})
		}
	}
	// If an append outgrew hbuf, earlier views stay valid in it: it is not
	// written again before Release.
	out.Header = fields
	if extra {
		out.Extra = extras
	}
	out.RateLimit = lim.ParseHeaders(out.Status, out.headerValue, out.Body)
	return out
}

// appendView appends v to buf and returns a string view of the copy.
func appendView(buf, v []byte) ([]byte, string) {
	if len(v) == 0 {
		return buf, ""
	}
	start := len(buf)
	buf = append(buf, v...)
	return buf, unsafe.String(&buf[start], len(v))
}

// headerValue returns a forwarded header's value (name as in forwarded).
func (r *Response) headerValue(name string) []byte {
	for _, h := range r.Header {
		if h.Name == name {
			return s2b(h.Value)
		}
	}
	return nil
}
