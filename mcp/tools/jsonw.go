package tools

import (
	"strconv"
	"sync"
	"unicode/utf8"
)

// buf is an append-style JSON writer. Results are built into pooled
// buffers rather than by encoding structs: the shapes are small and fixed.
type buf struct{ b []byte }

var bufPool = sync.Pool{New: func() any { return &buf{b: make([]byte, 0, 1024)} }}

func getBuf() *buf { w := bufPool.Get().(*buf); w.b = w.b[:0]; return w }
func putBuf(w *buf) {
	if cap(w.b) <= 64<<10 {
		bufPool.Put(w)
	}
}

// bytes returns a copy the caller may keep after putBuf.
func (w *buf) bytes() []byte { return append([]byte(nil), w.b...) }

func (w *buf) raw(s string) { w.b = append(w.b, s...) }
func (w *buf) byte(c byte)  { w.b = append(w.b, c) }
func (w *buf) str(s string) { w.b = appendString(w.b, s) }
func (w *buf) int(n int64)  { w.b = strconv.AppendInt(w.b, n, 10) }
func (w *buf) bool(v bool)  { w.b = strconv.AppendBool(w.b, v) }
func (w *buf) key(k string) { w.comma(); w.str(k); w.byte(':') }
func (w *buf) null()        { w.raw("null") }
func (w *buf) open(c byte)  { w.comma(); w.byte(c) }
func (w *buf) close(c byte) { w.byte(c) }

// comma writes a separator unless the previous byte opens a container or
// ends a key.
func (w *buf) comma() {
	if n := len(w.b); n > 0 {
		switch w.b[n-1] {
		case '{', '[', ':', ',':
		default:
			w.b = append(w.b, ',')
		}
	}
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		i += plainRun(s, i) // most text needs no escape: skip it a word at a time
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 break JavaScript consumers of JSON.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
