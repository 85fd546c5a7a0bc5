package redisstore

import (
	"sort"
	"sync"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// fallbackLog is this replica's own record of the global slots it
// reserved, through Redis or not, for --redis-fail local. When Redis
// goes away, requests every replica already admitted still wait for
// slots reserved up to MaxWait ahead. Every answer to an admission or to
// a request's end names the newest slot of all replicas then (observe),
// and so how deep the queue Redis kept was. This replica's first slot of
// its own comes a window and switchMargin after the newest slot it heard
// of, or after Redis went away plus that depth, whichever is later: the
// queue's depth stays about the same under steady load (each window's
// burst reserves the window a queue's depth ahead), so the others' newest
// slot moved on while this replica heard nothing. No window then holds
// both Redis's slots and the replicas' own. (Its own newest slot is not
// enough, nor the newest it heard of alone: a replica whose callers all
// wait on their buckets hears nothing for seconds while the others
// queue.) Left uncovered: a burst that deepened the queue by more than
// switchMargin after this replica's last answer, and a partition that
// cuts this replica alone off Redis while the others go on through it.
// When Redis returns, the slots still ahead are handed back to it
// (handBack), so Redis does not land on top of them.
type fallbackLog struct {
	mu     sync.Mutex // guards tokens and downAt
	tokens map[string]*startLog
	downAt time.Time // when Redis was last found unreachable
}

// startLog is one token's reservations, sorted, its reactive lock, and
// the newest slot of all replicas Redis named.
type startLog struct {
	starts      []time.Time
	lockedUntil time.Time
	newest      time.Time // the newest slot of all replicas Redis named
	heard       time.Time // the last answer naming it
}

// switchMargin is how much later than the estimate above the others'
// newest slot may be when Redis goes away.
const switchMargin = 250 * time.Millisecond

// keepHeard is how long a token's last answer is kept with nothing else
// to keep (sweep): its queue's depth still bounds the switch.
const keepHeard = time.Minute

func (f *fallbackLog) get(token string) *startLog {
	if f.tokens == nil {
		f.tokens = map[string]*startLog{}
	}
	l := f.tokens[token]
	if l == nil {
		l = &startLog{}
		f.tokens[token] = l
	}
	return l
}

// record notes a reservation Redis made for this replica.
func (f *fallbackLog) record(token string, start time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.get(token)
	l.prune(start)
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i].After(start) })
	l.starts = append(l.starts, time.Time{})
	copy(l.starts[i+1:], l.starts[i:])
	l.starts[i] = start
}

// observe notes the newest global slot of all replicas (zero: none),
// from a Redis answer at now.
func (f *fallbackLog) observe(token string, newest, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.get(token)
	l.newest, l.heard = later(l.newest, newest), later(l.heard, now)
}

// wentDown notes that Redis was found unreachable by a command begun at
// began.
func (f *fallbackLog) wentDown(began time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.downAt = later(f.downAt, began)
}

// notBefore is when l's slots of this replica's own may begin (see
// fallbackLog).
func (f *fallbackLog) notBefore(l *startLog) time.Time {
	var depth time.Duration
	if !l.heard.IsZero() {
		depth = max(l.newest.Sub(l.heard), 0)
	}
	return later(l.newest, f.downAt.Add(depth)).Add(ratelimit.GlobalWindow + switchMargin)
}

func (f *fallbackLog) lock(token string, until time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if l := f.get(token); until.After(l.lockedUntil) {
		l.lockedUntil = until
	}
}

// take reserves the token's next slot at per a GlobalWindow, as the
// Redis script does: no sooner than a window after the per-th newest,
// nor before the newest or the lock's end.
func (f *fallbackLog) take(token string, per int, now time.Time, maxWait time.Duration) (time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.get(token)
	l.prune(now)
	start := now
	if n := len(l.starts); n > 0 {
		if n >= per {
			start = later(start, l.starts[n-per].Add(ratelimit.GlobalWindow))
		}
		start = later(start, l.starts[n-1])
	}
	start = later(later(start, l.lockedUntil), f.notBefore(l))
	if wait := start.Sub(now); wait > maxWait {
		return wait, false
	}
	l.starts = append(l.starts, start)
	return start.Sub(now), true
}

// prune forgets starts a whole window before now.
func (l *startLog) prune(now time.Time) {
	i := 0
	for i < len(l.starts) && !l.starts[i].Add(ratelimit.GlobalWindow).After(now) {
		i++
	}
	l.starts = append(l.starts[:0], l.starts[i:]...)
}

// ahead returns, by token, the slots not yet started at now.
func (f *fallbackLog) ahead(now time.Time) map[string][]time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]time.Time{}
	for tok, l := range f.tokens {
		i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i].After(now) })
		if i < len(l.starts) {
			out[tok] = append([]time.Time(nil), l.starts[i:]...)
		}
	}
	return out
}

// sweep drops tokens with nothing that can still delay a request.
func (f *fallbackLog) sweep(now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for tok, l := range f.tokens {
		l.prune(now)
		if len(l.starts) == 0 && !now.Before(l.lockedUntil) && !now.Before(f.notBefore(l)) && now.Sub(l.heard) >= keepHeard {
			delete(f.tokens, tok)
		}
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
