package proxy_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// fastWindow shortens Discord's 5 s message windows: the limiter learns the
// window from the headers whatever its length, so a test sees 20 windows in
// about a second and proves the same as with Discord's.
const fastWindow = 50 * time.Millisecond

// fastLimits are Discord's shapes with short windows.
func fastLimits() *discordtest.Limits {
	l := discordtest.DefaultLimits()
	l.Buckets[discordtest.BucketMessageCreate] = discordtest.BucketLimit{Limit: 5, Window: fastWindow}
	l.Buckets[discordtest.BucketMessageModify] = discordtest.BucketLimit{Limit: 5, Window: fastWindow}
	return l
}

// run sends n requests built by mk from as many goroutines at once and
// returns the statuses.
func burst(t *testing.T, f *fixture, ctx context.Context, n int, mk func(i int) *proxy.Request) map[int]int {
	t.Helper()
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			resp, err := f.px.Do(ctx, mk(i))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				statuses[-1]++
				t.Errorf("request %d: %v", i, err)
				return
			}
			statuses[resp.Status]++
		}(i)
	}
	wg.Wait()
	return statuses
}

// TestBurstOnOneChannel: 100 sends at once on one channel all land, none
// meets a 429, none arrives when the bucket was spent.
func TestBurstOnOneChannel(t *testing.T) {
	f := newFixture(t, fastLimits(), nil)
	ctx := f.ctx(t, nil)
	start := time.Now()
	statuses := burst(t, f, ctx, 100, func(i int) *proxy.Request {
		return &proxy.Request{Method: "POST", Path: "/channels/" + general + "/messages", Body: []byte(fmt.Sprintf(`{"content":"burst %d"}`, i))}
	})
	took := time.Since(start)
	st := f.emu.Stats()
	if statuses[200] != 100 || st.Violations != 0 || len429(st) != 0 {
		t.Fatalf("statuses %v, violations %d, 429s %v", statuses, st.Violations, st.RateLimited)
	}
	// 20 windows of 5: the bucket allows no less than 19 window lengths.
	min := 19 * fastWindow
	t.Logf("100 sends took %s; the bucket's minimum is %s (ratio %.2f); max concurrency %v",
		took.Round(time.Millisecond), min, took.Seconds()/min.Seconds(), st.MaxConcurrency)
	if took < min {
		t.Errorf("the burst finished in %s, faster than the bucket allows (%s): the limiter is not limiting", took, min)
	}
}

func len429(st discordtest.Stats) int64 {
	return st.RateLimited["user"] + st.RateLimited["global"] + st.RateLimited["ban"]
}

// TestSharedBucketRoutes: PATCH and DELETE of messages share one Discord
// bucket; the limiter learns the shared hash and never runs it over.
func TestSharedBucketRoutes(t *testing.T) {
	f := newFixture(t, fastLimits(), nil)
	ctx := f.ctx(t, nil)
	var ids []string
	for i := 0; i < 20; i++ {
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "POST", Path: "/channels/" + general + "/messages", Body: []byte(`{"content":"to modify"}`)})
		if err != nil || resp.Status != 200 {
			t.Fatal(err, resp)
		}
		ids = append(ids, gjson.GetBytes(resp.Body, "id").String())
	}
	f.emu.ResetStats()
	statuses := burst(t, f, ctx, 20, func(i int) *proxy.Request {
		path := "/channels/" + general + "/messages/" + ids[i]
		if i%2 == 0 {
			return &proxy.Request{Method: "PATCH", Path: path, Body: []byte(`{"content":"edited"}`)}
		}
		return &proxy.Request{Method: "DELETE", Path: path}
	})
	st := f.emu.Stats()
	if statuses[200]+statuses[204] != 20 || st.Violations != 0 || len429(st) != 0 {
		t.Fatalf("statuses %v, violations %d, 429s %v", statuses, st.Violations, st.RateLimited)
	}
}

// TestShared429DoesNotStall: a shared-scope 429 on one channel neither
// stops another channel nor counts as the bot's invalid request.
func TestShared429DoesNotStall(t *testing.T) {
	f := newFixture(t, nil, map[string]string{"DMP_MAX_WAIT": "100ms"})
	ctx := f.ctx(t, nil)
	f.emu.ForceShared429(general, 10*time.Second)
	resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages"})
	if err != nil || resp.Status != 429 {
		t.Fatalf("want the shared 429 back (its wait exceeds max-wait), got %v %+v", err, resp)
	}
	start := time.Now()
	random := discordtest.RandomID.String()
	resp, err = f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + random + "/messages"})
	if err != nil || resp.Status != 200 {
		t.Fatalf("another channel was stalled: %v %+v", err, resp)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("another channel waited %s after a shared 429", waited)
	}
	if st := f.emu.Stats(); st.RateLimited["shared"] != 1 || st.RateLimited["global"] != 0 {
		t.Errorf("429s %v", st.RateLimited)
	}
}

