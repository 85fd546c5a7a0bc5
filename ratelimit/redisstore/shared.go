package redisstore

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// The ratelimit.Store methods. While Redis is down each one answers from
// the local store, which the limiter then uses as its own: in fail-closed
// mode Admit refuses everything anyway.

func (s *Store) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 2*s.o.Timeout)
}

// BucketHash reads the hash learned for k, from the cache when known.
func (s *Store) BucketHash(k ratelimit.RouteKey) string {
	if h, ok := s.cache.hash(k); ok {
		return h
	}
	if s.down.Load() {
		return s.local.BucketHash(k)
	}
	ctx, cancel := s.ctx()
	defer cancel()
	began := s.roundTrip()
	h, err := s.rdb.Get(ctx, s.routeHashKey(k)).Result()
	switch {
	case errors.Is(err, redis.Nil):
		return ""
	case err != nil:
		s.fail(err, began)
		return s.local.BucketHash(k)
	}
	s.cache.setHash(k, h)
	return h
}

// SetBucketHash records the hash for k (finishScript also does, with
// each answer that names one).
func (s *Store) SetBucketHash(k ratelimit.RouteKey, hash string) {
	s.cache.setHash(k, hash)
	s.local.SetBucketHash(k, hash)
	if s.down.Load() {
		return
	}
	ctx, cancel := s.ctx()
	defer cancel()
	began := s.roundTrip()
	if err := s.rdb.Set(ctx, s.routeHashKey(k), hash, time.Hour).Err(); err != nil {
		s.fail(err, began)
	}
}

// TakeGlobal reserves a global slot (without a bucket: the limiter uses
// Admit, which does both; this serves other callers of the Store).
func (s *Store) TakeGlobal(token string, perSecond int, now time.Time, maxWait time.Duration) (time.Duration, bool) {
	if s.down.Load() {
		return s.fallback.take(token, s.share(perSecond), now, maxWait)
	}
	v, err := s.run(takeGlobalScript, []string{s.key(token, "g"), s.key(token, "gl")},
		ms(now), s.nextID(), max(perSecond, 1), ratelimit.GlobalWindow.Milliseconds(), max(maxWait.Milliseconds(), 0))
	if err != nil {
		return s.fallback.take(token, s.share(perSecond), now, maxWait)
	}
	code, _ := at(v, 0).(int64)
	if s.o.FailLocal {
		s.fallback.observe(token, slotTime(at(v, 3)), now)
		if code == 1 {
			s.fallback.record(token, now.Add(dur(at(v, 1))))
		}
	}
	return dur(at(v, 1)), code == 1
}

// LockGlobal stops the token's global traffic until until, everywhere.
func (s *Store) LockGlobal(token string, until time.Time) {
	s.fallback.lock(token, until)
	if s.down.Load() {
		return
	}
	_, _ = s.run(lockScript, []string{s.key(token, "gl")}, until.UnixMilli(), ms(time.Now()))
}

// invalidFresh is how long a read of the invalid counts (n == 0, before
// each request) is reused: the replicas together may overspend the
// budget by what they send in that time.
const invalidFresh = 250 * time.Millisecond

// AddInvalid counts invalid answers in Redis; reads come from a cache
// younger than invalidFresh.
func (s *Store) AddInvalid(token string, unknown bool, n int, now time.Time, window time.Duration) ratelimit.InvalidCounts {
	if n == 0 {
		if c, ok := s.cache.invalid(token, unknown, now); ok {
			return c
		}
	}
	if s.down.Load() {
		return s.local.AddInvalid(token, unknown, n, now, window)
	}
	width := max(window.Milliseconds()/600, 1)
	v, err := s.run(invalidScript,
		[]string{s.key(token, "inv"), s.o.KeyPrefix + "inv:total", s.o.KeyPrefix + "inv:unknown"},
		ms(now), n, width, window.Milliseconds()+width, "1", "1", boolArg(unknown))
	if err != nil || len(v) != 6 {
		return s.local.AddInvalid(token, unknown, n, now, window)
	}
	count := func(i int) ratelimit.Count {
		c, _ := at(v, i).(int64)
		return ratelimit.Count{N: int(c), NextExpiry: dur(at(v, i+1))}
	}
	c := ratelimit.InvalidCounts{Token: count(0), Total: count(2), Unknown: count(4)}
	s.cache.setInvalid(token, unknown, now, c)
	return c
}

// statusFresh is how long a token's status read from Redis is reused.
const statusFresh = time.Second

// TokenStatus reads what Discord made of the token, from a cache younger
// than statusFresh.
func (s *Store) TokenStatus(token string) ratelimit.TokenStatus {
	now := time.Now()
	if st, ok := s.cache.status(token, now); ok {
		return st
	}
	if s.down.Load() {
		return s.local.TokenStatus(token)
	}
	ctx, cancel := s.ctx()
	defer cancel()
	began := s.roundTrip()
	v, err := s.rdb.Get(ctx, s.key(token, "st")).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		s.fail(err, began)
		return s.local.TokenStatus(token)
	}
	n, _ := strconv.Atoi(v)
	st := ratelimit.TokenStatus(n)
	s.cache.setStatus(token, st, now)
	return st
}

// tokenStatusTTL bounds how long Redis remembers a token's status
// without a new answer.
const tokenStatusTTL = 24 * time.Hour

// SetTokenStatus records the token's status everywhere.
func (s *Store) SetTokenStatus(token string, st ratelimit.TokenStatus) {
	s.cache.setStatus(token, st, time.Now())
	s.local.SetTokenStatus(token, st)
	if s.down.Load() {
		return
	}
	ctx, cancel := s.ctx()
	defer cancel()
	began := s.roundTrip()
	var err error
	if st == ratelimit.TokenUnknown {
		err = s.rdb.Del(ctx, s.key(token, "st")).Err()
	} else {
		err = s.rdb.Set(ctx, s.key(token, "st"), int(st), tokenStatusTTL).Err()
	}
	if err != nil {
		s.fail(err, began)
	}
}

// Sweep drops the local caches and the fallback's idle state; Redis keys
// expire by themselves.
func (s *Store) Sweep(now time.Time, invalidWindow time.Duration) {
	s.cache.sweep(now)
	s.fallback.sweep(now)
	s.local.Sweep(now, invalidWindow)
}

var (
	_ ratelimit.Store = (*Store)(nil)
	_ ratelimit.Gate  = (*Store)(nil)
)
