package mcp

import "time"

// maxRetryAfter caps the wait a refused initialize is told: sessions end
// at any moment (DELETE, a lapsed credential), so the least recently used
// one's idle expiry (up to --session-idle, 30 minutes) overstates it.
const maxRetryAfter = time.Minute

// refusal is why create made no session: the whole table is full (503),
// or the caller's own share is (ownShare, 429), and how long to wait.
type refusal struct {
	retry    time.Duration
	ownShare bool
}

// bind makes c the session's owner.
func (ss *session) bind(c Caller) {
	ss.owner = c.ID
	ss.setLive(c)
}

func (ss *session) setLive(c Caller) {
	if c.Live != nil {
		ss.live.Store(&c.Live)
	}
}

// ownedBy reports whether c created the session; it then takes c's
// credential as the one that keeps it alive (a renewed token for the same
// subject carries the session on).
func (ss *session) ownedBy(c Caller) bool {
	if ss.owner != c.ID {
		return false
	}
	ss.setLive(c)
	return true
}

// lapsed: the owner's credential expired or was revoked.
func (ss *session) lapsed() bool {
	f := ss.live.Load()
	return f != nil && !(*f)()
}

// countLocked is the number of id's sessions.
func (st *sessionStore) countLocked(id string) int {
	n := 0
	for _, ss := range st.m {
		if ss.owner == id {
			n++
		}
	}
	return n
}

// fullLocked refuses a new session for id at either bound, with the time
// until the least recently used session that would free a slot expires.
func (st *sessionStore) fullLocked(id string, now int64) *refusal {
	full := len(st.m) >= st.max
	// A full table is reported as such (503), also to a caller at its own
	// bound: the wait is then for any slot.
	own := !full && st.countLocked(id) >= st.perCaller
	if !own && !full {
		return nil
	}
	oldest := now
	for _, ss := range st.m {
		if !own || ss.owner == id {
			oldest = min(oldest, ss.lastUsed.Load())
		}
	}
	wait := time.Duration(oldest + st.idle.Nanoseconds() - now)
	return &refusal{retry: min(max(wait, time.Second), maxRetryAfter), ownShare: own}
}

func endAll(ss []*session) {
	for _, s := range ss {
		s.end()
	}
}
