package mcp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"
)

// session is one client's state in a sessioned revision (streamable
// HTTP before 2026-07-28, legacy SSE, stdio).
type session struct {
	id       string
	version  atomic.Pointer[string] // negotiated revision
	lastUsed atomic.Int64           // unix nanoseconds; idle expiry reads it
	logLevel atomic.Int32           // index into logLevels; the minimum level sent
	out      *outbox                // server-to-client messages not tied to a POST
	// push sends a notification not tied to a request: into out, or
	// straight to stdout on stdio.
	push func([]byte)
	done chan struct{}
	once sync.Once

	// canElicit: the client declared form elicitation in initialize.
	canElicit atomic.Bool

	// owner is the Caller.ID that created the session (fixed); live is
	// the latest credential's Live check (see Caller).
	owner string
	live  atomic.Pointer[func() bool]

	mu       sync.Mutex // guards inflight, streams, getGen, owed, nOwed, asks, values
	inflight map[string]context.CancelFunc
	asks     map[string]chan []byte // pending server requests by raw JSON id
	values   map[any]any            // the catalog's per-session state
	streams  int
	getGen   uint64 // the GET stream with this generation is the live one
	// owed counts, by raw JSON-RPC id, the answers a legacy SSE stream
	// still has to carry; nOwed is their sum.
	owed  map[string]int
	nOwed int
}

// maxOwedAnswers bounds the answers a legacy SSE session may owe: a POST
// beyond it is refused with 429, so a slow reader slows its own client
// down instead of losing answers.
const maxOwedAnswers = 64

// newSession makes a session; legacy ones (HTTP+SSE) get a lossless outbox.
func newSession(id, version string, legacy bool) *session {
	ss := &session{id: id, done: make(chan struct{}), inflight: map[string]context.CancelFunc{}, owed: map[string]int{}, asks: map[string]chan []byte{}, values: map[any]any{}}
	ss.setVersion(version)
	ss.out = newOutbox(legacy)
	ss.push = func(b []byte) { ss.out.push(b, ss.done) }
	ss.logLevel.Store(levelInfo)
	ss.touch()
	return ss
}

func (ss *session) setVersion(v string) { ss.version.Store(&v) }
func (ss *session) getVersion() string  { return *ss.version.Load() }

func (ss *session) touch() { ss.lastUsed.Store(time.Now().UnixNano()) }

// end closes the session: its streams return and its calls are cancelled.
func (ss *session) end() {
	ss.once.Do(func() {
		close(ss.done)
		ss.mu.Lock()
		for _, cancel := range ss.inflight {
			cancel()
		}
		ss.mu.Unlock()
	})
}

func (ss *session) ended() bool {
	select {
	case <-ss.done:
		return true
	default:
		return false
	}
}

// track registers a running call so notifications/cancelled can stop it.
func (ss *session) track(id []byte, cancel context.CancelFunc) (untrack func()) {
	key := string(id)
	ss.mu.Lock()
	ss.inflight[key] = cancel
	ss.mu.Unlock()
	return func() {
		ss.mu.Lock()
		delete(ss.inflight, key)
		ss.mu.Unlock()
	}
}

func (ss *session) cancel(id string) {
	ss.mu.Lock()
	c := ss.inflight[id]
	ss.mu.Unlock()
	if c != nil {
		c()
	}
}

// owe reserves room for one answer on the legacy stream; false when the
// session already owes maxOwedAnswers.
func (ss *session) owe(id string) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.nOwed >= maxOwedAnswers {
		return false
	}
	ss.nOwed++
	ss.owed[id]++
	return true
}

// paid releases the room once the stream wrote the answer.
func (ss *session) paid(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.owed[id] == 0 {
		return
	}
	ss.nOwed--
	if ss.owed[id]--; ss.owed[id] == 0 {
		delete(ss.owed, id)
	}
}

// owedAnswers lists the ids still owed, once per answer.
func (ss *session) owedAnswers() []string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	var ids []string
	for id, n := range ss.owed {
		for range n {
			ids = append(ids, id)
		}
	}
	return ids
}

