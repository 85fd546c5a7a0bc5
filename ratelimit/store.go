package ratelimit

import (
	"sync"
	"time"
)

// RouteKey names one bucket key of one token, before Discord has told us
// which bucket hash it belongs to.
type RouteKey struct {
	Token, Method, Route, Major string
}

// Store holds what the limiter learns that several proxy processes sharing
// a token must agree on: which routes share a Discord bucket, the token's
// global limit (proactive and reactive), the invalid-request counts and
// what Discord made of each token. Each method is atomic on its own.
//
// The FIFO queues of waiting requests stay in each process, and so do
// the per-bucket windows (remaining, reset) unless the store is also a
// Gate (see gate.go): a shared store that is not one bounds global and
// invalid traffic but not a hot bucket, since each process may spend a
// bucket's Remaining once.
type Store interface {
	// BucketHash returns the X-RateLimit-Bucket hash learned for k, or "".
	BucketHash(k RouteKey) string
	SetBucketHash(k RouteKey, hash string)

	// TakeGlobal reserves the token's next global slot: at most perSecond
	// reservations may start within any interval of GlobalWindow (a
	// sliding window, so no fixed 1 s window of Discord's, wherever it
	// starts, sees more than perSecond), and none before a reactive lock
	// ends. It returns how long the caller must wait before sending; if
	// that would exceed max it reserves nothing and returns the wait with
	// ok false.
	TakeGlobal(token string, perSecond int, now time.Time, max time.Duration) (wait time.Duration, ok bool)
	// LockGlobal stops the token's global traffic until until (a 429 with
	// the global flag).
	LockGlobal(token string, until time.Time)

	// AddInvalid records n invalid responses (n may be 0, to read) for the
	// token at now, counting them also in the total of all tokens and, if
	// unknown (Discord has not accepted the token yet), in the unknown
	// tokens' pool, and returns the three counts within window.
	AddInvalid(token string, unknown bool, n int, now time.Time, window time.Duration) InvalidCounts

	// TokenStatus says what Discord made of the token so far;
	// SetTokenStatus records it (TokenUnknown forgets it).
	TokenStatus(token string) TokenStatus
	SetTokenStatus(token string, st TokenStatus)

	// Sweep drops idle state: global logs past their window and lock,
	// invalid counts whose window has emptied, rejected tokens whose 401
	// has left it, and bucket hashes not set since the sweep before. A
	// store whose entries expire by themselves (Redis TTLs) does nothing.
	Sweep(now time.Time, invalidWindow time.Duration)
}

// TokenStatus is what Discord made of a token.
type TokenStatus uint8

const (
	TokenUnknown  TokenStatus = iota // no answer has told yet
	TokenAccepted                    // Discord authenticated it (2xx, 403, 404), or the operator vouched for it
	TokenRejected                    // Discord answered 401 to its own authority
)

// InvalidCounts are invalid responses within the window: the token's,
// every token's, and those of tokens Discord had not accepted yet.
type InvalidCounts struct {
	Token, Total, Unknown Count
}

// Count is a sliding count and how long until it next drops.
type Count struct {
	N          int
	NextExpiry time.Duration
}

// Keys of the shared invalid counts; token fingerprints are hex, so never
// these.
const (
	totalKey   = "*total"
	unknownKey = "*unknown"
)

// NewMemoryStore returns the in-process Store.
func NewMemoryStore() Store {
	return &memoryStore{
		hashes:  map[RouteKey]hashEntry{},
		global:  map[string]*globalState{},
		invalid: map[string]*slidingCount{},
		status:  map[string]TokenStatus{},
	}
}

type memoryStore struct {
	mu      sync.Mutex // guards all maps and the states they point to
	hashes  map[RouteKey]hashEntry
	global  map[string]*globalState
	invalid map[string]*slidingCount // by token, and totalKey, unknownKey
	status  map[string]TokenStatus
}