// TestInvalidGuardTripsBeforeBan: requests Discord refuses (403) are
// stopped locally once the invalid budget is spent, well before the
// emulator's ban. (Sends to a channel the bot sees but may not post in:
// 50013 is not remembered, while anything under a channel it cannot see
// is answered from the proxy's memory of the first 403.)
func TestInvalidGuardTripsBeforeBan(t *testing.T) {
	limits := discordtest.DefaultLimits()
	limits.InvalidLimit = 100
	// The global and the send bucket's limits only slow the 80 refusals
	// down; the guard counts them whatever their pace.
	limits.GlobalLimit = 0
	limits.Buckets[discordtest.BucketMessageCreate] = discordtest.BucketLimit{Limit: 1000, Window: time.Second}
	seed := discordtest.DefaultSeed()
	for i, c := range seed.Guilds[0].Channels {
		if c.ID == discordtest.RandomID { // the bot sees it, may not send
			seed.Guilds[0].Channels[i].PermissionOverwrites = []discordtest.Overwrite{{ID: discordtest.BotUserID, Type: 1, Deny: 1 << 11}}
		}
	}
	emu, err := discordtest.New(discordtest.Options{Limits: limits, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureOn(t, emu, map[string]string{"DMP_INVALID_BUDGET": "80", "DMP_GLOBAL_PER_SECOND": "100000"})
	ctx := f.ctx(t, nil)
	random := discordtest.RandomID.String()
	var refused error
	for i := 0; i < 200 && refused == nil; i++ {
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "POST", Path: "/channels/" + random + "/messages", Body: []byte(`{"content":"hi"}`)})
		switch {
		case err != nil:
			refused = err
		case resp.Status != 403:
			t.Fatalf("request %d: want Discord's 403, got %d", i, resp.Status)
		}
	}
	var pe *proxy.Error
	if !errors.As(refused, &pe) || pe.Kind != proxy.RateLimited {
		t.Fatalf("want a local RateLimitError once the budget is spent, got %v", refused)
	}
	st := f.emu.Stats()
	if st.Banned || st.Invalid > 80 {
		t.Errorf("emulator saw %d invalid requests (banned=%v); the guard should stop at 80", st.Invalid, st.Banned)
	}
}

// TestRetriesOnlyIdempotent: with half of Discord's answers a 5xx, a failed
// send is not retried (it may have been delivered) and a failed read is.
// The faults are seeded, so every run meets them on the same requests, and
// the test checks the seed still puts faults on both sends and reads.
func TestRetriesOnlyIdempotent(t *testing.T) {
	emu, err := discordtest.New(discordtest.Options{Limits: &discordtest.Limits{}, FailRate: 0.5, FaultSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureOn(t, emu, nil)
	ctx := f.ctx(t, nil)
	sendsFailed := 0
	for i := 0; i < 10; i++ {
		before := f.emu.Stats().Total
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "POST", Path: "/channels/" + general + "/messages", Body: []byte(`{"content":"once"}`)})
		if err != nil {
			t.Fatal(err)
		}
		if sent := f.emu.Stats().Total - before; sent != 1 {
			t.Fatalf("a POST went upstream %d times", sent)
		}
		if resp.Status >= 500 {
			sendsFailed++
		}
	}
	if sendsFailed == 0 {
		t.Fatal("no send met a fault: this seed no longer tests the no-retry rule")
	}
	// Reads until one is retried: each retry waits its backoff (100 ms, then 400 ms).
	retried := 0
	for i := 0; i < 10 && retried == 0; i++ {
		before := f.emu.Stats().Total
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general})
		if err != nil {
			t.Fatal(err)
		}
		sent := f.emu.Stats().Total - before
		switch {
		case sent == 1 && resp.Status >= 500:
			t.Errorf("read %d failed with %d and was not retried", i, resp.Status)
		case sent > 1 && sent < 3 && resp.Status != 200:
			t.Errorf("read %d gave up after %d attempts with %d", i, sent, resp.Status)
		case sent > 1:
			retried++
		}
	}
	t.Logf("sends failed %d/10", sendsFailed)
	if retried == 0 {
		t.Error("no read met a fault: this seed no longer tests the retry rule")
	}
}
