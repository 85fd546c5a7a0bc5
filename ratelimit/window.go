package ratelimit

import "time"

// Which of Discord's windows a response belongs to, relative to the one
// the bucket counts in. Under continuous traffic answers from the end of
// one window and the start of the next arrive interleaved, and Discord's
// next window may open before our estimate of the reset (which is our
// receipt time plus Reset-After, so it runs late by the answer's trip).
type windowRel int

const (
	windowSame    windowRel = iota // the window we count in
	windowOld                      // an earlier one: a late answer, its count is spent
	windowNext                     // a later one: Discord opened it, we had not
	windowConfirm                  // the one our clock opened at the reset
)

// classify places a response with stamp (see bucket.stamp) and remaining;
// exact says the stamp is Discord's X-RateLimit-Reset, the same to the
// millisecond for every answer of one window, where receipt time plus
// Reset-After varies with each answer's trip. Windows of one bucket are
// at least a period apart, so stamps within half a period are one window.
// A later stamp beyond the jitter with Remaining above the lowest seen is
// how a new window moves too, which catches a window Discord shortened.
func (b *bucket) classify(stamp time.Time, exact bool, remaining int) windowRel {
	if !b.known || b.unlimited || b.stamp.IsZero() {
		return windowNext
	}
	d, tol := stamp.Sub(b.stamp), b.period/2
	jitter := tol / 2
	if exact {
		jitter = min(jitter, exactJitter)
	}
	switch {
	case d < -tol:
		return windowOld
	case d > tol || (d > jitter && remaining > b.seen):
		if b.predicted {
			return windowConfirm
		}
		return windowNext
	case b.predicted:
		return windowOld // the window our clock already closed
	}
	return windowSame
}

// resetMargin is added to the reset an answer gives: Discord rounds
// Reset-After to the millisecond, and the earliest estimate of a window's
// reset (receipt time plus Reset-After, over all its answers) may then be
// up to a millisecond early; a request sent then would land in the old
// window. (Measured: 7 user 429s in 3 s on a 25-per-250-ms bucket
// without it, under load.)
const resetMargin = 5 * time.Millisecond

// exactJitter is how far X-RateLimit-Reset may differ within one window:
// Discord sends it to the millisecond.
const exactJitter = 20 * time.Millisecond

// learn applies a response's headers to the window. others is how many of
// our requests to it are in flight besides the one answered. It never
// carries one window's count into the next, and never sets a reset later
// than Discord said (a 429's Retry-After is Discord saying so).
func (b *bucket) learn(h *Headers, now time.Time, others int) {
	if h.Status == 429 && h.Scope != "shared" && !h.Global && h.Scope != "global" {
		b.learn429(h, now)
		return
	}
	if !h.HasLimit || h.Limit <= 0 {
		if !b.known && h.Status >= 200 && h.Status < 300 {
			b.known, b.unlimited = true, true
		}
		return
	}
	reset := now.Add(h.ResetAfter + resetMargin)
	if h.ResetAfter <= 0 && !h.Reset.IsZero() {
		reset = h.Reset.Add(resetMargin)
	}
	stamp := h.Reset
	if stamp.IsZero() {
		stamp = reset
	}
	if b.period <= 0 {
		b.period = time.Second // a guess until Discord says; never 0, or every take would refill
	}
	b.apply(b.classify(stamp, !h.Reset.IsZero(), h.Remaining), h, reset, stamp, others)
	if now.Before(b.hold) {
		b.remaining, b.reset = 0, later(b.reset, b.hold)
	}
}

// apply moves the window as an answer of window rel says.
func (b *bucket) apply(rel windowRel, h *Headers, reset, stamp time.Time, others int) {
	// Reset-After is what was left of the window when Discord answered:
	// the longest seen in a window is the closest to its length. (Not from
	// a 429: a shared one's Reset-After may describe something else.)
	fresh := h.ResetAfter > 0 && h.Status != 429
	switch rel {
	case windowNext:
		// Discord's count is the truth, less what we have sent since
		// that it may not have seen yet.
		b.known, b.unlimited, b.limit = true, false, h.Limit
		b.openWindow(h.Remaining-others, reset)
		b.stamp, b.predicted, b.seen = stamp, false, h.Remaining
		if fresh {
			b.period = h.ResetAfter
		}
	case windowConfirm:
		// Our clock opened it and has counted what we sent in it; Discord
		// now says when it ends.
		b.limit, b.remaining = h.Limit, min(b.remaining, h.Remaining)
		b.reset, b.stamp, b.predicted, b.seen = reset, stamp, false, h.Remaining
		if fresh {
			b.period = h.ResetAfter
		}
	case windowSame:
		b.limit = h.Limit
		b.remaining, b.seen = min(b.remaining, h.Remaining), min(b.seen, h.Remaining)
		if reset.Before(b.reset) {
			b.reset = reset // the answer with the shortest trip is the closest
		}
		if fresh && h.ResetAfter > b.period {
			b.period = h.ResetAfter
		}
	}
}

// learn429 empties the bucket until Retry-After: a user-scope 429 means
// our own bucket is empty whatever its headers say.
func (b *bucket) learn429(h *Headers, now time.Time) {
	retry := h.RetryAfter
	if retry <= 0 {
		retry = h.ResetAfter
	}
	if !b.known || b.unlimited {
		b.known, b.unlimited, b.limit = true, false, 1
		if h.HasLimit {
			b.limit = h.Limit
		}
		b.probeSeen = b.probe.started.Load()
	}
	b.remaining = 0
	b.hold = later(b.hold, now.Add(retry))
	b.reset = later(b.reset, b.hold)
	if b.period <= 0 {
		b.period = max(retry, time.Second)
	}
}