// GlobalWindow is the interval in which at most GlobalPerSecond requests
// of a token start: a second, plus a margin for the time between our
// sending a request and Discord receiving it (timer lateness, scheduling,
// the network), which moves requests sent a second apart closer together.
// 20 ms was measured too little under load on 2 cores (6 global 429s in
// 3,000 calls from 200 callers); 60 ms costs 6% of peak throughput.
const GlobalWindow = time.Second + 60*time.Millisecond

// globalState is a sliding-window log of the token's global
// reservations. A reservation may start no sooner than GlobalWindow after
// the perSecond-th before it, so no interval of GlobalWindow holds more
// than perSecond. (A token bucket of perSecond refilling perSecond a
// second would allow nearly twice that in one second: a full burst, then
// the refill.)
//
// Start times are logged rounded up to globalQuantum, in runs of equal
// times, and only as far back as can still matter (the newest perSecond,
// none a whole window before the latest clock reading), so a log holds at
// most about GlobalWindow/globalQuantum runs however high the limit.
//
// Callers read the clock before taking the store's lock, so their nows
// arrive slightly out of order. Rather than make a caller whose reading is
// a few microseconds stale wait for the others (a timer each), the log
// records each reservation at no earlier than the latest reading seen,
// which is no later than when the caller actually sends. Rounding and
// stale readings only make the window longer, by under a quantum.
type globalState struct {
	runs        []globalRun // oldest first, from head; at is nondecreasing
	head        int
	total       int       // reservations in runs[head:]
	latest      time.Time // the latest now seen: no request is sent before it any more
	lockedUntil time.Time
}

type globalRun struct {
	at int64 // start time, in globalQuantum units since the epoch, rounded up
	n  int   // reservations starting then
}

const globalQuantum = time.Millisecond

// earliest is the soonest a new reservation may start, perSecond per
// GlobalWindow, not before now.
func (g *globalState) earliest(now time.Time, perSecond int) time.Time {
	if now.After(g.latest) {
		g.latest = now
		// Forget runs a whole window before now: nothing sent from now on
		// can come within a window of them.
		for g.head < len(g.runs) && g.runs[g.head].at*int64(globalQuantum)+int64(GlobalWindow) <= now.UnixNano() {
			g.total -= g.runs[g.head].n
			g.head++
		}
	}
	if g.total < perSecond {
		return now
	}
	// runs[head] holds the perSecond-th newest (see take).
	t := time.Unix(0, g.runs[g.head].at*int64(globalQuantum)).Add(GlobalWindow)
	if t.After(now) {
		return t
	}
	return now
}

// idle reports whether nothing logged can delay a request from now on.
func (g *globalState) idle(now time.Time) bool {
	if now.Before(g.lockedUntil) {
		return false
	}
	last := len(g.runs) - 1
	return last < g.head || g.runs[last].at*int64(globalQuantum)+int64(GlobalWindow) <= now.UnixNano()
}

// take logs a reservation starting at start (from earliest).
func (g *globalState) take(start time.Time, perSecond int) {
	if g.latest.After(start) {
		start = g.latest
	}
	at := (start.UnixNano() + int64(globalQuantum) - 1) / int64(globalQuantum)
	if k := len(g.runs); k > g.head && g.runs[k-1].at >= at {
		g.runs[k-1].n++ // the same quantum, or before a reservation made for later
	} else {
		if g.head > 0 && g.head >= len(g.runs)/2 {
			g.runs = append(g.runs[:0], g.runs[g.head:]...)
			g.head = 0
		}
		g.runs = append(g.runs, globalRun{at: at, n: 1})
	}
	g.total++
	// Keep only the runs holding the newest perSecond.
	for g.total-g.runs[g.head].n >= perSecond {
		g.total -= g.runs[g.head].n
		g.head++
	}
}

// hashEntry is a learned hash; stale marks one not set since the last
// sweep, which the next sweep drops. (The limiter sets it again when an
// answer shows it is missing, so a busy route keeps it.)
type hashEntry struct {
	hash  string
	stale bool
}

func (s *memoryStore) BucketHash(k RouteKey) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hashes[k].hash
}

func (s *memoryStore) SetBucketHash(k RouteKey, hash string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hashes[k] = hashEntry{hash: hash}
}

