package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// ServeRaw answers a raw /api/v10/* request from a trusted operator through
// Do: the same policy, limiter and cache as the tools. ctx carries the
// caller's Scope. Discord's answer is forwarded as it came.
func (p *Proxy) ServeRaw(ctx context.Context, rc *fasthttp.RequestCtx) {
	s := policy.FromContext(ctx)
	if s == nil || !s.PrivilegedCall() {
		WriteError(rc, &Error{Kind: PermissionDenied, Status: 403,
			Msg:        "raw passthrough needs X-Privileged-Call: 1 and --enable-passthrough",
			Resolution: "Use the MCP tools, or ask the operator to enable passthrough."})
		return
	}
	call, _ := p.rawRequests.Get().(*rawCall)
	if call == nil {
		call = &rawCall{}
	}
	defer p.putRawCall(call)
	req := &call.req
	if perr := rawRequest(rc, req, call.hdr[:0]); perr != nil {
		WriteError(rc, perr)
		return
	}
	start := time.Now()
	resp, err := p.Do(ctx, req)
	if err != nil {
		var pe *Error
		errors.As(err, &pe)
		ev := p.log.Warn().Str("method", req.Method).Dur("duration", time.Since(start)).Str("source", "mcp")
		if pe != nil {
			ev = ev.Str("outcome", string(pe.Kind)).Str("reason", pe.Msg)
		}
		ev.Msg("passthrough refused")
		WriteError(rc, err)
		return
	}
	// Guarded: the line costs even when Info is off (the default).
	if p.Logs(zerolog.InfoLevel) {
		p.log.Info().Str("method", req.Method).Str("route", resp.Route.Label()).Str("channel", resp.Route.Param("channel_id")).
			Str("guild", resp.Route.Param("guild_id")).Int("status", resp.Status).Dur("duration", time.Since(start)).
			Str("source", "discord").Msg("passthrough")
	}
	writeRaw(rc, resp)
	resp.Release()
}

// rawCall is a passthrough Request with the array its forwarded headers
// live in: no allocation of its own, and none added to tool calls' Requests.
type rawCall struct {
	req Request
	hdr [8]HeaderField
}

// putRawCall recycles a passthrough Request: Do keeps nothing of it, and
// its header views into rc must not outlive the call.
func (p *Proxy) putRawCall(c *rawCall) {
	*c = rawCall{}
	p.rawRequests.Put(c)
}

// rawRequest reads a passthrough request into req (cleared): the path as
// sent, a JSON or multipart body, the headers to pass on, the audit-log
// reason.
func rawRequest(rc *fasthttp.RequestCtx, req *Request, hdr []HeaderField) *Error {
	// The raw request URI, not fasthttp's decoded Path(): the firewall must
	// see %2F and friends to refuse them.
	uri := rc.Request.Header.RequestURI()
	path, query := uri, []byte(nil)
	if i := bytes.IndexByte(uri, '?'); i >= 0 {
		path, query = uri[:i], uri[i+1:]
	}
	if bytes.IndexByte(path, '#') >= 0 || bytes.IndexByte(query, '#') >= 0 {
		return &Error{Kind: InvalidInput, Status: 400, Msg: "fragment in request URI", Resolution: "Remove the #fragment."}
	}
	req.Method, req.Path, req.Query, req.Passthrough = methodString(rc.Method()), string(path), string(query), true
	if body := rc.PostBody(); len(body) > 0 {
		ct := string(rc.Request.Header.ContentType())
		if policy.IsMultipart(ct) {
			req.ContentType = ct // policy reads and re-encodes the form
		} else if !json.Valid(body) {
			return &Error{Kind: InvalidInput, Status: 400, Msg: "request body is neither JSON nor multipart/form-data",
				Resolution: "Send a JSON body, or multipart/form-data with payload_json."}
		}
		req.Body = append([]byte(nil), body...)
	}
	// Views into rc's headers: Do reads them synchronously and keeps none.
	req.Header = AppendRequestHeaders(hdr, &rc.Request.Header)
	if v := rc.Request.Header.Peek("X-Audit-Log-Reason"); len(v) > 0 {
		// Like every header the proxy reads: a second copy with another
		// value is refused, not silently dropped (which one Discord sees
		// would depend on the hop).
		for _, o := range rc.Request.Header.PeekAll("X-Audit-Log-Reason") {
			if !bytes.Equal(o, v) {
				return &Error{Kind: InvalidInput, Status: 400, Msg: "X-Audit-Log-Reason is repeated with different values",
					Resolution: "Send one X-Audit-Log-Reason header."}
			}
		}
		reason, err := url.PathUnescape(string(v))
		if err != nil {
			return &Error{Kind: InvalidInput, Status: 400, Msg: "X-Audit-Log-Reason is not URL-encoded UTF-8", Resolution: "URL-encode the reason."}
		}
		req.Reason = reason
	}
	return nil
}

// methodString returns the method as a constant for the common ones.
func methodString(m []byte) string {
	switch string(m) {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "PATCH":
		return "PATCH"
	case "PUT":
		return "PUT"
	case "DELETE":
		return "DELETE"
	}
	return string(m)
}

// Response header names the passthrough writes, canonical as fasthttp
// keeps them, so SetCanonical skips normalising them per answer.
var (
	hdrResponseSrc = []byte("X-Response-Src")
	srcDiscord     = []byte("discord")
	srcMCP         = []byte("mcp")
	forwardedKeys  = func() (keys [len(forwarded)][]byte) {
		for i, name := range forwarded {
			var h fasthttp.ResponseHeader
			h.Set(name, "x") // fasthttp's own spelling of the name
			for k := range h.All() {
				if strings.EqualFold(string(k), name) {
					keys[i] = append([]byte(nil), k...)
				}
			}
		}
		return keys
	}()
)

// writeRaw forwards Discord's answer: status, body and the headers a
// client's own limiter needs. The body is handed to fasthttp without a
// copy: resp gives it up (see Response.handOver) and takes fasthttp's
// previous buffer for its next use.
func writeRaw(rc *fasthttp.RequestCtx, resp *Response) {
	src := srcDiscord
	if resp.Remembered {
		src = srcMCP // Discord's earlier answer, given by the proxy
	}
	h := &rc.Response.Header
	h.SetCanonical(hdrResponseSrc, src)
	for _, f := range resp.Extra {
		h.Add(f.Name, f.Value) // Add: a repeated header stays repeated
	}
	for _, f := range resp.Header {
		if k := forwardedKey(f.Name); k != nil {
			h.SetCanonical(k, s2b(f.Value))
		} else {
			h.Set(f.Name, f.Value)
		}
	}
	rc.SetStatusCode(resp.Status)
	resp.handOver(rc.Response.SwapBody)
}

// forwardedKey returns the canonical key of a name in forwarded, or nil.
func forwardedKey(name string) []byte {
	for i, f := range forwarded {
		if f == name {
			return forwardedKeys[i]
		}
	}
	return nil
}
