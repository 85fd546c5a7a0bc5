package proxy

import (
	"bytes"
	"strings"
	"unsafe"

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

// The lists are looked up by lower-cased name: one map probe per header
// instead of a case-insensitive comparison with every listed name.
var (
	requestDropped = lowerSet(hopByHop, proxyOwned)
	discordX       = lowerSet(discordXHeaders)
)

func lowerSet(lists ...[]string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, h := range l {
			m[strings.ToLower(h)] = true
		}
	}
	return m
}

// maxListedName is longer than any listed name: a longer one is none.
const maxListedName = 32

// lower writes name's ASCII lower case into dst; ok is false when name is
// too long to be a listed one.
func lower(dst *[maxListedName]byte, name []byte) (out []byte, ok bool) {
	if len(name) > len(dst) {
		return nil, false
	}
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return dst[:len(name)], true
}

// ForwardableHeader reports whether the passthrough passes a caller's
// request header of this name on to Discord.
func ForwardableHeader(name []byte) bool {
	var scratch [maxListedName]byte
	low, ok := lower(&scratch, name)
	if ok && requestDropped[string(low)] {
		return false
	}
	if len(name) > 2 && (name[0] == 'X' || name[0] == 'x') && name[1] == '-' {
		return ok && discordX[string(low)]
	}
	return true
}

// AppendRequestHeaders appends the caller's forwardable headers to dst,
// leaving out any named in its Connection header (those are hop-by-hop
// too). Names and values are views into h, valid while h is unchanged: for
// the passthrough, during its synchronous call to Do.
func AppendRequestHeaders(dst []HeaderField, h *fasthttp.RequestHeader) []HeaderField {
	conn := h.Peek("Connection")
	for name, value := range h.All() {
		if !ForwardableHeader(name) || namedIn(conn, name) {
			continue
		}
		dst = append(dst, HeaderField{Name: b2s(name), Value: b2s(value)})
	}
	return dst
}

// b2s views bytes as a string; the bytes must not change while it is used.
func b2s(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
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

// Classes of a response header (answerClass): an index into forwarded,
// or one of these.
const (
	classDropped = -1 // hop-by-hop or the proxy's own: never passed on
	classExtra   = -2 // passed on by the passthrough only
)

// answerClasses maps lower-cased response header names to their class.
var answerClasses = func() map[string]int {
	m := map[string]int{}
	for _, h := range append(append([]string(nil), hopByHop...), answerOwned...) {
		m[strings.ToLower(h)] = classDropped
	}
	for i, h := range forwarded {
		m[strings.ToLower(h)] = i
	}
	return m
}()

// answerClass sorts one of Discord's response headers.
func answerClass(name []byte) int {
	var scratch [maxListedName]byte
	low, ok := lower(&scratch, name)
	if !ok {
		return classExtra
	}
	if c, listed := answerClasses[string(low)]; listed {
		return c
	}
	return classExtra
}

// canonicalName reports whether name is in fasthttp's canonical form (a
// token, upper case first and after each '-', lower case elsewhere), which
// SetCanonical may take as it is.
func canonicalName(name string) bool {
	if name == "" {
		return false
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z':
			if upper {
				return false
			}
		case 'A' <= c && c <= 'Z':
			if !upper {
				return false
			}
		case !tokenByte(c):
			return false
		}
		upper = c == '-'
	}
	return true
}

// tokenByte reports a non-letter byte allowed in a header name (RFC 9110
// tchar).
func tokenByte(c byte) bool {
	return '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
