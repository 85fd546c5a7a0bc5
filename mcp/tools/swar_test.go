package tools

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// refAppendString is appendString one byte at a time, as it was before
// the word-at-a-time skip: the reference the fast one must match.
func refAppendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// The word-at-a-time helpers agree with byte loops on every position of
// strings mixing plain text, quotes, backslashes, control bytes, non-ASCII
// and invalid UTF-8, at every alignment.
func TestWordScanMatchesBytes(t *testing.T) {
	alphabet := []string{"a", "Z", " ", "~", `"`, `\`, "\x00", "\x1f", "\n", "\x7f", "é", "\u2028", "🚀", "\xff", "\x80"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 3000; n++ {
		var sb strings.Builder
		for k := rng.IntN(40); k > 0; k-- {
			if rng.IntN(3) == 0 {
				sb.WriteString(alphabet[rng.IntN(len(alphabet))])
			} else {
				sb.WriteByte('a' + byte(rng.IntN(26)))
			}
		}
		s := sb.String()
		if got, want := string(appendString(nil, s)), string(refAppendString(nil, s)); got != want {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
		for from := 0; from <= len(s); from++ {
			wantQ := strings.IndexAny(s[from:], `"\`)
			if wantQ >= 0 {
				wantQ += from
			}
			if got := indexQuoteOrBackslash(s, from); got != wantQ {
				t.Fatalf("indexQuoteOrBackslash(%q, %d) = %d, want %d", s, from, got, wantQ)
			}
			run := 0
			for from+run < len(s) && s[from+run] >= 0x20 && s[from+run] < 0x80 && s[from+run] != '"' && s[from+run] != '\\' {
				run++
			}
			// plainRun finds the run's end exactly, or stops short only
			// where fewer than eight bytes are left to read as a word.
			if got := plainRun(s, from); got != run && (got > run || from+got+8 <= len(s)) {
				t.Fatalf("plainRun(%q, %d) = %d, plain run is %d", s, from, got, run)
			}
		}
	}
}
