package policy

import (
	"bytes"
	"unsafe"
)

// Headers is how Scope reads a request's headers. PeekAll returns every
// value of the named header, in order, so that a repeated header cannot
// hide behind its first copy. The values may be views into the request's
// buffers, valid only until the next PeekAll: Scope copies what it keeps
// and never writes into them. *fasthttp.RequestHeader has this method, so
// the HTTP handlers pass their request header as it is.
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

// headerStrings returns a header's values as strings (copies), nil when
// absent: for the headers most requests do not send.
func headerStrings(h Headers, name string) []string {
	vals := h.PeekAll(name)
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
