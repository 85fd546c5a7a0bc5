package redisstore

import (
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// TestFallbackSwitch: the first slot of a replica's own comes a window
// and switchMargin after the newest slot Redis named, or after Redis went
// away if that is later, and later by as long as the replica heard
// nothing before Redis went away.
func TestFallbackSwitch(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	const after = ratelimit.GlobalWindow + switchMargin
	for _, tc := range []struct {
		name     string
		newest   time.Time // zero: never answered
		downAt   time.Time
		wantWait time.Duration
	}{
		{"queue ahead", t0.Add(time.Second), t0, time.Second + after},
		{"queue ahead, silent 500ms", t0.Add(time.Second), t0.Add(500 * time.Millisecond), 1500*time.Millisecond + after},
		{"no queue", t0.Add(-time.Hour), t0, after},
		{"no queue, silent 300ms", t0.Add(-time.Hour), t0.Add(300 * time.Millisecond), 600*time.Millisecond + after},
		{"never answered", time.Time{}, t0, after},
	} {
		var f fallbackLog
		if !tc.newest.IsZero() {
			f.observe("tok", tc.newest, t0)
		}
		f.wentDown(tc.downAt)
		wait, ok := f.take("tok", 10, t0, time.Minute)
		if !ok || wait != tc.wantWait {
			t.Errorf("%s: take waits %v (ok %v), want %v", tc.name, wait, ok, tc.wantWait)
		}
	}
}
