package ratelimit

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// slowGate admits everything; its answers take delay[i] for the i-th
// Admit (a store under load), and it records what it was told.
type slowGate struct {
	Store
	mu       sync.Mutex
	delay    []time.Duration
	admits   int
	released []Ticket
	finished []Ticket
}

func (g *slowGate) Admit(a Admission) Verdict {
	g.mu.Lock()
	i := g.admits
	g.admits++
	g.mu.Unlock()
	if i < len(g.delay) {
		time.Sleep(g.delay[i])
	}
	return Verdict{OK: true, Ticket: Ticket{ID: string(rune('a' + i))}}
}

func (g *slowGate) Finish(k RouteKey, t Ticket, h Headers, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.finished = append(g.finished, t)
}

func (g *slowGate) Release(t Ticket) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.released = append(g.released, t)
}

// TestGateLateSlotAskedAgain: a global slot whose answer came more than
// maxLate after it is given back and another asked for, so a backlog of
// past slots is never sent at once; a slot answered in time is used, and
// a request outside the global limit never waits on it.
func TestGateLateSlotAskedAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := &slowGate{Store: NewMemoryStore(), delay: []time.Duration{maxLate + 10*time.Millisecond, maxLate / 2}}
		l := New(Options{Store: g})
		l.Trust("t")
		r := Request{Token: "t", Method: "GET", Route: "/channels/{channel_id}", Major: "1", Global: true}
		p, err := l.Acquire(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		p.Done(Headers{Status: 200})
		if g.admits != 2 || len(g.released) != 1 || g.released[0].ID != "a" || len(g.finished) != 1 || g.finished[0].ID != "b" {
			t.Errorf("admits %d, released %v, finished %v: want the late slot a given back and b used", g.admits, g.released, g.finished)
		}
		// Not global: lateness does not matter.
		g.delay = append(g.delay, time.Second)
		r.Global, r.Route = false, "/interactions/{interaction_id}/{interaction_token}/callback"
		p, err = l.Acquire(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		p.Done(Headers{Status: 204})
		if g.admits != 3 || len(g.released) != 1 {
			t.Errorf("non-global: admits %d, released %v", g.admits, g.released)
		}
	})
}
