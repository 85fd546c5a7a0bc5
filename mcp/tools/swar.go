package tools

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Eight bytes at a time: a projection spends most of its time finding
// where Discord's strings end and whether its own output needs escapes,
// and most bytes need neither. The masks set the high bit of each byte
// that matches; borrows can only mark bytes above the first true match,
// so the lowest set bit is exact.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// word reads s[i:i+8] as a little-endian word; the caller checks i+8 <= len(s).
func word(s string, i int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
}

// eqMask marks the bytes of w equal to c.
func eqMask(w uint64, c byte) uint64 {
	x := w ^ (ones * uint64(c))
	return (x - ones) &^ x & highs
}

// firstMarked is the index of the lowest marked byte of a non-zero mask.
func firstMarked(m uint64) int { return bits.TrailingZeros64(m) / 8 }

// indexQuoteOrBackslash is the index of the first '"' or '\\' in s at or
// after from, or -1.
func indexQuoteOrBackslash(s string, from int) int {
	i := from
	for ; i+8 <= len(s); i += 8 {
		w := word(s, i)
		if m := eqMask(w, '"') | eqMask(w, '\\'); m != 0 {
			return i + firstMarked(m)
		}
	}
	for ; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			return i
		}
	}
	return -1
}

// plainRun is how many bytes from s[from] need no escape in a JSON
// string by appendString's rules (no control byte, quote, backslash or
// non-ASCII byte), counted eight at a time and stopping at the first
// word that holds one.
func plainRun(s string, from int) int {
	i := from
	for ; i+8 <= len(s); i += 8 {
		w := word(s, i)
		// Bytes below 0x20: the borrow trick on w-0x20 per byte, and
		// non-ASCII bytes by their own high bit.
		m := (w-ones*0x20)&^w&highs | w&highs | eqMask(w, '"') | eqMask(w, '\\')
		if m != 0 {
			return i + firstMarked(m) - from
		}
	}
	return i - from
}
