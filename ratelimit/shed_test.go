package ratelimit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// queueOutcome runs n concurrent Acquires on one bucket after first (the
// probe, when the bucket is unknown) was granted, answers them all from
// Discord's window f, and reports, by the virtual time each Acquire
// ended, how many got a permit and how many failed.
func queueOutcome(t *testing.T, l *Limiter, f *fakeWindow, first *Permit, n int) (granted, failed map[time.Duration]int) {
	start := time.Now()
	granted, failed = map[time.Duration]int{}, map[time.Duration]int{}
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := l.Acquire(context.Background(), req("/m"))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if !errors.Is(err, ErrWaitTooLong) {
					t.Errorf("Acquire: %v", err)
				}
				failed[time.Since(start)]++
				return
			}
			granted[time.Since(start)]++
			p.Done(f.take(time.Now()))
		}()
	}
	synctest.Wait() // all queued (or failed at once on a known bucket)
	if first != nil {
		first.Done(f.take(time.Now()))
	}
	wg.Wait()
	return granted, failed
}

// TestQueueBehindUnknownBucketFailsFast: 1,000 Acquires queue behind the
// first request of a bucket nothing is known of. Its answer shows 5 per
// second; with MaxWait 5 s about 25 fit, and the rest fail at once, as
// they do on a bucket already known, instead of sitting out MaxWait.
func TestQueueBehindUnknownBucketFailsFast(t *testing.T) {
	var unknown, known [2]map[time.Duration]int
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 5 * time.Second})
		first := mustAcquire(t, l, req("/m"))
		unknown[0], unknown[1] = queueOutcome(t, l, &fakeWindow{limit: 5, period: time.Second}, first, 1000)
	})
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 5 * time.Second})
		f := &fakeWindow{limit: 5, period: time.Second}
		mustAcquire(t, l, req("/m")).Done(f.take(time.Now()))
		// Known, and past the old window's reset and its safety margin:
		// at exactly one second the limiter still holds the old window for
		// the margin, and callers arriving then queue until it ends.
		time.Sleep(time.Second + 50*time.Millisecond)
		known[0], known[1] = queueOutcome(t, l, f, nil, 1000)
	})
	sum := func(m map[time.Duration]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	t.Logf("unknown bucket: granted %v, failed %v", unknown[0], unknown[1])
	t.Logf("known bucket:   granted %v, failed %v", known[0], known[1])
	for name, o := range map[string][2]map[time.Duration]int{"unknown": unknown, "known": known} {
		if o[1][0] < 950 || sum(o[1]) != o[1][0] {
			t.Errorf("%s bucket: failures by time %v, want all at once and at least 950", name, o[1])
		}
		if g := sum(o[0]); g < 20 || g > 30 {
			t.Errorf("%s bucket: %d granted within MaxWait, want about 25", name, g)
		}
		for d := range o[0] {
			if d > 5*time.Second {
				t.Errorf("%s bucket: a permit after %v, beyond MaxWait", name, d)
			}
		}
	}
}
