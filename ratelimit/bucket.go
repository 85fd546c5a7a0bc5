package ratelimit

import (
	"sync"
	"time"
)

// bucket is one Discord bucket of one token, as this process sees it: the
// window Discord last described, and the requests waiting for it in FIFO
// order. Several route keys point at one bucket once Discord's
// X-RateLimit-Bucket says they share it.
type bucket struct {
	l *Limiter

	// Invariant: a waiter is queued only while tryTake fails, so the head of
	// waiters is always the next to go, and pump runs after every change
	// that can make tryTake succeed (Done, Abandon, reset timer, cancel).
	// mu guards every field below.
	mu        sync.Mutex
	known     bool          // a response has described the window
	unlimited bool          // a 2xx came without limit headers: no per-route limit
	limit     int           // requests per window
	remaining int           // requests left in the window, ours in flight already taken
	reset     time.Time     // when the window refills to limit
	period    time.Duration // the last Reset-After: the window's length
	gen       uint64        // bumped at each refill, so a late Abandon does not refund a new window
	inflight  int           // permits not yet Done or Abandoned
	waiters   []*waiter
	timer     *time.Timer // pumps at reset while waiters wait for it
}

// waiter is one Acquire waiting in a bucket's queue.
type waiter struct {
	ready   chan struct{} // closed when granted
	granted bool
	gen     uint64
}

// tryTake takes a slot if one is free now.
func (b *bucket) tryTake(now time.Time) bool {
	switch {
	case !b.known:
		// Nothing learned yet: send one request, learn from its
		// headers, then let up to Remaining go at once.
		if b.inflight > 0 {
			return false
		}
	case b.unlimited:
	default:
		if !now.Before(b.reset) && b.remaining < b.limit {
			b.remaining = b.limit
			b.reset = now.Add(b.period)
			b.gen++
		}
		if b.remaining <= 0 {
			return false
		}
		b.remaining--
	}
	b.inflight++
	return true
}

// giveBack returns a slot taken in generation gen and not spent.
func (b *bucket) giveBack(gen uint64) {
	b.inflight--
	if b.known && !b.unlimited && gen == b.gen && b.remaining < b.limit {
		b.remaining++
	}
}

// pump grants queued waiters in order while slots are free, and arms a
// timer for the reset if some are left waiting on it.
func (b *bucket) pump(now time.Time) {
	for len(b.waiters) > 0 && b.tryTake(now) {
		w := b.waiters[0]
		b.waiters[0] = nil
		b.waiters = b.waiters[1:]
		w.granted, w.gen = true, b.gen
		close(w.ready)
	}
	if len(b.waiters) == 0 || !b.known || b.timer != nil {
		return
	}
	if d := b.reset.Sub(now); b.remaining <= 0 {
		if d < 0 {
			d = 0
		}
		b.timer = time.AfterFunc(d, b.onReset)
	}
}

func (b *bucket) onReset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.timer = nil
	b.pump(b.l.now())
}

// remove takes w out of the queue after its Acquire gave up.
func (b *bucket) remove(w *waiter) {
	for i, x := range b.waiters {
		if x == w {
			b.waiters = append(b.waiters[:i], b.waiters[i+1:]...)
			return
		}
	}
}

// estimate is how long a request queued now would wait: until the reset,
// plus a window for each full window of waiters ahead. 0 when unknowable
// (nothing learned yet: the one request in flight will tell).
func (b *bucket) estimate(now time.Time) time.Duration {
	if !b.known || b.unlimited {
		return 0
	}
	d := b.reset.Sub(now)
	if d < 0 {
		d = 0
	}
	if b.limit > 0 {
		d += time.Duration((len(b.waiters)-b.remaining)/b.limit) * b.period
	}
	return d
}

// learn applies a response's headers to the window. others is how many of
// our requests to it are in flight besides the one answered.
func (b *bucket) learn(h *Headers, now time.Time, others int) {
	if h.Status == 429 && h.Scope != "shared" && !h.Global && h.Scope != "global" {
		// Our own bucket is empty whatever the headers say: wait Retry-After.
		retry := h.RetryAfter
		if retry <= 0 {
			retry = h.ResetAfter
		}
		if !b.known || b.unlimited {
			b.known, b.unlimited, b.limit = true, false, 1
			if h.HasLimit {
				b.limit = h.Limit
			}
		}
		b.remaining = 0
		if r := now.Add(retry); r.After(b.reset) {
			b.reset = r
		}
		if b.period <= 0 {
			b.period = max(retry, time.Second)
		}
		return
	}
	if !h.HasLimit || h.Limit <= 0 {
		if !b.known && h.Status >= 200 && h.Status < 300 {
			b.known, b.unlimited = true, true
		}
		return
	}
	reset := now.Add(h.ResetAfter)
	if h.ResetAfter <= 0 && !h.Reset.IsZero() {
		reset = h.Reset
	}
	if h.ResetAfter > 0 {
		b.period = h.ResetAfter
	} else if b.period <= 0 {
		b.period = time.Second // a guess until Discord says; never 0, or every take would refill
	}
	if !b.known || b.unlimited || !now.Before(b.reset) {
		// A new window: Discord's count is the truth, minus what we
		// have sent since that it has not seen yet.
		b.known, b.unlimited = true, false
		b.limit, b.remaining, b.reset = h.Limit, h.Remaining-others, reset
		if b.remaining < 0 {
			b.remaining = 0
		}
		b.gen++
		return
	}
	// The same window: keep the more cautious count.
	b.limit = h.Limit
	if h.Remaining < b.remaining {
		b.remaining = h.Remaining
	}
	if reset.After(b.reset) {
		b.reset = reset
	}
}
