// Package redisstore is a ratelimit.Store (and ratelimit.Gate) in Redis,
// shared by every proxy replica pointed at the same Redis: bucket
// windows and requests in flight, learned bucket hashes, the global
// window and lock, the invalid-request counts and token states. Each
// acquire is one script (EVALSHA) run atomically by Redis; every key
// expires on its own, and a slot in flight is a sorted-set member scored
// by its expiry, so a replica that dies mid-request leaks it only until
// then.
//
// When Redis cannot be reached the store fails closed (Admit refuses
// with a *ratelimit.Error) or, with FailLocal, falls back to this
// process's own limits, the global one divided by Replicas; a probe
// brings it back to Redis when Redis answers again.
//
// Keys hold token fingerprints (never tokens) and route templates with
// their major parameter, all of one token under one hash tag.
package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// Options configure a Store. Zero values take the defaults.
type Options struct {
	URL         string        // redis://[user:pass@]host:port/db
	FailLocal   bool          // on Redis errors fall back to local limits instead of refusing
	Replicas    int           // how many replicas share the limits; the fallback takes 1/Replicas of the global limit
	Timeout     time.Duration // per command (dial, read, write); default 250ms
	InflightTTL time.Duration // a slot in flight is forgotten after this (a dead replica's); default 2m
	ProbeEvery  time.Duration // how often to try Redis again while it is down; default 1s
	KeyPrefix   string        // default "dmp:"
	// OnChange is called (from any goroutine) when Redis becomes
	// unreachable (err set) or reachable again (err nil).
	OnChange func(err error)
}

// Store is the Redis store. Close it when done.
type Store struct {
	o     Options
	rdb   *redis.Client
	local ratelimit.Store // the fallback, and the cache of nothing else
	id    string          // this process, in slot ids
	seq   atomic.Uint64

	down      atomic.Bool
	probing   atomic.Bool
	stats     counters
	closed    chan struct{}
	closeOnce sync.Once

	cache    cache
	fallback fallbackLog // with FailLocal: this replica's global reservations
}

// counters are the store's figures for metrics.
type counters struct {
	roundTrips, errors, fallbacks, refusals atomic.Uint64
}

// Stats are the store's counters since it started.
type Stats struct {
	RoundTrips uint64 // commands and scripts sent to Redis
	Errors     uint64 // of those, failed
	Fallbacks  uint64 // times Redis was found unreachable
	Refusals   uint64 // requests refused because Redis was unreachable (fail closed)
	Down       bool   // Redis is unreachable now
}

// New connects to o.URL. It fails on a malformed URL, not on an
// unreachable Redis: that is the failure mode's business.
func New(o Options) (*Store, error) {
	opt, err := redis.ParseURL(o.URL)
	if err != nil {
		return nil, fmt.Errorf("redisstore: --redis-url: %w", err)
	}
	if o.Timeout <= 0 {
		o.Timeout = 250 * time.Millisecond
	}
	if o.InflightTTL <= 0 {
		o.InflightTTL = 2 * time.Minute
	}
	if o.ProbeEvery <= 0 {
		o.ProbeEvery = time.Second
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.KeyPrefix == "" {
		o.KeyPrefix = "dmp:"
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = o.Timeout, o.Timeout, o.Timeout
	opt.PoolTimeout = o.Timeout
	// A retried script may already have run: reserving twice is worse
	// than failing once.
	opt.MaxRetries = -1
	opt.DialerRetries = 1 // down is down: the probe tries again
	opt.PoolSize = max(opt.PoolSize, 64)
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("redisstore: process id: %w", err)
	}
	s := &Store{o: o, rdb: redis.NewClient(opt), local: ratelimit.NewMemoryStore(), id: hex.EncodeToString(b[:]),
		closed: make(chan struct{})}
	s.cache.init()
	return s, nil
}

// Close stops the probe and closes the connections.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return s.rdb.Close()
}

// Stats returns the store's counters.
func (s *Store) Stats() Stats {
	return Stats{RoundTrips: s.stats.roundTrips.Load(), Errors: s.stats.errors.Load(),
		Fallbacks: s.stats.fallbacks.Load(), Refusals: s.stats.refusals.Load(), Down: s.down.Load()}
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	s.stats.roundTrips.Add(1)
	return s.rdb.Ping(ctx).Err()
}

