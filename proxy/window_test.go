package proxy_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestContinuousTrafficUsesEveryWindow: callers read one channel back to
// back for 2 s through the emulator, whose bucket allows 25 reads per
// 250 ms. At least 95% of what the windows allow gets through, and none
// meets a 429 or a spent bucket.
func TestContinuousTrafficUsesEveryWindow(t *testing.T) {
	const (
		limit  = 25
		window = 250 * time.Millisecond
		run    = 2 * time.Second
	)
	limits := &discordtest.Limits{Buckets: map[string]discordtest.BucketLimit{
		discordtest.BucketMessageRead: {Limit: limit, Window: window},
	}}
	f := newFixture(t, limits, map[string]string{"DMP_GLOBAL_PER_SECOND": "100000"})
	ctx := f.ctx(t, nil)
	var (
		ok, other atomic.Int64
		wg        sync.WaitGroup
	)
	stop := time.Now().Add(run)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages", Query: "limit=1"})
				switch {
				case err == nil && resp.Status == 200:
					if time.Now().Before(stop) { // windows opened after stop are not in allowed
						ok.Add(1)
					}
				case err == nil:
					other.Add(1)
					t.Errorf("Discord answered %d", resp.Status)
				}
				// A limiter error near the end (a wait past stop) is fine.
			}
		}()
	}
	wg.Wait()
	allowed := float64(run/window) * limit
	st := f.emu.Stats()
	t.Logf("%d reads in %v of %.0f the bucket allows (%.1f%%); 429s %v, violations %d",
		ok.Load(), run, allowed, 100*float64(ok.Load())/allowed, st.RateLimited, st.Violations)
	if st.Violations != 0 || len429(st) != 0 || other.Load() != 0 {
		t.Errorf("violations %d, 429s %v", st.Violations, st.RateLimited)
	}
	if float64(ok.Load()) < 0.95*allowed {
		t.Errorf("%d reads, want at least 95%% of %.0f", ok.Load(), allowed)
	}
}
