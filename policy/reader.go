package policy

import (
	"bytes"
	"unsafe"
)

// Headers is how Scope reads a request's headers. PeekAll returns every
// value of the named header, in order, so that a repeated header cannot
// hide behind its first copy. The values may be views into the request's
// buffers: the returned slice may be reused by the next call, but the
// bytes it points to must stay as they are until ScopeOf returns. Scope
// copies what it keeps and never writes into them. *fasthttp.RequestHeader
// has this method (its values point into the parsed header, which
// PeekAll does not change), so the HTTP handlers pass it as it is.
type Headers interface {
	PeekAll(name string) [][]byte
}

// HeaderFunc adapts a getter of string values (stdio, tests) to Headers.
type HeaderFunc func(name string) []string

// PeekAll returns f's values as read-only views of its strings (Headers
// values are never written to), so a string getter costs no copies.
func (f HeaderFunc) PeekAll(name string) [][]byte {
	vals := f(name)
	if len(vals) == 0 {
		return nil
	}
	out := make([][]byte, len(vals))
	for i, v := range vals {
		out[i] = unsafe.Slice(unsafe.StringData(v), len(v))
	}
	return out
}

// maxInlineViews is how many security header values ScopeOf holds
// without allocating; a request sending more costs one allocation.
const maxInlineViews = 16

// headerViews is every security header's values, each header looked up
// once (a fasthttp look-up validates and normalises the name, which
// dominated the cost when each header was read twice).
type headerViews struct {
	span [len(securityHeaders)][2]int // into vals, per securityHeaders entry
	vals [][]byte
}

// gatherViews reads every security header from h, appending the views
// to buf. (None of securityHeaders is one fasthttp builds on demand, as
// Cookie or Host: their views point into the parsed header and stay put
// while the others are looked up.)
func gatherViews(h Headers, buf [][]byte) headerViews {
	hv := headerViews{vals: buf}
	for i, name := range &securityHeaders {
		from := len(hv.vals)
		hv.vals = append(hv.vals, h.PeekAll(name)...)
		hv.span[i] = [2]int{from, len(hv.vals)}
	}
	return hv
}

// peek returns the values of name, which must be one of securityHeaders.
func (hv *headerViews) peek(name string) [][]byte {
	sp := hv.span[securityIndex(name)]
	return hv.vals[sp[0]:sp[1]:sp[1]]
}

// securityIndex is name's index in securityHeaders (a switch: Go
// compiles it to a search by length and value, where a loop compared
// every name).
func securityIndex(name string) int {
	switch name {
	case hAuthorization:
		return 0
	case hAllowedMethods:
		return 1
	case hAllowedPaths:
		return 2
	case hTargetGuilds:
		return 3
	case hTargetChannels:
		return 4
	case hTargetUsers:
		return 5
	case hPermissionBits:
		return 6
	case hPrivilegedIntents:
		return 7
	case hAllowedMentions:
		return 8
	case hCurrentUser:
		return 9
	case hCurrentGuild:
		return 10
	case hCurrentChannel:
		return 11
	case hCurrentMessage:
		return 12
	case hOwnerAccess:
		return 13
	case hPrivilegedCall:
		return 14
	case hDebugMode:
		return 15
	case hToolsets:
		return 16
	case hImageModel:
		return 17
	}
	// A header Scope reads but checkControls would not see: a bug here,
	// never caller input.
	panic("policy: " + name + " is missing from securityHeaders")
}

// each calls f with every value of header name, then with the claim in cl
// that narrows like it (if any), as readNarrowing intersects them. With
// keep, f gets copies; without, views valid only during the call, for
// values f turns into bits and never keeps (error reasons quote, which
// copies).
func (hv *headerViews) each(cl *Claims, name string, keep bool, f func(v string) error) error {
	for _, b := range hv.peek(name) {
		v := unsafe.String(unsafe.SliceData(b), len(b))
		if keep {
			v = string(b)
		}
		if err := f(v); err != nil {
			return err
		}
	}
	if c, ok := cl.valueFor(name); ok {
		return f(c)
	}
	return nil
}

// headerStrings returns a header's values as strings (copies), nil when
// absent: for the headers most requests do not send.
func headerStrings(h *headerViews, name string) []string {
	vals := h.peek(name)
	if len(vals) == 0 {
		return nil
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// singleView returns the one value of a header that must not be repeated
// with different values (nil when absent), trimmed, as a view into vals.
// Callers copy it if they keep it.
func singleView(name string, vals [][]byte) ([]byte, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	v := bytes.TrimSpace(vals[0])
	for _, o := range vals[1:] {
		if !bytes.Equal(bytes.TrimSpace(o), v) {
			return nil, &HeaderError{name, "repeated with different values"}
		}
	}
	if len(v) == 0 {
		return nil, &HeaderError{name, "empty; omit the header instead"}
	}
	return v, nil
}

// sameValues reports whether every value equals the first, byte for byte
// (Authorization must not be repeated with different values).
func sameValues(vals [][]byte) bool {
	for _, o := range vals[1:] {
		if !bytes.Equal(o, vals[0]) {
			return false
		}
	}
	return true
}
