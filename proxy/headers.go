package proxy

import (
	"bytes"
	"strings"

	"github.com/valyala/fasthttp"
)

// Header forwarding for the raw passthrough: a Discord library's request
// headers go on to Discord, and Discord's response headers come back,
// except those that belong to one hop or to the proxy.

// hopByHop are the headers a proxy must not forward (RFC 9110 §7.6.1),
// plus those describing the message itself, which is re-framed (and
// re-encoded, for forms) on the way: Content-Length, Host.
var hopByHop = []string{
	"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length", "Host", "Expect",
}

// discordXHeaders are the X-* request headers Discord reads; every other
// X-* header is the proxy's own (X-Target-*, X-Privileged-Call…) or a
// forwarding header, and stays here.
var discordXHeaders = []string{"X-Audit-Log-Reason", "X-Discord-Locale", "X-RateLimit-Precision"}

// proxyOwned are request headers the proxy sets itself (the token, the
// body's type, the reason) or that concern only the hop to the proxy:
// cookies, the browser's Origin and Referer, claims about the client's
// address; Accept-Encoding, because the answer filter reads Discord's body
// as plain JSON.
var proxyOwned = []string{
	"Authorization", "Content-Type", "X-Audit-Log-Reason", "Cookie", "Origin", "Referer",
	"Accept-Encoding", "Forwarded", "Via", "True-Client-Ip", "Cf-Connecting-Ip",
}

func listed(list []string, name []byte) bool {
	for _, h := range list {
		if len(h) == len(name) && strings.EqualFold(h, string(name)) {
			return true
		}
	}
	return false
}

// ForwardableHeader reports whether the passthrough passes a caller's
// request header of this name on to Discord.
func ForwardableHeader(name []byte) bool {
	if listed(hopByHop, name) || listed(proxyOwned, name) {
		return false
	}
	if len(name) > 2 && (name[0] == 'X' || name[0] == 'x') && name[1] == '-' {
		return listed(discordXHeaders, name)
	}
	return true
}

// RequestHeaders collects the caller's forwardable headers, leaving out
// any named in its Connection header (those are hop-by-hop too).
func RequestHeaders(h *fasthttp.RequestHeader) []HeaderField {
	conn := h.Peek("Connection")
	var out []HeaderField
	for name, value := range h.All() {
		if !ForwardableHeader(name) || namedIn(conn, name) {
			continue
		}
		out = append(out, HeaderField{Name: string(name), Value: string(value)})
	}
	return out
}

// namedIn reports whether a Connection header value lists name.
func namedIn(conn, name []byte) bool {
	for len(conn) > 0 {
		var tok []byte
		tok, conn, _ = bytes.Cut(conn, []byte{','})
		if bytes.EqualFold(bytes.TrimSpace(tok), name) {
			return true
		}
	}
	return false
}

// answerOwned are response headers the proxy's server writes itself or
// that describe the hop: framing, its own Date and Server, and cookies
// set for Discord's domain.
var answerOwned = []string{"Date", "Server", "Set-Cookie", "Content-Encoding", "X-Response-Src"}

// extraHeaders copies Discord's response headers beyond the forwarded
// list, for the passthrough.
func extraHeaders(h *fasthttp.ResponseHeader) []HeaderField {
	var out []HeaderField
	for name, value := range h.All() {
		if listed(hopByHop, name) || listed(answerOwned, name) || listedForwarded(name) {
			continue
		}
		out = append(out, HeaderField{Name: string(name), Value: string(value)})
	}
	return out
}

func listedForwarded(name []byte) bool { return listed(forwarded[:], name) }
