package ratelimit

import (
	"net/http"
	"testing"
	"time"
)

func getter(h http.Header) func(string) []byte {
	return func(name string) []byte { return []byte(h.Get(name)) }
}

func TestParseHeaders(t *testing.T) {
	// Discord's documented examples.
	ok := http.Header{}
	ok.Set("X-RateLimit-Limit", "5")
	ok.Set("X-RateLimit-Remaining", "1")
	ok.Set("X-RateLimit-Reset", "1470173023.123")
	ok.Set("X-RateLimit-Reset-After", "1.2")
	ok.Set("X-RateLimit-Bucket", "abcd1234")
	h := ParseHeaders(200, getter(ok), nil)
	if !h.HasLimit || h.Limit != 5 || h.Remaining != 1 || h.ResetAfter != 1200*time.Millisecond ||
		h.Bucket != "abcd1234" || h.Reset.UnixMilli() != 1470173023123 {
		t.Errorf("ParseHeaders(200) = %+v", h)
	}

	global := http.Header{}
	global.Set("Retry-After", "65")
	global.Set("X-RateLimit-Global", "true")
	global.Set("X-RateLimit-Scope", "global")
	h = ParseHeaders(429, getter(global), []byte(`{"message":"You are being rate limited.","retry_after":64.57,"global":true}`))
	if h.HasLimit || !h.Global || h.Scope != "global" || h.RetryAfter != 65*time.Second {
		t.Errorf("ParseHeaders(global 429) = %+v", h)
	}

	shared := http.Header{}
	shared.Set("Retry-After", "1337")
	shared.Set("X-RateLimit-Reset-After", "64.57")
	shared.Set("X-RateLimit-Scope", "shared")
	h = ParseHeaders(429, getter(shared), []byte(`{"message":"x","retry_after":1336.57,"global":false}`))
	if h.Global || h.Scope != "shared" || h.RetryAfter != 1337*time.Second || h.ResetAfter != 64570*time.Millisecond {
		t.Errorf("ParseHeaders(shared 429) = %+v", h)
	}

	// Body only (no Retry-After header): the body's float wins.
	h = ParseHeaders(429, getter(http.Header{}), []byte(`{"retry_after":0.25,"global":false}`))
	if h.RetryAfter != 250*time.Millisecond {
		t.Errorf("body retry_after: %v", h.RetryAfter)
	}

	// Garbage is absent, never a huge or negative wait.
	bad := http.Header{}
	bad.Set("X-RateLimit-Limit", "x")
	bad.Set("X-RateLimit-Remaining", "-1")
	bad.Set("X-RateLimit-Reset-After", "NaN")
	bad.Set("Retry-After", "-5")
	bad.Set("X-RateLimit-Scope", "weird")
	h = ParseHeaders(429, getter(bad), []byte(`<html>banned</html>`))
	if h.HasLimit || h.ResetAfter != 0 || h.RetryAfter != 0 || h.Scope != "" {
		t.Errorf("ParseHeaders(garbage) = %+v", h)
	}
	if e := (&Error{RetryAfter: 1500 * time.Millisecond, Reason: "r", Cause: ErrWaitTooLong}).Error(); e != "ratelimit: wait too long: r (retry after 1500 ms)" {
		t.Errorf("Error() = %q", e)
	}
}
