package redisstore

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore/redistest"
)

func newStore(t *testing.T, url, prefix string, o Options) *Store {
	t.Helper()
	o.URL, o.KeyPrefix = url, prefix
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestGlobalSharedByReplicas: two stores (two replicas) reserving global
// slots of one token at once never put more than perSecond starts in any
// interval of GlobalWindow, and the second perSecond waits a window.
func TestGlobalSharedByReplicas(t *testing.T) {
	url, prefix := redistest.Shared(t), redistest.Prefix(t)
	a, b := newStore(t, url, prefix, Options{}), newStore(t, url, prefix, Options{})
	const per = 10
	now := time.Now()
	var starts []time.Time
	for i := 0; i < 3*per; i++ {
		s := a
		if i%2 == 1 {
			s = b
		}
		wait, ok := s.TakeGlobal("tok", per, now, time.Minute)
		if !ok {
			t.Fatalf("reservation %d refused", i)
		}
		starts = append(starts, now.Add(wait))
	}
	assertWindow(t, starts, per)
	if last := starts[len(starts)-1].Sub(now); last < 2*ratelimit.GlobalWindow {
		t.Errorf("the third %d started after %v, want at least two windows", per, last)
	}
	if _, ok := a.TakeGlobal("tok", per, now, time.Second); ok {
		t.Error("a reservation beyond maxWait was taken")
	}
	if st := a.Stats(); st.RoundTrips == 0 || st.Errors != 0 {
		t.Errorf("stats %+v", st)
	}
}

// assertWindow fails if any GlobalWindow holds more than per starts.
func assertWindow(t *testing.T, starts []time.Time, per int) {
	t.Helper()
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	for i := per; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-per]); d < ratelimit.GlobalWindow-time.Millisecond {
			t.Fatalf("starts %d and %d are %v apart: %d within a window", i-per, i, d, per+1)
		}
	}
}

// TestLockGlobalShared: a global 429 seen by one replica holds the other.
func TestLockGlobalShared(t *testing.T) {
	url, prefix := redistest.Shared(t), redistest.Prefix(t)
	a, b := newStore(t, url, prefix, Options{}), newStore(t, url, prefix, Options{})
	now := time.Now()
	a.LockGlobal("tok", now.Add(700*time.Millisecond))
	wait, ok := b.TakeGlobal("tok", 50, now, time.Minute)
	if !ok || wait < 650*time.Millisecond {
		t.Errorf("after the other replica's lock: wait %v ok %v, want about 700ms", wait, ok)
	}
}

// TestStateShared: hashes, token status and invalid counts one replica
// records, the other reads.
func TestStateShared(t *testing.T) {
	url, prefix := redistest.Shared(t), redistest.Prefix(t)
	a, b := newStore(t, url, prefix, Options{}), newStore(t, url, prefix, Options{})
	k := ratelimit.RouteKey{Token: "tok", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "1"}
	a.SetBucketHash(k, "abc")
	if h := b.BucketHash(k); h != "abc" {
		t.Errorf("hash read by the other replica: %q", h)
	}
	a.SetTokenStatus("bad", ratelimit.TokenRejected)
	if st := b.TokenStatus("bad"); st != ratelimit.TokenRejected {
		t.Errorf("token status read by the other replica: %v", st)
	}
	now := time.Now()
	a.AddInvalid("tok", false, 3, now, 10*time.Minute)
	c := b.AddInvalid("tok", true, 2, now, 10*time.Minute)
	if c.Token.N != 5 || c.Total.N != 5 || c.Unknown.N != 2 || c.Token.NextExpiry <= 9*time.Minute {
		t.Errorf("invalid counts %+v", c)
	}
	// A count a window old has expired.
	if c := b.AddInvalid("tok", false, 1, now.Add(10*time.Minute+2*time.Second), 10*time.Minute); c.Token.N != 1 {
		t.Errorf("after the window: %+v", c)
	}
}

// TestDeadReplicaSlot: a replica that dies with a request in flight (its
// probe of an unknown bucket) blocks the bucket only until the slot's
// expiry, not forever.
func TestDeadReplicaSlot(t *testing.T) {
	url, prefix := redistest.Shared(t), redistest.Prefix(t)
	dead := newStore(t, url, prefix, Options{InflightTTL: 300 * time.Millisecond})
	live := newStore(t, url, prefix, Options{})
	k := ratelimit.RouteKey{Token: "tok", Method: "GET", Route: "/channels/{channel_id}", Major: "1"}
	if v := dead.Admit(ratelimit.Admission{Key: k, PerSecond: 50, Now: time.Now(), MaxWait: time.Second}); !v.OK {
		t.Fatalf("first probe: %+v", v)
	}
	// It never finishes. The other replica waits for the probe's answer...
	if v := live.Admit(ratelimit.Admission{Key: k, PerSecond: 50, Now: time.Now(), MaxWait: time.Second}); v.OK || v.Retry <= 0 {
		t.Fatalf("second probe while the first is in flight: %+v", v)
	}
	// ...until the dead one's slot expires.
	time.Sleep(350 * time.Millisecond)
	if v := live.Admit(ratelimit.Admission{Key: k, PerSecond: 50, Now: time.Now(), MaxWait: time.Second}); !v.OK {
		t.Fatalf("after the dead replica's slot expired: %+v", v)
	}
}

