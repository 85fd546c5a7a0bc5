package ratelimit

import (
	"sync"
	"sync/atomic"
	"time"
)

// bucket is one Discord bucket of one token, as this process sees it: the
// window Discord last described, and the requests waiting for it in FIFO
// order. Several route keys point at one bucket once Discord's
// X-RateLimit-Bucket says they share it.
//
// Route keys start on buckets of their own, so two route keys Discord
// puts in one bucket can have two here until a response shows the shared
// hash; then the newer is merged into the bucket registered for the hash
// (absorb), and every path that reaches a bucket through an old pointer
// (a route map entry, a Permit, a queued Acquire) follows merged to the
// live one (lockLive).
type bucket struct {
	l     *Limiter
	probe *probes // the probes of the bucket's token and major parameter

	// Invariant: a waiter is queued only while tryTake fails, so the head of
	// waiters is always the next to go, and pump runs after every change
	// that can make tryTake succeed (Done, Abandon, reset timer, cancel).
	// mu guards every field below.
	// dead is set (under mu) once a sweep dropped the bucket, idle: who
	// finds it through an old pointer looks the route key up again.
	dead atomic.Bool

	mu        sync.Mutex
	merged    *bucket       // set once, when absorbed into another bucket; then nothing else here is used
	used      time.Time     // the last grant
	known     bool          // a response has described the window
	answered  bool          // a response came, even if it described nothing
	unlimited bool          // a 2xx came without limit headers: no per-route limit
	limit     int           // requests per window
	remaining int           // requests left in the window, ours in flight already taken
	reset     time.Time     // when the window refills to limit
	period    time.Duration // the longest Reset-After seen in a window: its length
	gen       uint64        // bumped at each new window, so a late Abandon does not refund a new window
	inflight  int           // permits not yet Done or Abandoned
	probeSeen uint64        // probe.started already taken from remaining

	// stamp marks the Discord window our count follows: its
	// X-RateLimit-Reset, or without it our receipt time plus Reset-After
	// (the same within one window, up to the network's jitter). Zero
	// until a response describes a window. predicted: our clock opened
	// the current window at the reset and no response from it has come
	// yet, so stamp is still the previous window's. seen is the lowest
	// Remaining Discord reported in the current window; hold is when a
	// user-scope 429 said the bucket refills, at the earliest.
	stamp     time.Time
	predicted bool
	seen      int
	hold      time.Time

	waiters []*waiter
	timer   *time.Timer // pumps at reset while waiters wait for it
	timerAt time.Time   // when timer fires
}

// probes counts the first requests of buckets not yet known ("probes") of
// one token and major parameter. Until its response names its bucket hash,
// a probe may land in any bucket of the same major parameter, so every
// known bucket of it leaves room for each probe: one slot in the window
// the probe started in, and one in every window opened while it is still
// in flight.
type probes struct {
	started  atomic.Uint64 // probes ever started
	inflight atomic.Int64  // probes not yet Done or Abandoned
	refs     int           // buckets pointing here and not swept; Limiter.probesMu guards it
}

// majorKey names the buckets that may turn out to share a Discord bucket.
type majorKey struct{ token, major string }

func (l *Limiter) newBucket(token, major string) *bucket {
	l.probesMu.Lock()
	defer l.probesMu.Unlock()
	p := l.probes[majorKey{token, major}]
	if p == nil {
		p = new(probes)
		l.probes[majorKey{token, major}] = p
	}
	p.refs++
	return &bucket{l: l, probe: p, probeSeen: p.started.Load()}
}

func (l *Limiter) unrefProbes(p *probes) {
	l.probesMu.Lock()
	defer l.probesMu.Unlock()
	p.refs--
}