// acquireStream counts an open SSE stream; false when the session is at
// its bound.
func (ss *session) acquireStream() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.streams >= maxStreamsPerSession {
		return false
	}
	ss.streams++
	return true
}

func (ss *session) releaseStream() {
	ss.mu.Lock()
	ss.streams--
	ss.mu.Unlock()
}

// takeGET makes a new GET stream the live one; an older one notices and
// returns, so a client reconnecting with Last-Event-ID is not refused.
func (ss *session) takeGET() uint64 {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.getGen++
	return ss.getGen
}

func (ss *session) isLiveGET(gen uint64) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.getGen == gen
}

// sessionStore holds sessions, bounded in number (in all and per
// caller), expiring when idle.
type sessionStore struct {
	idle      time.Duration
	max       int
	perCaller int
	mu        sync.Mutex
	m         map[string]*session
}

func newSessionStore(idle time.Duration, limit, perCaller int) *sessionStore {
	return &sessionStore{idle: idle, max: limit, perCaller: max(perCaller, 1), m: map[string]*session{}}
}

func newSessionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// create adds a session owned by c. At a bound (all sessions, or c's
// own) it first reaps sessions idle past their expiry or whose creator's
// credential lapsed; if still at the bound it refuses (nil) and says how
// long to wait. A new client never evicts a live one: that would let
// anyone end everyone else's sessions.
func (st *sessionStore) create(version string, legacy bool, c Caller) (*session, *refusal) {
	now := time.Now().UnixNano()
	var dead []*session
	st.mu.Lock()
	if len(st.m) >= st.max || st.countLocked(c.ID) >= st.perCaller {
		dead = st.sweepLocked(now - st.idle.Nanoseconds())
	}
	if ref := st.fullLocked(c.ID, now); ref != nil {
		st.mu.Unlock()
		endAll(dead)
		return nil, ref
	}
	ss := newSession(newSessionID(), version, legacy)
	ss.bind(c)
	st.m[ss.id] = ss
	st.mu.Unlock()
	endAll(dead)
	return ss, nil
}

// get finds a live session and marks it used.
func (st *sessionStore) get(id string) *session {
	st.mu.Lock()
	ss := st.m[id]
	st.mu.Unlock()
	if ss == nil || ss.ended() {
		return nil
	}
	ss.touch()
	return ss
}

// getOwned finds a live session of c; another caller's session is nil,
// as an unknown one is (no oracle).
func (st *sessionStore) getOwned(id string, c Caller) *session {
	ss := st.get(id)
	if ss == nil || !ss.ownedBy(c) {
		return nil
	}
	return ss
}

// removeOwned ends c's session; false for an unknown or another's.
func (st *sessionStore) removeOwned(id string, c Caller) bool {
	st.mu.Lock()
	ss := st.m[id]
	if ss == nil || !ss.ownedBy(c) {
		st.mu.Unlock()
		return false
	}
	delete(st.m, id)
	st.mu.Unlock()
	ss.end()
	return true
}

func (st *sessionStore) remove(id string) bool {
	st.mu.Lock()
	ss := st.m[id]
	delete(st.m, id)
	st.mu.Unlock()
	if ss != nil {
		ss.end()
	}
	return ss != nil
}

func (st *sessionStore) count() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.m)
}

// janitor ends idle sessions until ctx ends.
func (st *sessionStore) janitor(ctx context.Context) {
	every := max(st.idle/4, time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			st.sweep(time.Now().Add(-st.idle).UnixNano())
		}
	}
}

func (st *sessionStore) sweep(before int64) {
	st.mu.Lock()
	dead := st.sweepLocked(before)
	st.mu.Unlock()
	endAll(dead)
}

// sweepLocked removes sessions last used before `before` and returns them
// for the caller to end outside the lock.
func (st *sessionStore) sweepLocked(before int64) []*session {
	var dead []*session
	for id, ss := range st.m {
		if ss.lastUsed.Load() < before || ss.lapsed() {
			delete(st.m, id)
			dead = append(dead, ss)
		}
	}
	return dead
}

func (st *sessionStore) closeAll() {
	st.mu.Lock()
	all := st.m
	st.m = map[string]*session{}
	st.mu.Unlock()
	for _, ss := range all {
		ss.end()
	}
}
