package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeBucket is one Discord bucket as the emulator counts it: a fixed
// window of limit requests that starts at the first request after the
// previous one ended. It records how many requests each window admitted
// beyond the limit.
type fakeBucket struct {
	mu        sync.Mutex
	limit     int
	window    time.Duration
	hash      string
	remaining int
	reset     time.Time
	sent      int
	over      int
	windows   []int // requests per window
}

// arrive counts a request arriving now and returns the headers Discord answers.
func (f *fakeBucket) arrive() Headers {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	if !now.Before(f.reset) {
		f.remaining, f.reset = f.limit, now.Add(f.window)
		f.windows = append(f.windows, 0)
	}
	f.sent++
	f.windows[len(f.windows)-1]++
	if f.remaining <= 0 {
		f.over++
		return Headers{Status: 429, HasLimit: true, Limit: f.limit, Remaining: 0, Scope: "user",
			ResetAfter: f.reset.Sub(now), RetryAfter: f.reset.Sub(now), Bucket: f.hash}
	}
	f.remaining--
	return Headers{Status: 200, HasLimit: true, Limit: f.limit, Remaining: f.remaining,
		ResetAfter: f.reset.Sub(now), Bucket: f.hash}
}

// TestTwoRoutesOneBucket: PATCH and DELETE of a message are two route keys
// Discord puts in one bucket. Each starts as a bucket of its own with one
// request in flight; when the responses show the shared hash, the limiter
// must never let more requests into Discord's window than its limit, for
// any order of the two first responses, and must not lose a waiter.
func TestTwoRoutesOneBucket(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		patchRTT, deleteRTT   time.Duration
		perRoute, limit       int
		window                time.Duration
		cancelSome, abandonOn bool
	}{
		{name: "patch answered first", patchRTT: 5 * time.Millisecond, deleteRTT: 10 * time.Millisecond, perRoute: 10, limit: 5, window: time.Second},
		{name: "delete answered first", patchRTT: 10 * time.Millisecond, deleteRTT: 5 * time.Millisecond, perRoute: 10, limit: 5, window: time.Second},
		{name: "same latency", patchRTT: 7 * time.Millisecond, deleteRTT: 7 * time.Millisecond, perRoute: 10, limit: 5, window: time.Second},
		{name: "slow answers", patchRTT: 300 * time.Millisecond, deleteRTT: 450 * time.Millisecond, perRoute: 20, limit: 5, window: time.Second},
		{name: "cancels and abandons", patchRTT: 5 * time.Millisecond, deleteRTT: 10 * time.Millisecond, perRoute: 15, limit: 3, window: 500 * time.Millisecond, cancelSome: true, abandonOn: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				discord := &fakeBucket{limit: tc.limit, window: tc.window, hash: "msgmod"}
				l := newLimiter(Options{MaxWait: time.Hour})
				var (
					wg                 sync.WaitGroup
					mu                 sync.Mutex
					granted, cancelled int
				)
				start := time.Now()
				for i := 0; i < 2*tc.perRoute; i++ {
					method, rtt := "PATCH", tc.patchRTT
					if i%2 == 1 {
						method, rtt = "DELETE", tc.deleteRTT
					}
					r := Request{Token: "tok", Method: method, Route: "/channels/{channel_id}/messages/{message_id}", Major: "1"}
					ctx, cancel := context.WithCancel(context.Background())
					if tc.cancelSome && i%5 == 3 {
						time.AfterFunc(tc.window*3/2, cancel)
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						defer cancel()
						p, err := l.Acquire(ctx, r)
						if err != nil {
							mu.Lock()
							cancelled++
							mu.Unlock()
							return
						}
						mu.Lock()
						granted++
						mu.Unlock()
						if tc.abandonOn && i%7 == 2 {
							p.Abandon() // never sent
							return
						}
						h := discord.arrive()
						time.Sleep(rtt)
						p.Done(h)
					}()
					synctest.Wait() // in a known order: PATCH's first request arrives first
				}
				wg.Wait()
				if discord.over != 0 {
					t.Errorf("%d requests arrived over the limit of %d; per window %v", discord.over, tc.limit, discord.windows)
				}
				if granted+cancelled != 2*tc.perRoute {
					t.Errorf("granted %d + cancelled %d, want %d", granted, cancelled, 2*tc.perRoute)
				}
				if tc.cancelSome && cancelled == 0 {
					t.Error("no Acquire was cancelled: the test does not test cancels")
				}
				// Not limiting to death either: a window's worth at a time.
				took := time.Since(start)
				need := (discord.sent+tc.limit-1)/tc.limit + 1
				if took > time.Duration(need+1)*(tc.window+tc.deleteRTT) {
					t.Errorf("%d requests took %v (windows %v), want at most about %d windows", discord.sent, took, discord.windows, need)
				}
				t.Logf("%d sent in %v, per window %v", discord.sent, took, discord.windows)
				// The two route keys now wait in one queue, in one window.
				pb := l.bucketFor(RouteKey{"tok", "PATCH", "/channels/{channel_id}/messages/{message_id}", "1"})
				db := l.bucketFor(RouteKey{"tok", "DELETE", "/channels/{channel_id}/messages/{message_id}", "1"})
				if lp, ld := live(pb), live(db); lp != ld {
					t.Error("PATCH and DELETE still have two buckets")
				} else if lp.inflight != 0 || len(lp.waiters) != 0 || lp.probe.inflight.Load() != 0 {
					t.Errorf("after all: inflight %d, waiters %d, probes %d", lp.inflight, len(lp.waiters), lp.probe.inflight.Load())
				}
			})
		})
	}
}