// waiter is one Acquire waiting in a bucket's queue. Its fields are set
// by the pump that grants it, before ready is closed.
type waiter struct {
	ready    chan struct{} // closed when granted, or when shed
	deadline time.Time     // when its Acquire gives up
	err      error         // set when shed: it cannot be granted before deadline
	granted  bool
	from     *bucket // the bucket that granted it: its gen is from's
	gen      uint64
	probe    bool // granted as its bucket's probe
}

// lockLive locks b, or the bucket b was merged into, and returns the one
// locked. A bucket found live under its lock stays live until unlocked:
// merging needs its lock.
func lockLive(b *bucket) *bucket {
	b.mu.Lock()
	for b.merged != nil {
		next := b.merged
		b.mu.Unlock()
		b = next
		b.mu.Lock()
	}
	return b
}

// openWindow starts a window with n slots, minus the probes of this major
// parameter still in flight, which may land in it.
func (b *bucket) openWindow(n int, reset time.Time) {
	b.probeSeen = b.probe.started.Load()
	b.remaining = max(0, n-int(b.probe.inflight.Load()))
	b.reset = reset
	b.gen++
}

// catchUp leaves a slot in the window for each probe started since the
// last look.
func (b *bucket) catchUp() {
	if s := b.probe.started.Load(); s != b.probeSeen {
		b.remaining = max(0, b.remaining-int(s-b.probeSeen))
		b.probeSeen = s
	}
}

// tryTake takes a slot if one is free now. It reports whether it took one
// and whether that is the bucket's probe (nothing learned yet).
func (b *bucket) tryTake(now time.Time) (ok, probe bool) {
	ok, probe = b.take(now)
	if ok {
		b.used = now
	}
	return ok, probe
}

func (b *bucket) take(now time.Time) (ok, probe bool) {
	switch {
	case !b.known:
		// Nothing learned yet: send one request, learn from its
		// headers, then let up to Remaining go at once.
		if b.inflight > 0 {
			return false, false
		}
		b.inflight++
		if b.answered {
			// Its answers said nothing of a bucket (an error without
			// rate-limit headers, say): not worth a slot everywhere.
			return true, false
		}
		b.probe.started.Add(1)
		b.probe.inflight.Add(1)
		return true, true
	case b.unlimited:
	default:
		if !now.Before(b.reset) && b.remaining < b.limit {
			// Discord's window has ended: open the next on our clock.
			// Our requests still in flight may land in it.
			b.openWindow(b.limit-b.inflight, now.Add(b.period))
			// stamp and seen stay the old window's until an answer
			// from this one comes (see classify).
			b.predicted = !b.stamp.IsZero()
		} else {
			b.catchUp()
		}
		if b.remaining <= 0 {
			return false, false
		}
		b.remaining--
	}
	b.inflight++
	return true, false
}

// release ends a permit granted by from in generation gen that was not
// spent (Abandon, or an Acquire that gave up after its grant): b is the
// live bucket from is, or was merged into. The slot goes back only to the
// window it was taken from.
func (b *bucket) release(from *bucket, gen uint64, probe bool) {
	b.inflight--
	if probe {
		b.probe.inflight.Add(-1)
	}
	if from == b && b.known && !b.unlimited && gen == b.gen && b.remaining < b.limit {
		b.remaining++
	}
}

// pump grants queued waiters in order while slots are free, and arms a
// timer for the reset if some are left waiting on it.
func (b *bucket) pump(now time.Time) {
	for len(b.waiters) > 0 {
		ok, probe := b.tryTake(now)
		if !ok {
			break
		}
		w := b.waiters[0]
		b.waiters[0] = nil
		b.waiters = b.waiters[1:]
		w.granted, w.from, w.gen, w.probe = true, b, b.gen, probe
		close(w.ready)
	}
	if len(b.waiters) == 0 || !b.known || b.remaining > 0 {
		return
	}
	if b.timer != nil {
		if !b.timerAt.After(b.reset) {
			return
		}
		// Armed for a later reset than Discord now says. (If it is
		// firing already, its onReset only pumps once more.)
		b.timer.Stop()
	}
	b.timerAt = b.reset
	b.timer = time.AfterFunc(max(b.reset.Sub(now), 0), b.onReset)
}

