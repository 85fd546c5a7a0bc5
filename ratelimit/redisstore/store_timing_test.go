package redisstore

import (
	"context"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore/redistest"
)

// BenchmarkAcquireDoneRedis is the limiter's acquire path with the Redis
// store against a local redis-server: a known bucket with room, a token
// Discord accepted. It reports Redis round trips per Acquire+Done (one
// to admit, one to report the answer; the token's status, invalid counts
// and bucket hash come from the store's cache).
func BenchmarkAcquireDoneRedis(b *testing.B) {
	benchAcquire(b, false)
}

func BenchmarkAcquireDoneRedisParallel(b *testing.B) {
	benchAcquire(b, true)
}

func benchAcquire(b *testing.B, parallel bool) {
	s, err := New(Options{URL: redistest.Shared(b), KeyPrefix: redistest.Prefix(b)})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	l := ratelimit.New(ratelimit.Options{GlobalPerSecond: 1 << 30, Store: s})
	l.Trust("t")
	r := ratelimit.Request{Token: "t", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "1", Global: true}
	headers := map[string][]byte{
		ratelimit.HeaderLimit: []byte("1000000000"), ratelimit.HeaderRemaining: []byte("999999999"),
		ratelimit.HeaderResetAfter: []byte("3600.000"), ratelimit.HeaderBucket: []byte("abcd"),
	}
	get := func(name string) []byte { return headers[name] }
	cycle := func() bool {
		p, err := l.Acquire(context.Background(), r)
		if err != nil {
			b.Error(err) // not Fatal: RunParallel's goroutines call it too
			return false
		}
		p.Done(l.ParseHeaders(200, get, nil))
		return true
	}
	if !cycle() { // learn the bucket and its hash
		return
	}
	before := s.Stats().RoundTrips
	b.ReportAllocs()
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() && cycle() {
			}
		})
	} else {
		for i := 0; i < b.N && cycle(); i++ {
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(s.Stats().RoundTrips-before)/float64(b.N), "roundtrips/op")
	if st := s.Stats(); st.Errors != 0 {
		b.Fatalf("Redis errors: %+v", st)
	}
}
