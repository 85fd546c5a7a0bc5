package ratelimit

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/tidwall/gjson"
)

// Headers is what a response tells the limiter. The caller parses it
// (ParseHeaders helps) so the limiter never sees an HTTP response.
type Headers struct {
	Status int

	HasLimit   bool // X-RateLimit-Limit and -Remaining were present and valid
	Limit      int
	Remaining  int
	ResetAfter time.Duration // X-RateLimit-Reset-After
	Reset      time.Time     // X-RateLimit-Reset

	// Bucket is X-RateLimit-Bucket. It must not alias a response buffer
	// (fasthttp reuses them): the caller copies it, ParseHeaders does.
	Bucket string

	// RetryAfter is the longer of the Retry-After header and the 429 body's
	// retry_after: Discord's shared-scope example sends a Retry-After much
	// longer than Reset-After, and Retry-After is what to wait.
	RetryAfter time.Duration

	Global bool   // X-RateLimit-Global: true, or "global": true in the body
	Scope  string // X-RateLimit-Scope: "user", "global" or "shared"
}

// Header names, as Discord sends them.
const (
	HeaderLimit      = "X-RateLimit-Limit"
	HeaderRemaining  = "X-RateLimit-Remaining"
	HeaderReset      = "X-RateLimit-Reset"
	HeaderResetAfter = "X-RateLimit-Reset-After"
	HeaderBucket     = "X-RateLimit-Bucket"
	HeaderGlobal     = "X-RateLimit-Global"
	HeaderScope      = "X-RateLimit-Scope"
	HeaderRetryAfter = "Retry-After"
)

// ParseHeaders reads the rate-limit headers through get (for fasthttp,
// resp.Header.Peek) and, on a 429, the JSON body's retry_after and global.
// Malformed values are treated as absent: a bad header must not stall or
// open a bucket. The strings it returns are copies: get's answers may be
// reused once it returns.
func ParseHeaders(status int, get func(name string) []byte, body []byte) Headers {
	return parseHeaders(status, get, body, func(b []byte) string { return string(b) })
}

// ParseHeaders is the package's ParseHeaders, with the bucket hashes this
// Limiter has seen interned: parsing an answer allocates nothing.
func (l *Limiter) ParseHeaders(status int, get func(name string) []byte, body []byte) Headers {
	return parseHeaders(status, get, body, l.hashNames.intern)
}

func parseHeaders(status int, get func(name string) []byte, body []byte, copyHash func([]byte) string) Headers {
	h := Headers{Status: status}
	limit, okL := parseInt(get(HeaderLimit))
	remaining, okR := parseInt(get(HeaderRemaining))
	if okL && okR && limit > 0 && remaining >= 0 {
		h.HasLimit, h.Limit, h.Remaining = true, limit, remaining
	}
	if d, ok := parseSeconds(get(HeaderResetAfter)); ok {
		h.ResetAfter = d
	}
	if d, ok := parseSeconds(get(HeaderReset)); ok {
		h.Reset = time.Unix(0, 0).Add(d)
	}
	if b := get(HeaderBucket); len(b) > 0 && len(b) <= 64 {
		h.Bucket = copyHash(b)
	}
	if d, ok := parseSeconds(get(HeaderRetryAfter)); ok {
		h.RetryAfter = d
	}
	h.Global = string(get(HeaderGlobal)) == "true"
	switch string(get(HeaderScope)) { // constants, never a copy of the buffer
	case "user":
		h.Scope = "user"
	case "global":
		h.Scope = "global"
	case "shared":
		h.Scope = "shared"
	}
	if status == 429 && len(body) > 0 && gjson.ValidBytes(body) {
		if ra := gjson.GetBytes(body, "retry_after"); ra.Type == gjson.Number {
			if d, ok := secondsToDuration(ra.Float()); ok && d > h.RetryAfter {
				h.RetryAfter = d
			}
		}
		if gjson.GetBytes(body, "global").Type == gjson.True {
			h.Global = true
		}
	}
	return h
}

func parseInt(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(string(b))
	return n, err == nil
}

func parseSeconds(b []byte) (time.Duration, bool) {
	if len(b) == 0 || len(b) > 32 {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, false
	}
	return secondsToDuration(f)
}

// secondsToDuration refuses negative, NaN and absurd values (over ~30 years
// for epochs, which is fine; Inf would overflow).
func secondsToDuration(f float64) (time.Duration, bool) {
	if math.IsNaN(f) || f < 0 || f > float64(math.MaxInt64/int64(time.Second)/2) {
		return 0, false
	}
	// Round to the microsecond: 64.57 must not become 64.569999999s.
	return time.Duration(math.Round(f*1e6)) * time.Microsecond, true
}

// interner keeps one copy of each bucket hash seen (Discord has a few
// hundred), so parsing a known one allocates nothing. mu guards m.
type interner struct {
	mu sync.RWMutex
	m  map[string]string
}

// maxInterned bounds the table; past it hashes are copied each time.
const maxInterned = 1 << 14

func (in *interner) intern(b []byte) string {
	in.mu.RLock()
	s, ok := in.m[string(b)]
	in.mu.RUnlock()
	if ok {
		return s
	}
	s = string(b)
	in.mu.Lock()
	if in.m == nil {
		in.m = map[string]string{}
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	in.mu.Unlock()
	return s
}
