package main

import (
	"strings"
	"testing"
)

// framerWhole feeds in to the framer in reads of size bytes and returns
// the requests it saw end and where it refused (-1: nowhere).
func framerWhole(in []byte, size int) (ended, refused int) {
	f := framer{firstLine: true}
	for off := 0; off < len(in); off += size {
		if i := f.scan(in[off:min(off+size, len(in))]); i >= 0 {
			return f.ended, off + i
		}
	}
	return f.ended, -1
}

// framerByByte is the reference: header bytes go through headerByte one
// at a time, as scan did before it took runs; other states through scan.
func framerByByte(in []byte) (ended, refused int) {
	f := framer{firstLine: true}
	for i, c := range in {
		if f.state == inHeaders {
			if c == '\n' && !f.prevCR || !f.headerByte(c) {
				return f.ended, i
			}
		} else if f.scan(in[i:i+1]) >= 0 {
			return f.ended, i
		}
	}
	return f.ended, -1
}

// FuzzFramerReadSizesAgree: scan takes runs of header bytes at once; fed
// the same stream in reads of any size it must refuse at the same byte
// and count the same requests as headerByte does a byte at a time (what
// scan did before, and what FuzzFramerMatchesFasthttp checked), bare LFs
// and overlong lines included.
func FuzzFramerReadSizesAgree(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bot x.y.z\r\nX-Privileged-Call: 1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n",
		"GET / HTTP/1.1\r\nX-Long: " + strings.Repeat("a", 2000) + "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\nContent-Length: " + strings.Repeat("1", 1100) + "\r\n\r\n",
		"POST /x HTTP/1.1\r\nContent-Length:" + strings.Repeat(" ", 1030) + "2\r\n\r\nokGET / HTTP/1.1\r\n\r\n",
		"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhe\nlo\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\r\n\r\n",
	} {
		f.Add([]byte(s), uint16(7))
	}
	f.Fuzz(func(t *testing.T, in []byte, size uint16) {
		wantEnded, wantRefused := framerByByte(in)
		for _, sz := range []int{1, int(size)%64 + 1, len(in) + 1} {
			if ended, refused := framerWhole(in, sz); ended != wantEnded || refused != wantRefused {
				t.Fatalf("reads of %d: %d requests, refused at %d; a byte at a time: %d, %d\n%q", sz, ended, refused, wantEnded, wantRefused, in)
			}
		}
	})
}

// TestFramerReadSizesAgree is the fuzz target's property on streams built
// from the pieces framing turns on (seeded, so every run checks the same
// few thousand).
func TestFramerReadSizesAgree(t *testing.T) {
	t.Parallel()
	pieces := []string{"\r\n", "\n", "\r", "GET / HTTP/1.1", "POST /x HTTP/1.1", "Host: h", "Content-Length: 3", "Content-Length:",
		"Transfer-Encoding: chunked", "3", "0", "abc", " ", strings.Repeat("a", 700), strings.Repeat(" ", 400), "X-A: b", ";x=y",
		"\r\nContent-Length: " + strings.Repeat(" ", 1100) + "3", "\r\nX-Long: " + strings.Repeat("b", 1100), "\r\n\r\n"}
	seed := uint64(1)
	next := func(n int) int { // xorshift: the same streams every run
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return int(seed % uint64(n))
	}
	for range 3000 {
		var b strings.Builder
		for range 1 + next(24) {
			b.WriteString(pieces[next(len(pieces))])
		}
		in := []byte(b.String())
		wantEnded, wantRefused := framerByByte(in)
		for _, sz := range []int{1, 1 + next(40), len(in) + 1} {
			if ended, refused := framerWhole(in, sz); ended != wantEnded || refused != wantRefused {
				t.Fatalf("reads of %d: %d requests, refused at %d; a byte at a time: %d, %d\n%q", sz, ended, refused, wantEnded, wantRefused, in)
			}
		}
	}
}
