package redisstore

import (
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// TestFallbackSwitch: the first slot of a replica's own comes a window
// and switchMargin after the newest slot Redis named, or after Redis went
// away plus the queue's depth then named, whichever is later.
func TestFallbackSwitch(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	const after = ratelimit.GlobalWindow + switchMargin
	for _, tc := range []struct {
		name     string
		newest   time.Time // named in an answer at t0; zero: never answered
		downAt   time.Time // taken at downAt too
		wantWait time.Duration
	}{
		{"queue 1s", t0.Add(time.Second), t0, time.Second + after},
		{"queue 1s, silent 500ms", t0.Add(time.Second), t0.Add(500 * time.Millisecond), time.Second + after},
		{"queue 1s, silent a minute", t0.Add(time.Second), t0.Add(time.Minute), time.Second + after},
		{"no queue", t0.Add(-time.Hour), t0, after},
		{"no queue, silent 300ms", t0.Add(-time.Hour), t0.Add(300 * time.Millisecond), after},
		{"never answered", time.Time{}, t0, after},
	} {
		var f fallbackLog
		if !tc.newest.IsZero() {
			f.observe("tok", tc.newest, t0)
		}
		f.wentDown(tc.downAt)
		wait, ok := f.take("tok", 10, tc.downAt, 10*time.Second)
		if !ok || wait != tc.wantWait {
			t.Errorf("%s: take waits %v (ok %v), want %v", tc.name, wait, ok, tc.wantWait)
		}
	}
}

// TestFallbackSweepKeepsHeard: a token heard of within keepHeard keeps
// its queue's depth through a sweep, so the switch still waits for it.
func TestFallbackSweepKeepsHeard(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var f fallbackLog
	f.observe("tok", t0.Add(3*time.Second), t0)
	f.sweep(t0.Add(30 * time.Second))
	f.wentDown(t0.Add(40 * time.Second))
	if wait, ok := f.take("tok", 10, t0.Add(40*time.Second), time.Minute); !ok || wait != 3*time.Second+ratelimit.GlobalWindow+switchMargin {
		t.Errorf("after a sweep: take waits %v (ok %v), want the queue's 3s and a window", wait, ok)
	}
	f.sweep(t0.Add(2 * keepHeard))
	if n := len(f.tokens); n != 0 {
		t.Errorf("%d tokens left after keepHeard with nothing to keep", n)
	}
}
