package ratelimit

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

var okHeaders = Headers{Status: 200, HasLimit: true, Limit: 1 << 30, Remaining: 1 << 29, ResetAfter: time.Hour}

func BenchmarkAcquireDone(b *testing.B) {
	l := New(Options{GlobalPerSecond: 1 << 30})
	r := Request{Token: "t", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "1", Global: true}
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
			Major: strconv.FormatInt(next.Add(1), 10), Global: true}
		for pb.Next() {
			p, err := l.Acquire(ctx, r)
			if err != nil {
				b.Fatal(err)
			}
			p.Done(okHeaders)
		}
	})
}