// TestFailModes: with Redis stopped, fail closed refuses with
// ErrStoreUnavailable and fail local admits with the replica's share of
// the global limit; both come back to Redis when it does.
func TestFailModes(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	var changes []error
	onChange := func(err error) { mu.Lock(); changes = append(changes, err); mu.Unlock() }
	closed := newStore(t, srv.URL(), "c:", Options{ProbeEvery: 50 * time.Millisecond, OnChange: onChange})
	local := newStore(t, srv.URL(), "l:", Options{FailLocal: true, Replicas: 5, ProbeEvery: 50 * time.Millisecond})
	k := ratelimit.RouteKey{Token: "tok", Method: "GET", Route: "/channels/{channel_id}", Major: "1"}
	adm := func() ratelimit.Admission {
		return ratelimit.Admission{Key: k, Global: true, PerSecond: 50, Now: time.Now(), MaxWait: 10 * time.Second}
	}
	for _, s := range []*Store{closed, local} {
		if v := s.Admit(adm()); !v.OK {
			t.Fatalf("with Redis up: %+v", v)
		}
	}
	srv.Stop()
	v := closed.Admit(adm())
	if !errors.Is(v.Err, ratelimit.ErrStoreUnavailable) {
		t.Errorf("fail closed with Redis down: %+v", v)
	}
	var le *ratelimit.Error
	if !errors.As(v.Err, &le) || le.RetryAfter <= 0 {
		t.Errorf("fail closed: want a *ratelimit.Error with a retry-after, got %v", v.Err)
	}
	// Fail local: 50/s over 5 replicas is 10 per window here.
	now := time.Now()
	var starts []time.Time
	for i := 0; i < 20; i++ {
		a := adm()
		a.Now = now
		v := local.Admit(a)
		if !v.OK {
			t.Fatalf("fail local, admission %d: %+v", i, v)
		}
		starts = append(starts, now.Add(v.GlobalWait))
	}
	assertWindow(t, starts, 10)
	if st := local.Stats(); !st.Down || st.Fallbacks != 1 {
		t.Errorf("fail local stats: %+v", st)
	}
	srv.Restart()
	waitUp(t, closed)
	waitUp(t, local)
	if v := closed.Admit(adm()); !v.OK || v.Ticket.ID == "" {
		t.Errorf("fail closed after Redis returned: %+v", v)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(changes) != 2 || changes[0] == nil || changes[1] != nil {
		t.Errorf("OnChange calls: %v, want down then up", changes)
	}
}

func waitUp(t *testing.T, s *Store) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.Stats().Down {
		if time.Now().After(deadline) {
			t.Fatal("the store did not return to Redis")
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = s.Ping(context.Background())
}

func TestBadURL(t *testing.T) {
	if _, err := New(Options{URL: "http://nope"}); err == nil {
		t.Error("a non-redis URL was accepted")
	}
}

// TestFallbackKeepsQueuedSlots: with fail local, slots Redis reserved
// ahead stand when Redis goes away, and slots reserved locally stand when
// it returns: together the replicas never exceed the limit across either
// switch.
func TestFallbackKeepsQueuedSlots(t *testing.T) {
	srv := redistest.Start(t)
	const per = 10
	var replicas []*Store
	for i := 0; i < 2; i++ {
		replicas = append(replicas, newStore(t, srv.URL(), "q:", Options{FailLocal: true, Replicas: 2, ProbeEvery: 50 * time.Millisecond}))
	}
	now := time.Now()
	var starts []time.Time
	take := func(s *Store) {
		wait, ok := s.TakeGlobal("tok", per, now, time.Minute)
		if !ok {
			t.Fatalf("refused")
		}
		starts = append(starts, now.Add(wait))
	}
	for i := 0; i < 3*per; i++ { // three windows queued through Redis
		take(replicas[i%2])
	}
	srv.Stop()
	for i := 0; i < 2*per; i++ { // two more, each replica at half
		take(replicas[i%2])
	}
	for _, s := range replicas {
		if !s.Stats().Down {
			t.Error("a replica did not notice Redis stopped")
		}
	}
	// Redis returns, empty: the replicas hand back the slots they hold.
	srv.Restart()
	for _, s := range replicas {
		waitUp(t, s)
	}
	for i := 0; i < 2*per; i++ {
		take(replicas[i%2])
	}
	assertWindow(t, starts, per)
}

// TestFallbackAfterNewestOfAll: a replica that last took a slot long
// before another queued windows of them, but heard of them since (here a
// take refused for its wait), starts on its own only after the newest
// slot of all, not after its own.
func TestFallbackAfterNewestOfAll(t *testing.T) {
	srv := redistest.Start(t)
	const per = 10
	quiet := newStore(t, srv.URL(), "n:", Options{FailLocal: true, Replicas: 2, ProbeEvery: time.Hour})
	busy := newStore(t, srv.URL(), "n:", Options{FailLocal: true, Replicas: 2, ProbeEvery: time.Hour})
	now := time.Now()
	var starts []time.Time
	take := func(s *Store, maxWait time.Duration) bool {
		wait, ok := s.TakeGlobal("tok", per, now, maxWait)
		if ok {
			starts = append(starts, now.Add(wait))
		}
		return ok
	}
	take(quiet, time.Minute)
	for i := 0; i < 3*per; i++ { // three windows queued by the other replica
		if !take(busy, time.Minute) {
			t.Fatal("refused")
		}
	}
	if take(quiet, time.Second) { // the queue is over two windows deep
		t.Fatal("a slot beyond maxWait was granted")
	}
	srv.Stop()
	for i := 0; i < per/2; i++ {
		if !take(quiet, time.Minute) {
			t.Fatal("refused while Redis is down")
		}
	}
	if !quiet.Stats().Down {
		t.Fatal("the replica did not notice Redis stopped")
	}
	assertWindow(t, starts, per)
}
