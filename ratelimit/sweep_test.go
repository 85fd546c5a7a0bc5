package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// sizes counts the entries of every map the limiter and its memory store
// keep.
func (l *Limiter) sizes() map[string]int {
	n := map[string]int{}
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		n["routes"] += len(s.routes)
		n["hashes"] += len(s.hashes)
		s.mu.Unlock()
	}
	l.probesMu.Lock()
	n["probes"] = len(l.probes)
	l.probesMu.Unlock()
	ms := l.store.(*memoryStore)
	ms.mu.Lock()
	defer ms.mu.Unlock()
	n["store hashes"], n["global"], n["invalid"], n["status"] = len(ms.hashes), len(ms.global), len(ms.invalid), len(ms.status)
	return n
}

// TestSweepShrinksIdleState: after traffic on 100 channels and 20 bogus
// tokens, an idle spell past the resets and the invalid window leaves
// only what is still in use: one request in flight and the tokens
// Discord accepted.
func TestSweepShrinksIdleState(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{})
		for i := 0; i < 100; i++ {
			for _, route := range []string{"/channels/{channel_id}/messages", "/channels/{channel_id}"} {
				r := Request{Token: "tok", Method: "GET", Route: route, Major: fmt.Sprint(i), Global: true}
				mustAcquire(t, l, r).Done(limitHeaders(5, 4, time.Second, "h"+route))
			}
		}
		for i := 0; i < 20; i++ {
			r := req("/m")
			r.Token = fmt.Sprintf("bogus%d", i)
			mustAcquire(t, l, r).Done(Headers{Status: 401})
		}
		busy := mustAcquire(t, l, Request{Token: "tok", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "0", Global: true})
		before := l.sizes()

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); l.SweepEvery(ctx, time.Minute) }()
		time.Sleep(11 * time.Minute) // past every reset and the invalid window
		cancel()
		wg.Wait()
		after := l.sizes()
		t.Logf("before %v\nafter  %v", before, after)
		want := map[string]int{"routes": 1, "hashes": 0, "probes": 1, "store hashes": 0, "global": 0, "invalid": 0, "status": 3}
		for k, v := range want {
			if after[k] != v {
				t.Errorf("%s: %d after the sweep (%d before), want %d", k, after[k], before[k], v)
			}
		}

		// What was swept starts over; what was in flight ends as usual.
		busy.Done(limitHeaders(5, 4, time.Second, ""))
		r := Request{Token: "tok", Method: "GET", Route: "/channels/{channel_id}/messages", Major: "7", Global: true}
		mustAcquire(t, l, r).Done(limitHeaders(5, 4, time.Second, "h"))
		bad := req("/m")
		bad.Token = "bogus3"
		mustAcquire(t, l, bad).Done(Headers{Status: 401}) // forgotten after its window: one more try
		if _, err := l.Acquire(context.Background(), bad); err == nil {
			t.Error("a token rejected again was let through")
		}
	})
}

// TestSweepDuringTraffic: sweeping every few milliseconds, nothing idle
// kept, while requests come and go never lets a window run over.
func TestSweepDuringTraffic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{GlobalPerSecond: 1 << 30, MaxWait: time.Minute})
		f := &fakeWindow{limit: 5, period: 100 * time.Millisecond}
		ctx, cancel := context.WithCancel(context.Background())
		go l.SweepEvery(ctx, 3*time.Millisecond)
		drive(l, f, 3, 40*time.Millisecond, time.Now().Add(5*time.Second))
		cancel()
		if f.refused != 0 {
			t.Errorf("%d requests met a spent window", f.refused)
		}
		t.Logf("served %d", f.served)
	})
}