// run runs a script, counting the round trip; an error marks Redis down.
func (s *Store) run(sc *redis.Script, keys []string, args ...any) ([]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*s.o.Timeout)
	defer cancel()
	began := s.roundTrip()
	v, err := sc.Run(ctx, s.rdb, keys, args...).Result()
	if err != nil {
		s.fail(err, began)
		return nil, err
	}
	out, _ := v.([]any) // the scripts that answer nothing answer 1
	return out, nil
}

// roundTrip counts a command about to go to Redis and returns when it
// began (fail takes it).
func (s *Store) roundTrip() time.Time {
	s.stats.roundTrips.Add(1)
	return time.Now()
}

// fail marks Redis down and starts the probe that notices its return.
func (s *Store) fail(err error, began time.Time) {
	s.stats.errors.Add(1)
	if s.down.Load() {
		return
	}
	// Before down is set: a request that finds Redis down must find
	// when it went (fallbackLog.notBefore). The failed command's start,
	// not now: a command to a dead Redis takes up to its timeout (and
	// go-redis's retries) to fail.
	s.fallback.wentDown(began)
	if s.down.Swap(true) {
		return
	}
	s.stats.fallbacks.Add(1)
	if s.o.OnChange != nil {
		s.o.OnChange(err)
	}
	if s.probing.CompareAndSwap(false, true) {
		go s.probe()
	}
}

// probe pings Redis every ProbeEvery until it answers, then marks it up.
func (s *Store) probe() {
	defer s.probing.Store(false)
	t := time.NewTicker(s.o.ProbeEvery)
	defer t.Stop()
	for {
		select {
		case <-s.closed:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.o.Timeout)
		err := s.Ping(ctx)
		cancel()
		if err == nil && s.o.FailLocal {
			err = s.handBack()
		}
		if err == nil {
			s.down.Store(false)
			if s.o.OnChange != nil {
				s.o.OnChange(nil)
			}
			return
		}
	}
}

// handBack logs in Redis the global slots this replica reserved on its
// own and has not used yet, so the first requests through Redis again
// are placed around them, not on top.
func (s *Store) handBack() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*s.o.Timeout)
	defer cancel()
	now := time.Now()
	for tok, starts := range s.fallback.ahead(now) {
		zs := make([]redis.Z, len(starts))
		for i, t := range starts {
			zs[i] = redis.Z{Score: float64(ms(t)), Member: s.nextID()}
		}
		key := s.key(tok, "g")
		s.stats.roundTrips.Add(1)
		_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.ZAdd(ctx, key, zs...)
			p.PExpire(ctx, key, starts[len(starts)-1].Sub(now)+ratelimit.GlobalWindow+time.Second)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// key names the token's keys: one hash tag per token keeps them in one
// cluster slot.
func (s *Store) key(token, rest string) string {
	return s.o.KeyPrefix + "{" + token + "}:" + rest
}

func (s *Store) routeHashKey(k ratelimit.RouteKey) string {
	return s.key(k.Token, "rh:"+k.Method+" "+k.Route+" "+k.Major)
}

func (s *Store) nextID() string {
	return s.id + ":" + strconv.FormatUint(s.seq.Add(1), 36)
}

// ms is t in whole milliseconds since the epoch, rounded up: a start
// logged no earlier than it happens keeps the global window whole.
func ms(t time.Time) int64 {
	return (t.UnixNano() + int64(time.Millisecond) - 1) / int64(time.Millisecond)
}

func dur(v any) time.Duration {
	n, _ := v.(int64)
	return time.Duration(n) * time.Millisecond
}

// slotTime reads a script's slot in ms since the epoch; zero (none) or
// another shape reads as the zero time.
func slotTime(v any) time.Time {
	if n, _ := v.(int64); n > 0 {
		return time.UnixMilli(n)
	}
	return time.Time{}
}

// at is v[i], or nil past its end: a script's answer of another shape
// reads as zeros, never a panic.
func at(v []any, i int) any {
	if i < len(v) {
		return v[i]
	}
	return nil
}
