package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestSweepDropsChannelsReadOnce: many channels read once each (as a
// caller probing ids, answered 404 with the route's headers) leave no
// bucket behind once idle past their resets and a sweep.
func TestSweepDropsChannelsReadOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{})
		for i := 0; i < 3000; i++ {
			r := Request{Token: "tok", Method: "GET", Route: "/channels/{channel_id}", Major: fmt.Sprint(1_300_000_000_000_000_000 + i), Global: true, ProvesToken: true}
			h := limitHeaders(50, 49, time.Second, "4a3b9e41")
			h.Status = 404
			mustAcquire(t, l, r).Done(h)
		}
		before := l.sizes()
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); l.SweepEvery(ctx, 2*time.Second) }()
		time.Sleep(12 * time.Second)
		cancel()
		wg.Wait()
		after := l.sizes()
		t.Logf("before %v, after %v", before, after)
		if after["routes"] > 1 || after["hashes"] > 1 || after["store hashes"] > 1 {
			t.Errorf("idle state left after the sweep: %v (before %v)", after, before)
		}
	})
}
