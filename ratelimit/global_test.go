package ratelimit

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// checkSliding fails if any interval of GlobalWindow holds more than n of
// the (sorted) start times.
func checkSliding(t *testing.T, starts []time.Time, n int) {
	t.Helper()
	for i := 0; i+n < len(starts); i++ {
		if d := starts[i+n].Sub(starts[i]); d < GlobalWindow {
			t.Fatalf("%d requests started within %v (from #%d at %v)", n+1, d, i, starts[i].Sub(starts[0]))
		}
	}
}

// TestGlobalNeverOverInAnySecond: bursts from many goroutines at random
// times; no interval of a second (plus the margin) sees more than the
// limit start, wherever it begins, and a saturated token still gets
// about its limit per second.
func TestGlobalNeverOverInAnySecond(t *testing.T) {
	for _, perSecond := range []int{50, 7, 1000} {
		synctest.Test(t, func(t *testing.T) {
			l := newLimiter(Options{GlobalPerSecond: perSecond, MaxWait: time.Hour})
			rng := rand.New(rand.NewPCG(uint64(perSecond), 1))
			var (
				mu     sync.Mutex
				starts []time.Time
				wg     sync.WaitGroup
			)
			total := perSecond * 10
			begin := time.Now()
			for i := 0; i < total; i++ {
				delay := time.Duration(rng.IntN(3000)) * time.Millisecond
				if i%3 == 0 {
					delay = time.Duration(rng.IntN(3)) * time.Second // bursts at whole seconds
				}
				r := Request{Token: "tok", Method: "GET", Route: "/r", Major: string(rune('a' + i%20)), Global: true}
				wg.Add(1)
				time.AfterFunc(delay, func() {
					defer wg.Done()
					p, err := l.Acquire(context.Background(), r)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					starts = append(starts, time.Now())
					mu.Unlock()
					p.Done(Headers{Status: 200})
				})
			}
			wg.Wait()
			slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
			checkSliding(t, starts, perSecond)
			// Saturated from the start: the last of 10 limits' worth starts
			// within 10 windows.
			if took := starts[len(starts)-1].Sub(begin); took > 10*GlobalWindow {
				t.Errorf("%d at %d/s took %v", total, perSecond, took)
			}
		})
	}
}

// TestTakeGlobalStore: the store alone, with callers whose clocks disagree
// a little, a lock, and a limit far above what is sent (the log stays small).
func TestTakeGlobalStore(t *testing.T) {
	s := NewMemoryStore()
	base := time.Unix(1_700_000_000, 0)
	var starts []time.Time
	rng := rand.New(rand.NewPCG(3, 4))
	now := base
	for i := 0; i < 2000; i++ {
		now = now.Add(time.Duration(rng.IntN(40)) * time.Millisecond)
		// The caller read the clock a little earlier, and sleeps the wait
		// it gets from when it gets it.
		stale := time.Duration(rng.IntN(2000)) * time.Microsecond
		wait, ok := s.TakeGlobal("t", 50, now.Add(-stale), time.Hour)
		if !ok || wait < 0 {
			t.Fatalf("TakeGlobal = %v, %v", wait, ok)
		}
		starts = append(starts, now.Add(wait))
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	// Staleness delays a send like timer lateness: within the margin.
	for i := 0; i+50 < len(starts); i++ {
		if d := starts[i+50].Sub(starts[i]); d < GlobalWindow-2*time.Millisecond {
			t.Fatalf("51 requests sent within %v", d)
		}
	}

	s.LockGlobal("t", now.Add(time.Minute))
	if wait, ok := s.TakeGlobal("t", 50, now, time.Second); ok || wait < 59*time.Second {
		t.Errorf("under a lock: %v, %v", wait, ok)
	}
	if wait, ok := s.TakeGlobal("t", 50, now, 2*time.Minute); !ok || wait != time.Minute {
		t.Errorf("after a lock: %v, %v", wait, ok)
	}

	for i := 0; i < 100000; i++ {
		now = now.Add(37 * time.Microsecond)
		if wait, ok := s.TakeGlobal("big", 1<<30, now, 0); !ok || wait != 0 {
			t.Fatalf("a limit far above the traffic waited %v", wait)
		}
	}
	g := s.(*memoryStore).global["big"]
	if n := len(g.runs) - g.head; n > int(GlobalWindow/globalQuantum)+2 || cap(g.runs) > 4*int(GlobalWindow/globalQuantum) {
		t.Errorf("log of %d runs (cap %d) for one window", n, cap(g.runs))
	}
}