func (s *memoryStore) Sweep(now time.Time, invalidWindow time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dropped := 0
	for k, e := range s.hashes {
		if e.stale {
			delete(s.hashes, k)
			dropped++
		} else {
			s.hashes[k] = hashEntry{e.hash, true}
		}
	}
	s.hashes = compacted(s.hashes, dropped)
	for tok, g := range s.global {
		if g.idle(now) {
			delete(s.global, tok)
		}
	}
	for key, c := range s.invalid {
		if n, _ := c.add(0, now, invalidWindow); n == 0 {
			delete(s.invalid, key)
		}
	}
	for tok, st := range s.status {
		if _, counted := s.invalid[tok]; st == TokenRejected && !counted {
			delete(s.status, tok)
		}
	}
}

func (s *memoryStore) TakeGlobal(token string, perSecond int, now time.Time, max time.Duration) (time.Duration, bool) {
	if perSecond <= 0 {
		perSecond = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.global[token]
	if g == nil {
		g = &globalState{}
		s.global[token] = g
	}
	// The earliest this request may go: now, or when the window of the
	// last perSecond reservations has room, or when a lock ends.
	start := g.earliest(now, perSecond)
	if g.lockedUntil.After(start) {
		start = g.lockedUntil
	}
	wait := start.Sub(now)
	if wait > max {
		return wait, false
	}
	g.take(start, perSecond)
	return wait, true
}

func (s *memoryStore) LockGlobal(token string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.global[token]
	if g == nil {
		g = &globalState{}
		s.global[token] = g
	}
	if until.After(g.lockedUntil) {
		g.lockedUntil = until
	}
}

func (s *memoryStore) AddInvalid(token string, unknown bool, n int, now time.Time, window time.Duration) InvalidCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := InvalidCounts{Token: s.count(token, n, now, window), Total: s.count(totalKey, n, now, window)}
	if unknown {
		c.Unknown = s.count(unknownKey, n, now, window)
	} else {
		c.Unknown = s.count(unknownKey, 0, now, window)
	}
	return c
}

func (s *memoryStore) count(key string, n int, now time.Time, window time.Duration) Count {
	c := s.invalid[key]
	if c == nil {
		if n == 0 {
			return Count{}
		}
		c = &slidingCount{}
		s.invalid[key] = c
	}
	total, next := c.add(n, now, window)
	return Count{total, next}
}

func (s *memoryStore) SetTokenStatus(token string, st TokenStatus) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st == TokenUnknown {
		delete(s.status, token)
	} else {
		s.status[token] = st
	}
}

func (s *memoryStore) TokenStatus(token string) TokenStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status[token]
}

// slots is how finely slidingCount divides its window: counts expire in
// steps of window/slots (1 s for 10 min).
const slots = 600

// slidingCount counts events in a sliding window, in slots of window/slots.
type slidingCount struct {
	count  [slots]int
	start  [slots]int64 // slot start, in slot units since the epoch
	total  int
	last   int64 // the slot of the previous call: expiry runs once per slot
	oldest int64 // start of the oldest non-empty slot, when total > 0
}

func (c *slidingCount) add(n int, now time.Time, window time.Duration) (int, time.Duration) {
	width := int64(window / slots)
	if width <= 0 {
		width = 1
	}
	cur := now.UnixNano() / width
	if cur != c.last {
		c.last = cur
		c.oldest = cur
		for i := range c.count {
			if c.count[i] == 0 {
				continue
			}
			if c.start[i] <= cur-slots {
				c.total -= c.count[i]
				c.count[i] = 0
			} else if c.start[i] < c.oldest {
				c.oldest = c.start[i]
			}
		}
	}
	if n == 0 {
		if c.total == 0 {
			return 0, 0
		}
		return c.total, time.Duration((c.oldest+slots)*width - now.UnixNano())
	}
	i := int(cur % slots)
	if c.start[i] != cur {
		c.total -= c.count[i]
		c.count[i], c.start[i] = 0, cur
	}
	if c.total == 0 {
		c.oldest = cur
	}
	c.count[i] += n
	c.total += n
	return c.total, time.Duration((c.oldest+slots)*width - now.UnixNano())
}
