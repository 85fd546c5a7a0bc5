package ratelimit

import (
	"context"
	"errors"
	"time"
)

// Gate is implemented by a Store that several processes share (Redis):
// besides what Store holds, it keeps each bucket's window and its
// requests in flight, so the processes together spend a bucket's
// Remaining once. The local bucket (FIFO queue, learned window) still
// orders this process's requests; a request it grants then asks the Gate,
// whose shared count decides whether a slot is free.
//
// Without a Gate (the in-memory store) the limiter runs as before: the
// local bucket decides alone and the global slot comes from TakeGlobal.
type Gate interface {
	// Admit reserves, in one atomic step, a slot in the shared window of
	// a.Key's bucket and, when a.Global, the token's next global slot.
	Admit(a Admission) Verdict
	// Finish reports the answer to an admitted request: its slot in
	// flight ends and the headers update the shared window.
	Finish(k RouteKey, t Ticket, h Headers, now time.Time)
	// Release ends an admitted request's slot without an answer.
	Release(t Ticket)
}

// Admission is one request asking the Gate for its slots.
type Admission struct {
	Key       RouteKey
	Global    bool
	PerSecond int // the token's global limit
	Now       time.Time
	MaxWait   time.Duration // longest global wait to reserve
}

// Ticket names an admitted request's slot in flight; the zero Ticket
// names none.
type Ticket struct {
	ID     string // unique among every process's slots in flight
	Window string // the shared window the slot was counted in
}

// Verdict is the Gate's answer. With Err set nothing was reserved (the
// store is unreachable and fails closed, or the global wait exceeds
// MaxWait). With OK false the bucket is full: ask again after Retry. With
// OK true the slot is reserved; the request may go after GlobalWait.
type Verdict struct {
	OK         bool
	Ticket     Ticket
	Retry      time.Duration
	GlobalWait time.Duration
	Err        error
}

// ErrStoreUnavailable: the shared store cannot be reached and the
// operator chose to refuse rather than guess (--redis-fail closed).
var ErrStoreUnavailable = errors.New("shared rate-limit store unreachable")

// minGatePoll bounds how soon a request the Gate turned away asks again,
// so a window without a known reset (a probe in flight) is not hammered.
const minGatePoll = 5 * time.Millisecond

// waitGate asks the Gate for p's shared slots, sleeping while the shared
// bucket is full, until deadline. p keeps its local slot meanwhile: it is
// next in this process's queue.
func (l *Limiter) waitGate(ctx context.Context, p Permit, r Request, deadline time.Time) error {
	perSecond := l.perSecond(r.Token)
	for {
		now := l.now()
		v := l.gate.Admit(Admission{Key: RouteKey{r.Token, r.Method, r.Route, r.Major}, Global: r.Global,
			PerSecond: perSecond, Now: now, MaxWait: deadline.Sub(now)})
		if v.Err != nil {
			return v.Err
		}
		if v.OK {
			p.g.ticket = v.Ticket
			late, err := l.sleepUntilSlot(ctx, r, now.Add(v.GlobalWait))
			if err != nil || !late {
				return err
			}
			// The slot has passed: sent now, the request could land in
			// one window with the slots after it. Ask for another.
			l.gate.Release(v.Ticket)
			p.g.ticket = Ticket{}
			continue
		}
		retry := max(v.Retry, minGatePoll)
		if !now.Add(retry).Before(deadline) {
			return &Error{RetryAfter: retry, Reason: "bucket empty until its reset (shared)", Cause: ErrWaitTooLong}
		}
		if err := sleepCtx(ctx, retry); err != nil {
			return err
		}
	}
}

// maxLate is how long after its global slot a request may still go.
// Requests go at their slot or later, never sooner, so one going up to
// maxLate late shares a second with at most the slots of a second plus
// maxLate: within GlobalWindow's 60 ms margin, which leaves the rest for
// the trip to Discord. A slow answer from the store, or a starved process
// waking late, would otherwise send a whole backlog of past slots at once.
const maxLate = 20 * time.Millisecond

// sleepUntilSlot sleeps until slot (on the caller's clock, as the Gate
// reckoned it) and reports whether it woke more than maxLate after it,
// for a request that counts against the global limit.
func (l *Limiter) sleepUntilSlot(ctx context.Context, r Request, slot time.Time) (late bool, err error) {
	if err := sleepCtx(ctx, slot.Sub(l.now())); err != nil {
		return false, err
	}
	return r.Global && l.now().Sub(slot) > maxLate, nil
}

// perSecond is the token's global limit.
func (l *Limiter) perSecond(token string) int {
	if n, ok := l.o.PerTokenGlobal[token]; ok && n > 0 {
		return n
	}
	return l.o.GlobalPerSecond
}

// sleepCtx sleeps d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
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
