package ratelimit

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeWindow is Discord's fixed window as the emulator keeps it: limit
// requests per period, counted from the first request after the previous
// window ended. It answers with the headers Discord would send.
type fakeWindow struct {
	mu        sync.Mutex
	limit     int
	period    time.Duration
	remaining int
	reset     time.Time
	served    int // requests admitted
	refused   int // 429s: the limiter let through more than the window held
}

func (f *fakeWindow) setPeriod(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.period = d
}

func (f *fakeWindow) take(now time.Time) Headers {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !now.Before(f.reset) {
		f.remaining, f.reset = f.limit, now.Add(f.period)
	}
	h := Headers{Status: 200, HasLimit: true, Limit: f.limit, Bucket: "h",
		ResetAfter: f.reset.Sub(now), Reset: f.reset.Truncate(time.Millisecond)}
	if f.remaining <= 0 {
		f.refused++
		h.Status, h.Scope, h.RetryAfter = 429, "user", h.ResetAfter
		return h
	}
	f.remaining--
	f.served++
	h.Remaining = f.remaining
	return h
}

// drive runs callers that send on one bucket back to back until stop,
// each request and answer taking a random trip of up to maxTrip. It
// returns the time callers spent waiting for the limiter, all together.
func drive(l *Limiter, f *fakeWindow, callers int, maxTrip time.Duration, stop time.Time) time.Duration {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		waited time.Duration
	)
	for g := 0; g < callers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			trip := func() time.Duration { return time.Duration(rng.Int64N(int64(maxTrip)) + 1) }
			r := Request{Token: "tok", Method: "GET", Route: "/channels/{channel_id}/messages", Major: "1"}
			for time.Now().Before(stop) {
				ctx, cancel := context.WithDeadline(context.Background(), stop)
				start := time.Now()
				p, err := l.Acquire(ctx, r)
				cancel()
				mu.Lock()
				waited += time.Since(start)
				mu.Unlock()
				if err != nil {
					return
				}
				time.Sleep(trip())
				h := f.take(time.Now())
				time.Sleep(trip())
				p.Done(h)
			}
		}()
	}
	wg.Wait()
	return waited
}

// TestEveryWindowUsed: continuous traffic on one busy bucket, with answers
// out of order around each reset, uses at least 95% of what the windows
// allow and never runs a window over.
func TestEveryWindowUsed(t *testing.T) {
	for _, c := range []struct {
		limit   int
		period  time.Duration
		callers int
		trip    time.Duration
	}{
		{limit: 50, period: time.Second, callers: 20, trip: 20 * time.Millisecond},
		{limit: 10000, period: time.Second, callers: 300, trip: 5 * time.Millisecond},
		{limit: 5, period: 200 * time.Millisecond, callers: 8, trip: 30 * time.Millisecond},
	} {
		synctest.Test(t, func(t *testing.T) {
			l := newLimiter(Options{GlobalPerSecond: 1 << 30, MaxWait: time.Minute})
			f := &fakeWindow{limit: c.limit, period: c.period}
			windows := 20
			drive(l, f, c.callers, c.trip, time.Now().Add(time.Duration(windows)*c.period))
			// Each window opens at the first request after the last
			// reset, so the run holds a little under windows*limit.
			allowed := float64(windows * c.limit)
			t.Logf("limit %d per %v: served %d of %.0f (%.1f%%), %d refused",
				c.limit, c.period, f.served, allowed, 100*float64(f.served)/allowed, f.refused)
			if f.refused != 0 {
				t.Errorf("%d requests met a spent window", f.refused)
			}
			if float64(f.served) < 0.95*allowed {
				t.Errorf("served %d, want at least 95%% of %.0f", f.served, allowed)
			}
		})
	}
}

// TestBusyBucketNeverStalls: traffic below the limit never waits. (The
// limiter used to take the next window's first answers, arriving before
// its late estimate of the reset, as the old window's: it pushed the
// reset a period later and kept the old count, so it sent for about a
// period, then stood still until that reset.)
func TestBusyBucketNeverStalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{GlobalPerSecond: 1 << 30, MaxWait: time.Minute})
		f := &fakeWindow{limit: 10000, period: time.Second}
		run := 20 * time.Second
		callers := 20 // a round trip of 5 ms on average: about 4,000 a second
		waited := drive(l, f, callers, 5*time.Millisecond, time.Now().Add(run))
		frac := float64(waited) / float64(run*time.Duration(callers))
		t.Logf("served %d in %v, callers waited %.2f%% of their time, %d refused", f.served, run, 100*frac, f.refused)
		if frac > 0.01 || f.refused != 0 {
			t.Errorf("callers below the limit waited %.1f%% of their time (%d refused)", 100*frac, f.refused)
		}
	})
}

// TestWindowDiscordShortens: Discord's window drops from 2 s to 500 ms
// under continuous traffic; the limiter follows at once and still never
// runs a window over.
func TestWindowDiscordShortens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{GlobalPerSecond: 1 << 30, MaxWait: time.Minute})
		f := &fakeWindow{limit: 10, period: 2 * time.Second}
		drive(l, f, 12, 10*time.Millisecond, time.Now().Add(10*time.Second))
		f.setPeriod(500 * time.Millisecond)
		f.mu.Lock()
		oldEnd := f.reset // the 2 s window in progress runs its course
		f.mu.Unlock()
		time.Sleep(time.Until(oldEnd))
		before := f.served
		drive(l, f, 12, 10*time.Millisecond, time.Now().Add(10*time.Second))
		served, allowed := f.served-before, 20*f.limit
		t.Logf("after the change: served %d of %d, %d refused", served, allowed, f.refused)
		if f.refused != 0 || float64(served) < 0.95*float64(allowed) {
			t.Errorf("after Discord shortened the window: served %d of %d, %d refused", served, allowed, f.refused)
		}
	})
}

// TestLateAnswerAroundReset: an answer from the old window that arrives
// after the next window opened neither spends the new window's count nor
// moves its reset.
func TestLateAnswerAroundReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 500 * time.Millisecond})
		r := req("/m")
		t0 := time.Now()
		answer := func(remaining int, reset time.Time) Headers {
			h := limitHeaders(5, remaining, time.Until(reset), "h")
			h.Reset = reset
			return h
		}
		mustAcquire(t, l, r).Done(answer(4, t0.Add(time.Second)))
		var old []*Permit
		for i := 0; i < 4; i++ {
			old = append(old, mustAcquire(t, l, r))
		}
		for i, p := range old[:3] {
			p.Done(answer(3-i, t0.Add(time.Second)))
		}
		time.Sleep(time.Second) // the reset; old[3] is still on its way
		q := mustAcquire(t, l, r)
		q.Done(answer(4, t0.Add(2*time.Second)))
		old[3].Done(answer(0, t0.Add(time.Second))) // late, from the old window
		// The new window: 5, less q and the one old[3] might have taken.
		for i := 0; i < 3; i++ {
			mustAcquire(t, l, r).Done(answer(3-i, t0.Add(2*time.Second)))
		}
		_, err := l.Acquire(context.Background(), r)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("a sixth request in the window: %v, want a wait of 1s refused", err)
		}
		if e.RetryAfter != time.Second {
			t.Errorf("RetryAfter %v, want the 1s Discord said", e.RetryAfter)
		}
	})
}