// TestProbeLeavesRoomInKnownBucket: a route key not yet known may be in the
// bucket of a known one of the same major parameter; its first request
// takes a slot there, so the two together stay within the limit.
func TestProbeLeavesRoomInKnownBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		discord := &fakeBucket{limit: 3, window: time.Second, hash: "h"}
		l := newLimiter(Options{MaxWait: time.Hour})
		a := Request{Token: "tok", Method: "PATCH", Route: "/r", Major: "1"}
		b := Request{Token: "tok", Method: "DELETE", Route: "/r", Major: "1"}
		// a learns its window: 3 per second, 2 left.
		p := mustAcquire(t, l, a)
		p.Done(discord.arrive())
		// b's first request goes while a's window is open.
		pb := mustAcquire(t, l, b)
		hb := discord.arrive()
		// a has one slot left for itself, not two.
		pa := mustAcquire(t, l, a)
		ha := discord.arrive()
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		if _, err := l.Acquire(ctx, a); err == nil {
			t.Fatal("a went past the slot left for b's probe")
		}
		pa.Done(ha)
		pb.Done(hb)
		if discord.over != 0 {
			t.Errorf("%d over the limit: %v", discord.over, discord.windows)
		}
		// Another major parameter is not held back by it.
		c := a
		c.Major = "2"
		mustAcquire(t, l, c).Done(Headers{Status: 200, HasLimit: true, Limit: 1, Remaining: 0, ResetAfter: time.Second, Bucket: "h"})
	})
}