func (b *bucket) onReset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.merged != nil {
		return // absorbed: its queue and its timer's job moved on
	}
	b.timer = nil
	now := b.l.now()
	b.pump(now)
	if len(b.waiters) > 0 {
		// The window just opened without room for them (probes of
		// this major parameter still in flight took it): who cannot
		// last to the next reset fails now, not at its deadline.
		b.shed(now)
	}
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

// estimate is how long a request queued now would wait (see waitAt).
func (b *bucket) estimate(now time.Time) time.Duration {
	return b.waitAt(now, len(b.waiters))
}

// waitAt is how long the request at position i of the queue would wait:
// until the reset, plus a window for each full window of requests ahead
// beyond what is left now. 0 when unknowable (nothing learned yet: the
// one request in flight will tell).
func (b *bucket) waitAt(now time.Time, i int) time.Duration {
	if !b.known || b.unlimited {
		return 0
	}
	ahead := i - b.remaining
	if ahead < 0 {
		return 0
	}
	d := max(b.reset.Sub(now), 0)
	if b.limit > 0 {
		d += time.Duration(ahead/b.limit) * b.period
	}
	return d
}

// shed fails at once the queued requests that cannot be granted before
// their Acquire gives up, now that the window says how long the queue
// is: a queue formed behind an unknown bucket (estimate 0) must not sit
// out MaxWait to learn that. Run it after pump, when the window changed.
func (b *bucket) shed(now time.Time) {
	kept := b.waiters[:0]
	for _, w := range b.waiters {
		d := b.waitAt(now, len(kept))
		if !now.Add(d).Before(w.deadline) {
			w.err = &Error{RetryAfter: d, Reason: "bucket busy beyond the longest wait", Cause: ErrWaitTooLong}
			close(w.ready)
			continue
		}
		kept = append(kept, w)
	}
	clear(b.waiters[len(kept):])
	b.waiters = kept
}

// live reports whether b describes a window that has not ended.
func (b *bucket) live(now time.Time) bool {
	return b.known && !b.unlimited && now.Before(b.reset)
}

// absorb merges o into b (both locked, b live, o live until now): Discord
// said they are one bucket. o's queue goes after b's, FIFO kept; o's
// permits in flight count as b's; b's window keeps the more cautious of
// the two counts, each less the other's requests in flight, which it has
// not seen. o is dead afterwards; its timer stops. The caller applies the
// response that showed the shared hash, then pumps b.
func (b *bucket) absorb(o *bucket, now time.Time) {
	inB, inO := b.inflight, o.inflight
	switch bl, ol := b.live(now), o.live(now); {
	case bl && ol:
		b.catchUp()
		o.catchUp()
		b.remaining = max(0, min(b.remaining-inO, o.remaining-inB))
		if o.reset.After(b.reset) {
			b.reset, b.stamp, b.predicted = o.reset, o.stamp, o.predicted
		}
		b.seen = min(b.seen, o.seen)
	case ol:
		// b has no window now (unknown, unlimited or ended): o's is it.
		// o's count has left room for the probes o has seen.
		o.catchUp()
		b.known, b.unlimited, b.limit = true, false, o.limit
		b.remaining, b.reset, b.probeSeen = max(0, o.remaining-inB), o.reset, o.probeSeen
		b.stamp, b.predicted, b.seen = o.stamp, o.predicted, o.seen
		b.gen++
	case bl:
		b.catchUp()
		b.remaining = max(0, b.remaining-inO)
	}
	b.period = max(b.period, o.period)
	b.hold = later(b.hold, o.hold)
	b.answered = b.answered || o.answered
	b.inflight += inO
	b.waiters = append(b.waiters, o.waiters...)
	o.waiters, o.inflight = nil, 0
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	o.merged = b
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
