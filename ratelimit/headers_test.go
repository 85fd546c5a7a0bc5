package ratelimit

import (
	"context"
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

// FuzzParseHeaders: any header values and body parse without panic into
// values the limiter can use: no negative or absurd waits, a limit only
// with a sane count, a bucket that does not alias the response buffer.
// Each result then goes through a Limiter, which must not panic either.
func FuzzParseHeaders(f *testing.F) {
	f.Add(200, "5", "1", "1470173023.123", "1.2", "abcd1234", "", "", "", []byte(nil))
	f.Add(429, "", "", "", "", "", "65", "true", "global", []byte(`{"message":"You are being rate limited.","retry_after":64.57,"global":true}`))
	f.Add(429, "5", "0", "", "64.57", "h", "1337", "", "shared", []byte(`{"retry_after":1336.57,"global":false}`))
	f.Add(429, "x", "-1", "NaN", "Inf", "", "-5", "TRUE", "weird", []byte(`<html>banned</html>`))
	f.Add(200, "999999999", "999999999", "1e300", "9e18", "0123456789012345678901234567890123456789012345678901234567890123456789", "1e-9", "true", "user", []byte(`{"retry_after":1e308}`))
	f.Add(429, "0", "0", "0", "0", "\x00", "0", "", "", []byte(`{"retry_after":"1","global":1}`))
	f.Fuzz(func(t *testing.T, status int, limit, remaining, reset, resetAfter, bucket, retryAfter, global, scope string, body []byte) {
		vals := map[string][]byte{
			HeaderLimit: []byte(limit), HeaderRemaining: []byte(remaining), HeaderReset: []byte(reset),
			HeaderResetAfter: []byte(resetAfter), HeaderBucket: []byte(bucket), HeaderRetryAfter: []byte(retryAfter),
			HeaderGlobal: []byte(global), HeaderScope: []byte(scope),
		}
		h := ParseHeaders(status, func(name string) []byte { return vals[name] }, body)
		if h.Status != status {
			t.Errorf("Status %d, want %d", h.Status, status)
		}
		if h.HasLimit && (h.Limit <= 0 || h.Remaining < 0) {
			t.Errorf("HasLimit with Limit %d, Remaining %d", h.Limit, h.Remaining)
		}
		if !h.HasLimit && (h.Limit != 0 || h.Remaining != 0) {
			t.Errorf("no limit, but Limit %d, Remaining %d", h.Limit, h.Remaining)
		}
		if h.ResetAfter < 0 || h.RetryAfter < 0 || (!h.Reset.IsZero() && h.Reset.Before(time.Unix(0, 0))) {
			t.Errorf("negative time: %+v", h)
		}
		switch h.Scope {
		case "", "user", "global", "shared":
		default:
			t.Errorf("Scope %q", h.Scope)
		}
		if len(h.Bucket) > 64 || (h.Bucket != "" && h.Bucket != bucket) {
			t.Errorf("Bucket %q from %q", h.Bucket, bucket)
		}
		if b := vals[HeaderBucket]; len(b) > 0 && h.Bucket != "" {
			saved := h.Bucket
			for i := range b {
				b[i] ^= 0xff // the caller's buffer is reused
			}
			if h.Bucket != saved {
				t.Error("Bucket aliases the header buffer")
			}
		}
		// The limiter takes whatever it parsed.
		l := New(Options{MaxWait: time.Millisecond})
		r := Request{Token: "t", Method: "GET", Route: "/r", Major: "1", Global: true}
		for range 3 {
			p, err := l.Acquire(context.Background(), r)
			if err != nil {
				break
			}
			p.Done(h)
		}
	})
}
