package ratelimit

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

// TestWaitsShareOneDeadline: the bucket wait and the global wait together
// stay within MaxWait (the reviewer's case: a bucket resetting in 1.9 s,
// global 1/s with two requests on other majors ahead, MaxWait 2 s, used to
// wait 3.2 s; here MaxWait 2.5 s so the two ahead fit theirs).
func TestWaitsShareOneDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 2500 * time.Millisecond, PerTokenGlobal: map[string]int{"tok": 1}})
		mustAcquire(t, l, req("/m")).Done(limitHeaders(1, 0, 1900*time.Millisecond, ""))
		// Two requests on other majors reserve the global slots of the
		// next two seconds.
		var others []<-chan *Permit
		for _, major := range []string{"2", "3"} {
			other := req("/o")
			other.Major = major
			others = append(others, acquireAsync(context.Background(), l, other))
		}
		synctest.Wait()
		defer drain(t, others...)

		start := time.Now()
		_, err := l.Acquire(context.Background(), req("/m"))
		waited := time.Since(start)
		if !errors.Is(err, ErrWaitTooLong) {
			t.Fatalf("Acquire = %v after %v, want ErrWaitTooLong (bucket 1.9 s, then global until 3.2 s > 2.5 s)", err, waited)
		}
		if waited > 2500*time.Millisecond {
			t.Errorf("waited %v in all, more than MaxWait 2.5s", waited)
		}
		// The bucket slot given up went back: a later caller gets it
		// without waiting for another window.
		time.Sleep(2 * time.Second) // the global slots reserved above have passed
		start = time.Now()
		mustAcquire(t, l, req("/m")).Done(limitHeaders(1, 0, time.Second, ""))
		if d := time.Since(start); d != 0 {
			t.Errorf("the next request waited %v; the failed one kept its slot", d)
		}
	})
}

// TestWaitsShareContextDeadline: a ctx deadline shorter than MaxWait is the
// one deadline of all waits.
func TestWaitsShareContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Hour, PerTokenGlobal: map[string]int{"tok": 1}})
		mustAcquire(t, l, req("/m")).Done(limitHeaders(1, 0, 900*time.Millisecond, ""))
		other := req("/o")
		other.Major = "2"
		ch := acquireAsync(context.Background(), l, other) // takes the global slot at 1 s
		synctest.Wait()
		defer drain(t, ch)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		if _, err := l.Acquire(ctx, req("/m")); !errors.Is(err, ErrWaitTooLong) {
			t.Fatalf("Acquire = %v, want ErrWaitTooLong", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("waited %v, past the context's 1s deadline", d)
		}
	})
}

// TestHeldBehindProbeFailsAtOnce: a caller queued for the reset of a known
// bucket of limit 1 finds, at the reset, the one slot left to a probe of
// another route of the same major parameter still in flight; the next
// window is past its deadline, so it fails then, not at MaxWait.
func TestHeldBehindProbeFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 1500 * time.Millisecond})
		a := Request{Token: "tok", Method: "POST", Route: "/a", Major: "1"}
		b := Request{Token: "tok", Method: "POST", Route: "/b", Major: "1"}
		mustAcquire(t, l, a).Done(limitHeaders(1, 0, time.Second, "ha"))
		start := time.Now()
		errc := make(chan error, 1)
		go func() {
			_, err := l.Acquire(context.Background(), a)
			errc <- err
		}()
		synctest.Wait() // queued for a's reset, within its wait
		time.Sleep(100 * time.Millisecond)
		probe := mustAcquire(t, l, b) // b's first request: may be in a's bucket
		err := <-errc
		if !errors.Is(err, ErrWaitTooLong) {
			t.Fatalf("Acquire = %v, want ErrWaitTooLong", err)
		}
		if d := time.Since(start); d != time.Second+resetMargin {
			t.Errorf("failed after %v, want at a's reset (1s and the margin), not at MaxWait", d)
		}
		probe.Done(limitHeaders(1, 0, time.Second, "hb"))
	})
}

// drain waits for the Acquires started with acquireAsync and ends their permits.
func drain(t *testing.T, chs ...<-chan *Permit) {
	t.Helper()
	for _, ch := range chs {
		p := <-ch
		if p == nil {
			t.Error("a request that fit its wait failed")
			continue
		}
		p.Done(Headers{Status: 200})
	}
}
