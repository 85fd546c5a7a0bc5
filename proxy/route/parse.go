package route

import (
	"time"
	"unicode/utf8"
)

// MaxPathLen bounds the raw path Parse accepts. Discord's longest template
// filled with 20-digit ids is under 200 bytes; a webhook token is ~70.
const MaxPathLen = 1024

// maxSegs bounds the segments Parse tries to match against templates
// (Discord's deepest has 8); deeper paths are unknown routes.
const maxSegs = 12

// methodBit is a set of methods; one bit each.
type methodBit uint8

const (
	mGET methodBit = 1 << iota
	mPOST
	mPUT
	mPATCH
	mDELETE
)

// templateRow is one line of the generated table.
type templateRow struct {
	template string
	methods  methodBit
}

func methodOf(m string) methodBit {
	switch m {
	case "GET":
		return mGET
	case "POST":
		return mPOST
	case "PUT":
		return mPUT
	case "PATCH":
		return mPATCH
	case "DELETE":
		return mDELETE
	}
	return 0
}

// Parse normalises a request line and matches it to Discord's templates.
// path is the raw request path as sent on the wire (percent-encoded), without
// the query. A leading /api or /api/vN is stripped. Anything that cannot be
// normalised safely is refused with a *PathError wrapping ErrUnsafePath,
// ErrPathTooLong or ErrMethod; a trailing slash is refused rather than
// stripped, because Discord answers 404 to most routes with one and
// stripping it would make the proxy succeed where Discord would not.
// Case is kept: templates are lower case, so /Channels/1 is an unknown route.
//
// An unknown but well-formed path parses with Known=false and a generic
// template and major parameter (see [Route.Known]); policy decides whether
// it may pass.
//
// Parse reads the clock only for DELETE of a message, to decide whether it
// is older than 14 days (see [ParseAt]).
func Parse(method, path string) (Route, error) {
	return parse(method, path, time.Time{})
}

// ParseAt is Parse with the time used for the 14-day message rule, for tests
// and callers that already hold a timestamp. A zero now means time.Now.
func ParseAt(method, path string, now time.Time) (Route, error) {
	return parse(method, path, now)
}

func parse(method, path string, now time.Time) (Route, error) {
	m := methodOf(method)
	if m == 0 {
		return Route{}, &PathError{Method: method, Path: path, Pos: -1, Reason: "want GET, POST, PUT, PATCH or DELETE", Err: ErrMethod}
	}
	if err := check(method, path); err != nil {
		return Route{}, err
	}
	p, ok := stripPrefix(path)
	if !ok {
		return Route{}, unsafePath(method, path, -1, "no route after the /api prefix")
	}

	var sp split
	sp.split(p)
	r := Route{Method: method, Path: p}
	if !sp.overflow && matchKnown(&r, &sp, m) {
		if r.special == specMessage && m == mDELETE && isOldMessage(r.Params[1].Value, now) {
			r.special = specOldMessageDelete
		}
		return r, nil
	}
	generic(&r, &sp)
	return r, nil
}

// split holds a path's segments as substrings, and where each starts, so the
// "id/token" major key can be sliced from the path without copying.
type split struct {
	segs     [maxSegs]string
	off      [maxSegs]int
	n        int
	overflow bool // more than maxSegs segments: never a known route
}

func (sp *split) split(p string) {
	start := 1
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		if sp.n == maxSegs {
			sp.overflow = true
			return
		}
		sp.segs[sp.n] = p[start:i]
		sp.off[sp.n] = start
		sp.n++
		start = i + 1
	}
}

// stripPrefix removes "/api" and "/api/vN" (N decimal digits). It reports
// false when nothing is left.
func stripPrefix(p string) (string, bool) {
	if len(p) < 4 || p[:4] != "/api" || (len(p) > 4 && p[4] != '/') {
		return p, true
	}
	p = p[4:]
	if len(p) >= 3 && p[1] == 'v' {
		j := 2
		for j < len(p) && j < 6 && p[j] >= '0' && p[j] <= '9' {
			j++
		}
		if j > 2 && (j == len(p) || p[j] == '/') {
			p = p[j:]
		}
	}
	return p, p != ""
}

