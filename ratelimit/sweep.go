package ratelimit

import (
	"context"
	"time"
)

// Sweep drops what no request needs any more, so memory follows the
// traffic of the last while, not of the process's whole life: buckets
// unused for idle with nothing queued or in flight and their window over
// (a later request to them starts over with one request alone), probe
// counts no bucket points at, and the store's idle state (see
// Store.Sweep). A token Discord rejected is forgotten only once its 401
// has left the invalid window.
func (l *Limiter) Sweep(now time.Time, idle time.Duration) {
	for i := range l.shards {
		l.sweepShard(&l.shards[i], now, idle)
	}
	l.probesMu.Lock()
	for k, p := range l.probes {
		if p.refs <= 0 && p.inflight.Load() == 0 {
			delete(l.probes, k)
		}
	}
	l.probesMu.Unlock()
	l.store.Sweep(now, l.o.InvalidWindow)
}

// SweepEvery sweeps every interval, dropping what has been idle that
// long, until ctx ends.
func (l *Limiter) SweepEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.Sweep(l.now(), interval)
		}
	}
}

func (l *Limiter) sweepShard(s *shard, now time.Time, idle time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dropped := 0
	for k, b := range s.routes {
		if l.retire(b, now, idle) {
			delete(s.routes, k)
			dropped++
		}
	}
	s.routes = compacted(s.routes, dropped)
	dropped = 0
	for k, b := range s.hashes {
		if l.retire(b, now, idle) {
			delete(s.hashes, k)
			dropped++
		}
	}
	s.hashes = compacted(s.hashes, dropped)
}

// compacted returns m, or a copy of it when a sweep emptied most of it: a
// Go map keeps the room of its largest size after deletes, so without the
// copy a burst of distinct keys (100,000 channels once) would hold its
// memory for the life of the process.
func compacted[K comparable, V any](m map[K]V, dropped int) map[K]V {
	if dropped < 1024 || dropped < 2*len(m) {
		return m
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// retire marks b dead if it is idle and reports whether it is dead. The
// caller holds a shard lock, and bucket locks come before shard locks
// (group), so it only tries b's: a bucket locked now is busy anyway.
func (l *Limiter) retire(b *bucket, now time.Time, idle time.Duration) bool {
	if b.dead.Load() {
		return true
	}
	if !b.mu.TryLock() {
		return false
	}
	defer b.mu.Unlock()
	if !b.idle(now, idle) {
		return false
	}
	b.dead.Store(true)
	l.unrefProbes(b.probe)
	return true
}

// idle reports whether dropping b loses nothing a request still needs.
// A merged bucket is left alone: route keys may still lead through it.
func (b *bucket) idle(now time.Time, idle time.Duration) bool {
	return b.merged == nil && len(b.waiters) == 0 && b.inflight == 0 && b.timer == nil &&
		now.Sub(b.used) >= idle && !now.Before(b.reset) && !now.Before(b.hold)
}