func ExampleLimiter() {
	l := newLimiter(Options{})
	p, err := l.Acquire(context.Background(), Request{Token: "fp", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "1", Global: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	// ... send the request, then report its response:
	p.Done(Headers{Status: 200, HasLimit: true, Limit: 5, Remaining: 4, ResetAfter: 5 * time.Second, Bucket: "abc"})
	fmt.Println("sent")
	// Output: sent
}

// TestMergeEdges: what crosses a merge. A waiter queued on the merged
// bucket can still be cancelled; a permit granted by it and abandoned after
// the merge refunds nothing to the window it now counts in; a window the
// bucket registered for the hash let lapse takes the response's count, not
// a full refill.
func TestMergeEdges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Hour})
		a := Request{Token: "tok", Method: "PATCH", Route: "/r", Major: "1"}
		b := Request{Token: "tok", Method: "DELETE", Route: "/r", Major: "1"}
		hdr := func(remaining int, hash string) Headers {
			return Headers{Status: 200, HasLimit: true, Limit: 5, Remaining: remaining, ResetAfter: time.Second, Bucket: hash}
		}
		mustAcquire(t, l, a).Done(hdr(4, "h"))
		// b learns a window without a hash first (as if Discord left it
		// out), so it grants permits of its own before the merge.
		mustAcquire(t, l, b).Done(hdr(3, ""))
		b1, b2, b3 := mustAcquire(t, l, b), mustAcquire(t, l, b), mustAcquire(t, l, b)
		// b's window is spent: these two queue on b.
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := l.Acquire(ctx, b)
			errc <- err
		}()
		synctest.Wait()
		got := acquireAsync(context.Background(), l, b)
		synctest.Wait()
		// The hash arrives: b merges into a's bucket.
		b1.Done(hdr(0, "h"))
		ab := live(l.bucketFor(RouteKey{"tok", "PATCH", "/r", "1"}))
		if live(l.bucketFor(RouteKey{"tok", "DELETE", "/r", "1"})) != ab {
			t.Fatal("not merged")
		}
		ab.mu.Lock()
		rem, inflight, queued := ab.remaining, ab.inflight, len(ab.waiters)
		ab.mu.Unlock()
		if rem != 0 || inflight != 2 || queued != 2 {
			t.Errorf("after merge: remaining %d, inflight %d, queued %d; want 0, 2, 2", rem, inflight, queued)
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled waiter: %v", err)
		}
		b2.Abandon() // granted by b's old window: no refund into a's
		b3.Abandon()
		ab.mu.Lock()
		rem, inflight, queued = ab.remaining, ab.inflight, len(ab.waiters)
		ab.mu.Unlock()
		if rem != 0 || inflight != 0 || queued != 1 {
			t.Errorf("after abandons: remaining %d, inflight %d, queued %d; want 0, 0, 1", rem, inflight, queued)
		}
		start := time.Now()
		if p := <-got; p == nil {
			t.Fatal("the moved waiter failed")
		} else {
			p.Done(hdr(4, "h"))
		}
		if d := time.Since(start); d != time.Second+resetMargin {
			t.Errorf("the moved waiter went after %v, want a's reset (1s and the margin)", d)
		}

		// a's window lapses locally; c (another route, same hash) answers
		// with the window Discord is still in: 1 left, not 5.
		time.Sleep(5 * time.Second)
		c := Request{Token: "tok", Method: "POST", Route: "/r", Major: "1"}
		pc := mustAcquire(t, l, c)
		var waiting []<-chan *Permit
		ctx2, cancel2 := context.WithCancel(context.Background())
		defer cancel2()
		for range 3 {
			waiting = append(waiting, acquireAsync(ctx2, l, c))
			synctest.Wait()
		}
		pc.Done(hdr(1, "h"))
		synctest.Wait()
		n := 0
		for _, ch := range waiting {
			select {
			case p := <-ch:
				n++
				defer p.Abandon()
			default:
			}
		}
		if n != 1 {
			t.Errorf("%d granted at once after a response with Remaining 1", n)
		}
		cancel2()
		synctest.Wait()
	})
}

// TestWindowLength: the window's length is the longest Reset-After seen
// in a window, not what a mid-window answer says is left of it.
func TestWindowLength(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Hour})
		r := req("/w")
		r.Global = false
		hdr := func(remaining int, after time.Duration) Headers {
			return Headers{Status: 200, HasLimit: true, Limit: 2, Remaining: remaining, ResetAfter: after}
		}
		start := time.Now()
		mustAcquire(t, l, r).Done(hdr(1, 2*time.Second))
		time.Sleep(1500 * time.Millisecond)
		mustAcquire(t, l, r).Done(hdr(0, 500*time.Millisecond)) // the same window, near its end
		var waiting []<-chan *Permit
		for range 3 {
			waiting = append(waiting, acquireAsync(context.Background(), l, r))
			synctest.Wait()
		}
		// At the reset two go; their answers say little of the window.
		for _, ch := range waiting[:2] {
			(<-ch).Done(hdr(0, time.Millisecond))
		}
		if d := time.Since(start); d != 2*time.Second+resetMargin {
			t.Errorf("the reset came after %v, want 2s and the margin", d)
		}
		// The third waits a whole window of 2 s.
		(<-waiting[2]).Done(hdr(1, 2*time.Second))
		if d := time.Since(start); d != 4*time.Second+resetMargin {
			t.Errorf("the next window came after %v, want 4s and the margin", d)
		}
	})
}