// check refuses every path whose meaning could differ between this proxy's
// policy (which matches the path as written) and Discord or anything in
// between (which may decode, collapse or trim it).
func check(method, path string) error {
	if len(path) > MaxPathLen {
		return &PathError{Method: method, Path: path, Pos: MaxPathLen, Reason: "longer than MaxPathLen", Err: ErrPathTooLong}
	}
	if path == "" || path[0] != '/' {
		return unsafePath(method, path, 0, "path must start with /")
	}
	var u [utf8.UTFMax]byte // percent-decoded bytes of a pending UTF-8 sequence
	nu := 0
	start := 1
	for i := 1; i <= len(path); i++ {
		if i == len(path) || path[i] == '/' {
			if nu > 0 {
				return unsafePath(method, path, i, "truncated percent-encoded UTF-8")
			}
			if reason := checkSegment(path[start:i], i == len(path)); reason != "" {
				return unsafePath(method, path, start, reason)
			}
			start = i + 1
			continue
		}
		c := path[i]
		if c != '%' {
			if nu > 0 {
				return unsafePath(method, path, i, "truncated percent-encoded UTF-8")
			}
			if reason := rawReason(c); reason != "" {
				return unsafePath(method, path, i, reason)
			}
			continue
		}
		if i+2 >= len(path) || unhex(path[i+1]) < 0 || unhex(path[i+2]) < 0 {
			return unsafePath(method, path, i, "malformed percent escape")
		}
		b := byte(unhex(path[i+1])<<4 | unhex(path[i+2]))
		if b >= utf8.RuneSelf {
			// Encoded UTF-8 is legitimate (emoji names); it must decode to
			// valid runes so nobody downstream can reinterpret it.
			u[nu] = b
			nu++
			if utf8.FullRune(u[:nu]) {
				if r, size := utf8.DecodeRune(u[:nu]); r == utf8.RuneError || size != nu {
					return unsafePath(method, path, i, "invalid percent-encoded UTF-8")
				}
				nu = 0
			}
		} else {
			if nu > 0 {
				return unsafePath(method, path, i, "truncated percent-encoded UTF-8")
			}
			if reason := encodedReason(b); reason != "" {
				return unsafePath(method, path, i, reason)
			}
		}
		i += 2
	}
	return nil
}

func checkSegment(seg string, last bool) string {
	switch {
	case seg == "" && last:
		return "trailing slash"
	case seg == "":
		return "empty segment"
	case seg == "." || seg == "..":
		return "dot segment"
	case seg[len(seg)-1] == '.':
		// Some servers and CDNs trim trailing dots: "messages." would reach
		// Discord as "messages" while policy saw something else.
		return "segment ends with a dot"
	}
	return ""
}

// rawReason says why an unencoded path byte is refused, or "".
func rawReason(c byte) string {
	switch {
	case c == 0:
		return "NUL byte"
	case c < 0x20 || c == 0x7f:
		return "control character"
	case c >= utf8.RuneSelf:
		return "non-ASCII byte (must be percent-encoded)"
	case c == '?' || c == '#':
		return "query or fragment in path"
	case c == '\\':
		return "backslash"
	case !pchar[c]:
		return "character not allowed in a path"
	}
	return ""
}

// encodedReason says why a percent-escape decoding to ASCII b is refused.
func encodedReason(b byte) string {
	switch {
	case b == '/':
		return "encoded slash"
	case b == '\\':
		return "encoded backslash"
	case b == '.':
		return "encoded dot"
	case b == '%':
		return "encoded percent (double encoding)"
	case b < 0x20 || b == 0x7f:
		return "encoded control character"
	case unreserved(b):
		// Not dangerous in itself, but "m%65ssages" is "messages" to Discord
		// and not to a policy pattern: one spelling per path.
		return "needlessly encoded unreserved character"
	}
	return ""
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '~' || c == '.'
}

// pchar marks the bytes RFC 3986 allows unencoded in a path segment.
var pchar = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = unreserved(byte(c))
	}
	for _, c := range []byte("!$&'()*+,;=:@") {
		t[c] = true
	}
	return t
}()

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// isSnowflake reports whether s has the shape of a Discord id: 1 to 20
// decimal digits, no leading zero. "0123" is refused rather than read as
// 123: Discord would read it so, while string comparisons (the current
// channel, X-Target-*) would not.
func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// discordEpochMs is the first millisecond of 2015, where snowflake time starts.
const discordEpochMs = 1420070400000

// oldMessageAge is how old a message must be for DELETE to use Discord's
// slower bucket (and the age past which bulk delete refuses it).
const oldMessageAge = 14 * 24 * time.Hour

// SnowflakeTime returns the creation time encoded in a snowflake id, and
// false if id is not a valid one.
func SnowflakeTime(id string) (time.Time, bool) {
	if !isSnowflake(id) {
		return time.Time{}, false
	}
	var v uint64
	for i := 0; i < len(id); i++ {
		d := uint64(id[i] - '0')
		if v > (1<<64-1-d)/10 {
			return time.Time{}, false // overflows uint64
		}
		v = v*10 + d
	}
	return time.UnixMilli(int64(v>>22) + discordEpochMs), true
}

func isOldMessage(id string, now time.Time) bool {
	t, ok := SnowflakeTime(id)
	if !ok {
		return false
	}
	if now.IsZero() {
		now = time.Now()
	}
	return now.Sub(t) > oldMessageAge
}
