package redisstore

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore/redistest"
)

// discordBucket counts like Discord: a fixed window of limit requests
// opening at the first request after the last one ended.
type discordBucket struct {
	mu               sync.Mutex
	limit            int
	window           time.Duration
	remaining        int
	reset            time.Time
	sent, over, wins int
}

func (d *discordBucket) arrive() ratelimit.Headers {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	if !now.Before(d.reset) {
		d.remaining, d.reset = d.limit, now.Add(d.window)
		d.wins++
	}
	d.sent++
	if d.remaining <= 0 {
		d.over++
		return ratelimit.Headers{Status: 429, HasLimit: true, Limit: d.limit, Scope: "user", Bucket: "hash",
			ResetAfter: d.reset.Sub(now), RetryAfter: d.reset.Sub(now)}
	}
	d.remaining--
	return ratelimit.Headers{Status: 200, HasLimit: true, Limit: d.limit, Remaining: d.remaining,
		ResetAfter: d.reset.Sub(now), Bucket: "hash"}
}

// TestLimitersShareBucket: three limiters (three replicas) sharing one
// Redis send to one Discord bucket from many goroutines each: no request
// arrives beyond the window's limit, and the windows are used.
func TestLimitersShareBucket(t *testing.T) {
	url, prefix := redistest.Shared(t), redistest.Prefix(t)
	d := &discordBucket{limit: 5, window: 300 * time.Millisecond}
	const rtt = 20 * time.Millisecond
	run := 1500 * time.Millisecond
	deadline := time.Now().Add(run)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for r := 0; r < 3; r++ {
		l := ratelimit.New(ratelimit.Options{Store: newStore(t, url, prefix, Options{}), MaxWait: 5 * time.Second})
		l.Trust("tok")
		for c := 0; c < 10; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) {
					p, err := l.Acquire(ctx, ratelimit.Request{Token: "tok", Method: "POST",
						Route: "/channels/{channel_id}/messages", Major: "1", Global: true})
					if err != nil {
						// Waits the run's deadline cuts short fail fast.
						if !errors.Is(err, ratelimit.ErrWaitTooLong) && !errors.Is(err, context.DeadlineExceeded) {
							t.Errorf("acquire: %v", err)
						}
						return
					}
					time.Sleep(rtt / 2)
					h := d.arrive()
					time.Sleep(rtt / 2)
					p.Done(h)
					if h.Status == 200 {
						mu.Lock()
						ok++
						mu.Unlock()
					}
				}
			}()
		}
	}
	wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.over != 0 {
		t.Errorf("%d of %d requests arrived beyond the limit", d.over, d.sent)
	}
	// Each window opens at its first arrival; the slack is the trips.
	if want := 5 * int(run/(d.window+2*rtt)); ok < want*8/10 {
		t.Errorf("%d sent in %d windows, want at least %d", ok, d.wins, want*8/10)
	}
	t.Logf("%d ok in %d windows", ok, d.wins)
}
