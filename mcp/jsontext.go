package mcp

import (
	"math/bits"
	"unicode/utf8"
)

// appendJSONText appends src as a JSON string, without encoding/json's
// reflection and its copy: a tool's text content is its structured JSON
// again, often tens of kilobytes, escaped on every call. The output is
// byte for byte what encoding/json writes (HTML-safe <, > and &; U+2028
// and U+2029 escaped; invalid UTF-8 as U+FFFD), so clients see no change.
func appendJSONText[T ~string | ~[]byte](dst []byte, src T) []byte {
	dst = append(dst, '"')
	return append(appendJSONBody(dst, src), '"')
}

// appendJSONBody appends src escaped as the inside of a JSON string.
func appendJSONBody[T ~string | ~[]byte](dst []byte, src T) []byte {
	start := 0
	for i := 0; i < len(src); {
		// Plain ASCII is skipped eight bytes at a time (written out here:
		// a call per escaped byte costs as much as the scan saves).
		for i+8 <= len(src) {
			// Marks (high bit of each byte) the bytes below 0x20, the
			// non-ASCII ones and the five escaped; borrows only mark bytes
			// above a true match, so the lowest mark is exact.
			w := load64(src, i)
			m := ((w-swarOnes*0x20)&^w | w | byteEq(w, '"') | byteEq(w, '\\') | byteEq(w, '<') | byteEq(w, '>') | byteEq(w, '&')) & swarHighs
			if m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		for i < len(src) && src[i] < utf8.RuneSelf && !asciiNeedsEscape(src[i]) {
			i++
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		if c < utf8.RuneSelf {
			dst = append(dst, src[start:i]...)
			dst = appendEscapedASCII(dst, c)
			i++
			start = i
			continue
		}
		// At most 4 bytes, so the conversion stays on the stack.
		r, size := utf8.DecodeRuneInString(string(src[i:min(i+utf8.UTFMax, len(src))]))
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, src[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but line breaks to JavaScript.
			dst = append(dst, src[start:i]...)
			dst = append(dst, `\u202`...)
			dst = append(dst, hexDigit[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, src[start:]...)
}

const hexDigit = "0123456789abcdef"

// load64 reads src[i:i+8] little-endian; the compiler merges the loads.
func load64[T ~string | ~[]byte](src T, i int) uint64 {
	s := src[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// byteEq marks (in each byte's high bit, among others) the bytes of w equal to c.
func byteEq(w uint64, c byte) uint64 {
	x := w ^ (swarOnes * uint64(c))
	return (x - swarOnes) &^ x
}

// asciiNeedsEscape: quotes, backslashes, control characters, and the
// HTML-special <, > and & (the text may be shown inside HTML).
func asciiNeedsEscape(c byte) bool { return escapeASCII[c] }

// escapeASCII is asciiNeedsEscape as a table, read in the hot loop; it is
// never written after init.
var escapeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = true
	}
	return t
}()

func appendEscapedASCII(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigit[c>>4], hexDigit[c&0xf])
}
