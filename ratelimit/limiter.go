// Package ratelimit keeps requests to Discord inside Discord's rate limits:
// per bucket (learned from X-RateLimit-* headers and grouped by
// X-RateLimit-Bucket), per token globally (proactive, and reactive after a
// global 429), and within an invalid-request budget that keeps the IP clear
// of Discord's ban.
//
// A route key's bucket is unknown until its first response names it, and
// Discord may put it in the bucket of another route key with the same major
// parameter. So the first request of an unknown route key (a probe) costs a
// slot in every known bucket of its major parameter, and when a response
// shows two of our buckets share a hash, they merge: one queue, one window,
// counted as cautiously as the two views allow. It knows nothing of Discord's paths: the caller names
// the bucket key.
//
// Callers Acquire a Permit before sending and report the response with
// Permit.Done, or Permit.Abandon if none came.
package ratelimit

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Limiter. Zero values take the defaults.
type Options struct {
	GlobalPerSecond int            // default 50, Discord's default per bot token; never more start within any GlobalWindow
	PerTokenGlobal  map[string]int // token fingerprint → its own global limit
	MaxWait         time.Duration  // default 30s; longer waits fail at once
	InvalidBudget   int            // default 8000: Discord bans at 10,000 per 10 min; per token, and for all tokens together
	UnknownBudget   int            // default InvalidBudget/10: the share of it tokens Discord has not accepted may spend
	InvalidWindow   time.Duration  // default 10m
	Store           Store          // default NewMemoryStore()
	Now             func() time.Time
}

// Request is one request about to be sent, as the limiter sees it.
type Request struct {
	Token                string // a fingerprint of the token, never the token
	Method, Route, Major string // the bucket key
	Global               bool   // counts against the token's global limit
	TokenScoped          bool   // a 401 here does not mean the token is bad
	// ProvesToken: a 2xx, 403 or 404 here shows Discord authenticated the
	// token (not an answer Discord gives without looking at it).
	ProvesToken bool
}

// Limiter decides when each request may go. It is safe for concurrent use.
type Limiter struct {
	o        Options
	store    Store
	gate     Gate // the store's, when it is shared; nil for the in-memory store
	seed     maphash.Seed
	shards   [64]shard
	probesMu sync.Mutex // guards probes and each one's refs
	probes   map[majorKey]*probes

	// tokMu guards probing and unknownInflight: the one request in flight
	// of each token Discord has not accepted yet (see admitToken).
	tokMu           sync.Mutex
	probing         map[string]chan struct{} // closed when the token's probe ends
	unknownInflight int

	grants    sync.Pool // *grant
	hashNames interner  // see Limiter.ParseHeaders

	// mergeMu serialises merges, the only code holding two bucket locks,
	// so their lock order (the absorbed bucket, then the one absorbing)
	// can never meet another merge's reverse order.
	mergeMu sync.Mutex
}

// shard holds the buckets of some route keys; sharding keeps requests to
// different buckets off one mutex.
type shard struct {
	mu     sync.Mutex // guards routes and hashes
	routes map[RouteKey]*bucket
	hashes map[hashKey]*bucket
}

// hashKey names a bucket Discord told us about: routes of one token with
// the same X-RateLimit-Bucket hash and major parameter share it.
type hashKey struct {
	token, hash, major string
}

