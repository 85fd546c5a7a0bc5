package redisstore

import (
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// keyTTL is how long a shared window outlives its reset: long enough to
// remember the bucket's period and limit between bursts.
const keyTTL = time.Minute

// Admit implements ratelimit.Gate in one round trip (admitScript).
func (s *Store) Admit(a ratelimit.Admission) ratelimit.Verdict {
	if s.down.Load() {
		return s.admitDown(a)
	}
	k, id, now := a.Key, s.nextID(), ms(a.Now)
	global := "0"
	if a.Global {
		global = "1"
	}
	v, err := s.run(admitScript,
		[]string{s.routeHashKey(k), s.key(k.Token, "g"), s.key(k.Token, "gl")},
		s.key(k.Token, "w:"), "r:"+k.Method+" "+k.Route+" "+k.Major, k.Major, now, id,
		s.o.InflightTTL.Milliseconds(), global, max(a.PerSecond, 1), ratelimit.GlobalWindow.Milliseconds(),
		max(a.MaxWait.Milliseconds(), 0), keyTTL.Milliseconds())
	if err != nil {
		return s.admitDown(a)
	}
	code, _ := at(v, 0).(int64)
	window, _ := at(v, 2).(string)
	if s.o.FailLocal {
		s.fallback.observe(k.Token, slotTime(at(v, 3)), a.Now)
	}
	switch code {
	case 1:
		wait := dur(at(v, 1))
		if a.Global && s.o.FailLocal {
			s.fallback.record(k.Token, a.Now.Add(wait))
		}
		return ratelimit.Verdict{OK: true, Ticket: ratelimit.Ticket{ID: id, Window: window}, GlobalWait: wait}
	case 0:
		return ratelimit.Verdict{Retry: dur(at(v, 1))}
	}
	return ratelimit.Verdict{Err: &ratelimit.Error{RetryAfter: dur(at(v, 1)), Reason: "global limit of this token (shared)",
		Cause: ratelimit.ErrWaitTooLong}}
}

// admitDown answers while Redis is unreachable: refuse (fail closed), or
// admit on the local bucket alone with this replica's share of the
// global limit.
func (s *Store) admitDown(a ratelimit.Admission) ratelimit.Verdict {
	if !s.o.FailLocal {
		s.stats.refusals.Add(1)
		return ratelimit.Verdict{Err: &ratelimit.Error{RetryAfter: s.o.ProbeEvery,
			Reason: "the shared rate-limit store (Redis) is unreachable and --redis-fail is closed",
			Cause:  ratelimit.ErrStoreUnavailable}}
	}
	if !a.Global {
		return ratelimit.Verdict{OK: true}
	}
	wait, ok := s.fallback.take(a.Key.Token, s.share(a.PerSecond), a.Now, a.MaxWait)
	if !ok {
		return ratelimit.Verdict{Err: &ratelimit.Error{RetryAfter: wait, Reason: "global limit of this token (this replica's share)",
			Cause: ratelimit.ErrWaitTooLong}}
	}
	return ratelimit.Verdict{OK: true, GlobalWait: wait}
}

// Finish implements ratelimit.Gate in one round trip (finishScript).
func (s *Store) Finish(k ratelimit.RouteKey, t ratelimit.Ticket, h ratelimit.Headers, now time.Time) {
	if t.ID == "" || s.down.Load() {
		return
	}
	user429 := "0"
	if h.Status == 429 && h.Scope != "shared" && !h.Global && h.Scope != "global" {
		user429 = "1"
	}
	var reset int64
	if !h.Reset.IsZero() {
		reset = h.Reset.UnixMilli()
	}
	v, err := s.run(finishScript, []string{s.routeHashKey(k), s.key(k.Token, "g")},
		t.Window, t.ID, ms(now), h.Status, boolArg(h.HasLimit), h.Limit, h.Remaining, h.ResetAfter.Milliseconds(),
		reset, h.Bucket, user429, h.RetryAfter.Milliseconds(), s.key(k.Token, "w:"), k.Major, keyTTL.Milliseconds(),
		resetMargin.Milliseconds())
	if err == nil && s.o.FailLocal {
		s.fallback.observe(k.Token, slotTime(at(v, 1)), now)
	}
}

// Release implements ratelimit.Gate: the slot in flight ends; the
// window's count is not refunded (the request may have reached Discord).
func (s *Store) Release(t ratelimit.Ticket) {
	if t.ID == "" || s.down.Load() {
		return
	}
	ctx, cancel := s.ctx()
	defer cancel()
	began := s.roundTrip()
	if err := s.rdb.ZRem(ctx, t.Window+":f", t.ID).Err(); err != nil {
		s.fail(err, began)
	}
}

// resetMargin is ratelimit's: see bucket.learn.
const resetMargin = 5 * time.Millisecond

func boolArg(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// share is this replica's part of a global limit while Redis is down.
func (s *Store) share(perSecond int) int { return max(1, perSecond/s.o.Replicas) }
