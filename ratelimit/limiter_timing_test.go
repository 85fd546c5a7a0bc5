package ratelimit

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

var okHeaders = Headers{Status: 200, HasLimit: true, Limit: 1 << 30, Remaining: 1 << 29, ResetAfter: time.Hour}

// The benchmarks' requests prove the token (ProvesToken), as a message
// route's answer does: without it the token is never accepted and every
// request is the unknown token's probe, which is not the steady state.

func BenchmarkAcquireDone(b *testing.B) {
	l := New(Options{GlobalPerSecond: 1 << 30})
	r := Request{Token: "t", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "1", Global: true, ProvesToken: true}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p, err := l.Acquire(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		p.Done(okHeaders)
	}
}

func BenchmarkAcquireDoneParallel(b *testing.B) {
	l := New(Options{GlobalPerSecond: 1 << 30})
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		// Each goroutine its own bucket (its own major parameter).
		r := Request{Token: "t", Method: "POST", Route: "/channels/{channel_id}/messages",
			Major: strconv.FormatInt(next.Add(1), 10), Global: true, ProvesToken: true}
		for pb.Next() {
			p, err := l.Acquire(ctx, r)
			if err != nil {
				b.Fatal(err)
			}
			p.Done(okHeaders)
		}
	})
}