// New returns a Limiter with o's defaults filled in.
func New(o Options) *Limiter {
	if o.GlobalPerSecond <= 0 {
		o.GlobalPerSecond = 50
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 30 * time.Second
	}
	if o.InvalidBudget <= 0 {
		o.InvalidBudget = 8000
	}
	if o.UnknownBudget <= 0 {
		o.UnknownBudget = max(1, o.InvalidBudget/10)
	}
	if o.InvalidWindow <= 0 {
		o.InvalidWindow = 10 * time.Minute
	}
	if o.Store == nil {
		o.Store = NewMemoryStore()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	l := &Limiter{o: o, store: o.Store, seed: maphash.MakeSeed(), probing: map[string]chan struct{}{},
		probes: map[majorKey]*probes{}}
	l.gate, _ = o.Store.(Gate)
	l.grants.New = func() any { return new(grant) }
	for i := range l.shards {
		l.shards[i].routes = map[RouteKey]*bucket{}
		l.shards[i].hashes = map[hashKey]*bucket{}
	}
	return l
}

func (l *Limiter) now() time.Time { return l.o.Now() }

// Permit is the right to send one request. Call Done with the response's
// headers, or Abandon if no response came; exactly one of them, once.
// It is a small value: copies name the same grant, and only the first
// Done or Abandon through any of them counts. The zero Permit does nothing.
type Permit struct {
	g   *grant
	use uint64 // g.use at the grant
}

// grant is what a Permit stands for. Grants are pooled, so Acquire and
// Done allocate nothing; use tells a live Permit from one already spent.
type grant struct {
	use atomic.Uint64 // bumped when the grant ends: later calls through old Permits do nothing
	l   *Limiter
	req Request
	b   *bucket // the bucket that granted it; maybe merged since into another
	gen uint64  // b's window generation at the grant
	// probe: the first request of a bucket nothing was known of;
	// unknown: Discord had not accepted the token at the grant;
	// tokenProbe: this is the token's one request in flight (admitToken).
	probe, unknown, tokenProbe bool
	ticket                     Ticket // the Gate's slot in flight, if any
}

// end claims p's grant for its one Done or Abandon, or returns nil.
func (p Permit) end() *grant {
	if p.g == nil || !p.g.use.CompareAndSwap(p.use, p.use+1) {
		return nil
	}
	return p.g
}

// Acquire waits until r may be sent, in FIFO order within its bucket, and
// returns a Permit. It fails at once with an *Error when the token is
// known to be invalid, the invalid-request budget is spent, or the wait
// would outlast MaxWait or ctx's deadline; if ctx ends while waiting it
// returns ctx's error.
func (l *Limiter) Acquire(ctx context.Context, r Request) (Permit, error) {
	now := l.now()
	// One deadline for the three waits (token, bucket, global): each
	// gets only what the ones before it left.
	deadline := now.Add(l.maxWait(ctx, now))
	unknown, tokenProbe, err := l.admitToken(ctx, r, deadline)
	if err != nil {
		return Permit{}, err
	}
	k := RouteKey{r.Token, r.Method, r.Route, r.Major}
	from, gen, probe, err := l.waitBucket(ctx, l.bucketFor(k), deadline)
	for errors.Is(err, errSwept) { // swept between the look-up and the lock: look again
		from, gen, probe, err = l.waitBucket(ctx, l.bucketFor(k), deadline)
	}
	if err != nil {
		if tokenProbe {
			l.endTokenProbe(r.Token)
		}
		return Permit{}, err
	}
	g := l.grants.Get().(*grant)
	g.l, g.req, g.b, g.gen, g.probe, g.unknown, g.tokenProbe = l, r, from, gen, probe, unknown, tokenProbe
	p := Permit{g, g.use.Load()}
	if l.gate != nil {
		if err := l.waitGate(ctx, p, r, deadline); err != nil {
			p.Abandon()
			return Permit{}, err
		}
	} else if r.Global {
		if err := l.waitGlobal(ctx, r.Token, deadline); err != nil {
			p.Abandon()
			return Permit{}, err
		}
	}
	return p, nil
}

// maxWait is the longest Acquire may wait: MaxWait, or less if ctx ends sooner.
func (l *Limiter) maxWait(ctx context.Context, now time.Time) time.Duration {
	d := l.o.MaxWait
	if dl, ok := ctx.Deadline(); ok && dl.Sub(now) < d {
		d = dl.Sub(now)
	}
	return d
}

// waitBucket takes a slot in b (or the bucket b was merged into), waiting
// its turn if needed, and returns the bucket that granted it, the window
// generation the slot belongs to and whether it is the bucket's probe.
func (l *Limiter) waitBucket(ctx context.Context, b *bucket, deadline time.Time) (*bucket, uint64, bool, error) {
	now := l.now()
	maxWait := deadline.Sub(now)
	b = lockLive(b)
	if b.dead.Load() {
		b.mu.Unlock()
		return nil, 0, false, errSwept
	}
	if len(b.waiters) == 0 {
		if ok, probe := b.tryTake(now); ok {
			gen := b.gen
			b.mu.Unlock()
			return b, gen, probe, nil
		}
	}
	if d := b.estimate(now); d > 0 && d >= maxWait { // at maxWait it would race the timeout
		b.mu.Unlock()
		return nil, 0, false, &Error{RetryAfter: d, Reason: "bucket empty until its reset", Cause: ErrWaitTooLong}
	}
	w := &waiter{ready: make(chan struct{}), deadline: deadline}
	b.waiters = append(b.waiters, w)
	b.pump(now) // arms the reset timer if needed
	b.mu.Unlock()

	timeout := time.NewTimer(maxWait)
	defer timeout.Stop()
	var err error
	select {
	case <-w.ready:
		if w.err != nil {
			return nil, 0, false, w.err
		}
		return w.from, w.gen, w.probe, nil
	case <-ctx.Done():
		err = ctx.Err()
	case <-timeout.C:
	}
	// w is in the queue of, or was granted by, b or a bucket b was
	// merged into since; the live one holds it now.
	b = lockLive(b)
	defer b.mu.Unlock()
	if w.granted { // granted while we gave up: hand the slot on
		b.release(w.from, w.gen, w.probe)
		b.pump(l.now())
	} else {
		b.remove(w)
	}
	if err != nil {
		return nil, 0, false, err
	}
	return nil, 0, false, &Error{RetryAfter: b.estimate(l.now()), Reason: "bucket still busy after the longest wait", Cause: ErrWaitTooLong}
}

// waitGlobal reserves the token's next global slot and sleeps until it,
// or fails at once if the slot comes after deadline.
func (l *Limiter) waitGlobal(ctx context.Context, token string, deadline time.Time) error {
	now := l.now()
	d, ok := l.store.TakeGlobal(token, l.perSecond(token), now, max(deadline.Sub(now), 0))
	if !ok {
		return &Error{RetryAfter: d, Reason: "global limit of this token", Cause: ErrWaitTooLong}
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// bucketFor returns the bucket of k, creating it (or finding the one its
// learned hash names) on first use.
func (l *Limiter) bucketFor(k RouteKey) *bucket {
	s := &l.shards[maphash.Comparable(l.seed, k)%uint64(len(l.shards))]
	s.mu.Lock()
	b := s.routes[k]
	s.mu.Unlock()
	if b != nil && !b.dead.Load() {
		return b
	}
	// First use in this process (or since a sweep): another process, or
	// an earlier life of this route key, may have learned its hash.
	fresh := false
	if hash := l.store.BucketHash(k); hash != "" {
		b = l.hashBucket(hashKey{k.Token, hash, k.Major}, nil)
	} else {
		b, fresh = l.newBucket(k.Token, k.Major), true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.routes[k]; old != nil && !old.dead.Load() {
		if fresh {
			l.unrefProbes(b.probe) // b is dropped unused
		}
		return old
	}
	s.routes[k] = b
	return b
}

// hashBucket returns the bucket registered for hk, registering b (or a new
// bucket if b is nil) when there is none. The bucket returned may have
// been merged since into another; lockLive finds that one.
func (l *Limiter) hashBucket(hk hashKey, b *bucket) *bucket {
	s := &l.shards[maphash.Comparable(l.seed, hk)%uint64(len(l.shards))]
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.hashes[hk]; old != nil && !old.dead.Load() {
		return old
	}
	if b == nil {
		b = l.newBucket(hk.token, hk.major)
	}
	s.hashes[hk] = b
	return b
}

// group makes route key k, whose bucket b a response has just named hash,
// share the bucket registered for hash: b is merged into it (queue,
// requests in flight and window; see absorb) and k points at it. When no
// bucket is registered for hash, b becomes it. It returns the live bucket
// that now holds p's slot, locked, so the response is applied to the
// merged window before anything is granted from it.
func (l *Limiter) group(k RouteKey, b *bucket, hash string, now time.Time) *bucket {
	owner := l.hashBucket(hashKey{k.Token, hash, k.Major}, b)
	if owner == b {
		return lockLive(b) // the common case: b is the bucket of hash already
	}
	into := l.merge(b, owner, now)
	s := &l.shards[maphash.Comparable(l.seed, k)%uint64(len(l.shards))]
	s.mu.Lock()
	if s.routes[k] == b {
		s.routes[k] = owner
	}
	s.mu.Unlock()
	return into
}

// merge absorbs from into into, or the live buckets they were merged into,
// and returns the one absorbing, locked.
func (l *Limiter) merge(from, into *bucket, now time.Time) *bucket {
	l.mergeMu.Lock()
	defer l.mergeMu.Unlock()
	// Under mergeMu no merged pointer changes, so the live ends of both
	// chains stay live while we lock them one after the other.
	from, into = live(from), live(into)
	if from == into {
		into.mu.Lock()
		return into
	}
	from.mu.Lock()
	into.mu.Lock()
	into.absorb(from, now)
	from.mu.Unlock()
	return into
}

// live returns the bucket b was merged into, or b; only under mergeMu does
// the answer stay true.
func live(b *bucket) *bucket {
	b = lockLive(b)
	b.mu.Unlock()
	return b
}

// Done reports the response to the request p permitted. Calls after the
// first (or after Abandon) do nothing.
func (p Permit) Done(h Headers) {
	g := p.end()
	if g == nil {
		return
	}
	l, now := g.l, g.l.now()
	l.judgeToken(g, &h, now)
	if l.gate != nil && g.ticket.ID != "" {
		l.gate.Finish(RouteKey{g.req.Token, g.req.Method, g.req.Route, g.req.Major}, g.ticket, h, now)
	}
	if h.Status == 429 && (h.Global || h.Scope == "global") {
		l.store.LockGlobal(g.req.Token, now.Add(h.RetryAfter))
	}
	k := RouteKey{g.req.Token, g.req.Method, g.req.Route, g.req.Major}
	// g.b, or the bucket it was merged into, which took over g's slot.
	var b *bucket
	if h.Bucket != "" && h.Status != 429 {
		if l.store.BucketHash(k) != h.Bucket {
			l.store.SetBucketHash(k, h.Bucket)
		}
		b = l.group(k, g.b, h.Bucket, now)
	} else {
		b = lockLive(g.b)
	}
	b.inflight--
	if g.probe {
		b.probe.inflight.Add(-1)
	}
	wasKnown, limit := b.known, b.limit
	b.learn(&h, now, b.inflight)
	b.answered = true
	b.pump(now)
	if len(b.waiters) > 0 && (!wasKnown || b.limit < limit || h.Status == 429 || b != g.b) {
		// The queue's wait just became known, or longer: fail at once
		// those that would outlast their wait.
		b.shed(now)
	}
	b.mu.Unlock()
	l.release(g)
}

// release returns g to the pool; nothing may use it after.
func (l *Limiter) release(g *grant) {
	g.req, g.b, g.ticket = Request{}, nil, Ticket{} // let go of what the next user will not need
	l.grants.Put(g)
}

// Abandon gives the slot back: the request was not sent, or no response
// came (a connection error). Calls after the first (or after Done) do nothing.
func (p Permit) Abandon() {
	g := p.end()
	if g == nil {
		return
	}
	if g.tokenProbe {
		g.l.endTokenProbe(g.req.Token)
	}
	if g.l.gate != nil && g.ticket.ID != "" {
		g.l.gate.Release(g.ticket)
	}
	b := lockLive(g.b)
	b.release(g.b, g.gen, g.probe)
	b.pump(g.l.now())
	b.mu.Unlock()
	g.l.release(g)
}
