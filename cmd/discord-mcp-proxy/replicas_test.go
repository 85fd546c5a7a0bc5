package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore/redistest"
)

// The replica tests run the real binary three times against one
// redis-server of their own (they stop it half-way) and one emulator
// with Discord-like limits and 50 ms latency, and drive 300 callers
// spread over the three. DMP_REPLICAS_RUN sets the load's length (the
// closing note's figures are from DMP_REPLICAS_RUN=60s with -parallel 1,
// one stack at a time); CI runs the short default.

const (
	replicaCallers  = 300
	replicaChannels = 20
)

func replicaRun(t *testing.T, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv("DMP_REPLICAS_RUN")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("DMP_REPLICAS_RUN=%q: want a duration such as 60s", v)
	}
	return d
}

// replicaStack is an emulator, a Redis and three proxies sharing it.
type replicaStack struct {
	redis    *redistest.Server
	emulator string // base URL, for /_emulator/stats
	proxies  []string
	channels []string
}

func startReplicas(t *testing.T, bin string, args ...string) *replicaStack {
	t.Helper()
	st := &replicaStack{redis: redistest.Start(t)}
	emuAddr := freeAddr(t)
	startProcess(t, emuAddr, nil, bin, "emulator", "--listen", emuAddr, "--latency", "50ms",
		"--channels", strconv.Itoa(replicaChannels))
	st.emulator = "http://" + emuAddr
	_, st.channels = loadSeed(replicaChannels)
	for i := 0; i < 3; i++ {
		addr := freeAddr(t)
		cmd := append([]string{bin, "serve", "--listen", addr, "--upstream", st.emulator + "/api/v10",
			"--redis-url", st.redis.URL(), "--replicas", "3", "--log-level", "error", "--max-wait", "30s"}, args...)
		startProcess(t, addr, []string{"DISCORD_TOKEN=" + discordtest.DefaultToken}, cmd...)
		st.proxies = append(st.proxies, "http://"+addr)
	}
	return st
}

// load drives callers for d, running half after d/2 if set.
func (st *replicaStack) load(d time.Duration, callers int, half func()) *loadResult {
	if half != nil {
		time.AfterFunc(d/2, half)
	}
	return drive(context.Background(), st.proxies, discordtest.DefaultToken, st.channels, callers, d, nil)
}

// failCallers is how many callers the failure-mode runs drive: 300 in a
// full run; in the short one fewer, so the global queue Redis built
// (about callers/50 seconds deep) drains before the run ends and the
// fallback is what paces the second half.
func failCallers() int {
	if os.Getenv("DMP_REPLICAS_RUN") != "" {
		return replicaCallers
	}
	return 100
}

// TestReplicas runs stacks of an emulator, a Redis and three replicas
// at once: one with Redis up throughout (300 callers), and one for each
// failure mode with Redis stopped half-way (fewer callers in the short
// run, see failCallers, so the three stacks do not starve each other of
// the machine's two cores).
func TestReplicas(t *testing.T) {
	toolenv.SkipIfShort(t, "builds the binary and runs three replicas under load")
	// Three replicas under load for tens of seconds: too long and too
	// heavy for every `go test ./...`. CI runs it alone, with this set.
	toolenv.Var(t, "DMP_TEST_REPLICAS", "1 to run the three-replica load test (.ci/run does, on its own)")
	bin := buildBinary(t)
	run := replicaRun(t, 6*time.Second)
	// One after another: each run is three replicas, an emulator and a
	// redis-server under load, and on two cores they would starve each
	// other and the timing they check.
	t.Run("shared", func(t *testing.T) { testReplicasShare(t, bin, run) })
	t.Run("redis stops, fail closed", func(t *testing.T) { testReplicasFailClosed(t, bin, run) })
	t.Run("redis stops, fail local", func(t *testing.T) { testReplicasFailLocal(t, bin, run) })
}

// testReplicasShare: three replicas sharing Redis keep Discord's limits
// together: no violation, no 429 of scope user or global, never more than
// the global limit in any window, and a throughput within 10% of what the
// limits allow. Each replica's /metrics parses and its request and 429
// counters add up to the emulator's own counts.
func testReplicasShare(t *testing.T, bin string, run time.Duration) {
	st := startReplicas(t, bin)
	stop := watchLateness()
	res := st.load(run, replicaCallers, nil)
	t.Logf("this process's timers fired up to %v late during the run (the global window's margin is 60 ms: more, and the host's load alone can bunch requests)", stop())
	stats, err := fetchStats(st.emulator)
	if err != nil {
		t.Fatal(err)
	}
	lim := discordtest.DefaultLimits()
	bound := mixBound(lim, replicaChannels)
	t.Logf("%d callers over 3 replicas for %s: outcomes %v, %.1f ok calls/s of %.1f the limits allow (%.0f%%); emulator: %d requests (%.1f/s), 429s %v, violations %d, most global in any %s: %d",
		replicaCallers, run, res.outcomes, res.rate(run), bound, 100*res.rate(run)/bound, stats.Total,
		float64(stats.Total)/run.Seconds(), stats.RateLimited, stats.Violations, lim.GlobalWindow, stats.MaxGlobalPerWindow)
	if stats.Violations != 0 || stats.RateLimited["user"] != 0 || stats.RateLimited["global"] != 0 {
		t.Errorf("violations %d, 429s %v: want none of scope user or global", stats.Violations, stats.RateLimited)
	}
	if stats.MaxGlobalPerWindow > int64(lim.GlobalLimit) {
		t.Errorf("%d requests within one %s: the global limit is %d", stats.MaxGlobalPerWindow, lim.GlobalWindow, lim.GlobalLimit)
	}
	// Within 10% over a full run; a short one loses more of its length to
	// the start (buckets unknown, one request each) and to a loaded host
	// (a request woken over 20 ms late gives its slot back).
	share := 0.9
	if run < time.Minute {
		share = 0.8
	}
	if res.rate(run) < share*bound {
		t.Errorf("%.1f ok calls/s: under %.0f%% of the %.1f the limits allow", res.rate(run), 100*share, bound)
	}
	// A call may fail fast with RateLimitError when its wait would
	// outlast --max-wait: FIFO holds within a replica, but a bucket's
	// slots go to whichever replica asks first after the reset, so an
	// unlucky caller can wait longer than it would in one process. Rare
	// (4 to 29 of about 2,850 calls in 60 s runs), and no other failure
	// is allowed.
	bad := len(res.latencies) - res.outcomes["ok"]
	if bad != res.outcomes["RateLimitError"] || bad*50 > len(res.latencies) {
		t.Errorf("%d calls failed: %v; want only RateLimitErrors, under 2%%", bad, res.outcomes)
	}
	st.checkMetrics(t, stats)
}

// checkMetrics adds up the replicas' counters and compares them with the
// emulator's.
func (st *replicaStack) checkMetrics(t *testing.T, stats *discordtest.Stats) {
	t.Helper()
	var requests, limited, trips, redisErrors, refusals float64
	for _, p := range st.proxies {
		fams := scrape(t, p+"/metrics")
		up := fams["discord_mcp_proxy_upstream_requests_total"]
		requests += counterSum(up, nil) - counterSum(up, map[string]string{"status": "0"})
		limited += counterSum(fams["discord_mcp_proxy_discord_429_total"], nil)
		trips += counterSum(fams["discord_mcp_proxy_redis_round_trips_total"], nil)
		redisErrors += counterSum(fams["discord_mcp_proxy_redis_errors_total"], nil)
		refusals += counterSum(fams["discord_mcp_proxy_redis_refusals_total"], nil)
	}
	t.Logf("metrics: %v requests, %v Redis round trips (%.2f a request), %v Redis errors, %v calls refused for Redis",
		requests, trips, trips/max(requests, 1), redisErrors, refusals)
	var emu429 int64
	for _, n := range stats.RateLimited {
		emu429 += n
	}
	if int64(requests) != stats.Total || int64(limited) != emu429 {
		t.Errorf("metrics: %v requests and %v 429s; the emulator counted %d and %d", requests, limited, stats.Total, emu429)
	}
	// At least one round trip to acquire and one to report each request.
	if trips < 2*requests {
		t.Errorf("metrics: %v Redis round trips for %v requests", trips, requests)
	}
}

// testReplicasFailClosed: with Redis stopped half-way and --redis-fail
// closed, calls fail with RateLimitError and nothing more reaches Discord
// unshared: no 429 at all, no violation. When Redis returns, the
// replicas use it again.
func testReplicasFailClosed(t *testing.T, bin string, run time.Duration) {
	st := startReplicas(t, bin, "--redis-fail", "closed")
	res := st.load(run, failCallers(), st.redis.Stop)
	stats, err := fetchStats(st.emulator)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fail closed: outcomes %v; emulator: %d requests, 429s %v, violations %d, most global in any window %d",
		res.outcomes, stats.Total, stats.RateLimited, stats.Violations, stats.MaxGlobalPerWindow)
	if len(stats.RateLimited) != 0 || stats.Violations != 0 {
		t.Errorf("429s %v, violations %d: want none", stats.RateLimited, stats.Violations)
	}
	var refusals float64
	for _, p := range st.proxies {
		fams := scrape(t, p+"/metrics")
		for _, m := range fams["discord_mcp_proxy_tool_calls_total"].GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "outcome" && l.GetValue() != "ok" && l.GetValue() != "RateLimitError" {
					t.Errorf("%s: %v calls ended %s; fail closed may only refuse with RateLimitError", p, m.GetCounter().GetValue(), l.GetValue())
				}
			}
		}
		refusals += counterSum(fams["discord_mcp_proxy_redis_refusals_total"], nil)
		if f := counterSum(fams["discord_mcp_proxy_redis_fallbacks_total"], nil); f != 1 {
			t.Errorf("%s: redis_fallbacks_total %v, want 1", p, f)
		}
	}
	if refusals == 0 || res.outcomes["RateLimitError"] == 0 {
		t.Errorf("Redis stopped, yet nothing was refused: %v refusals, outcomes %v", refusals, res.outcomes)
	}
	st.redis.Restart()
	st.waitRedisUp(t)
}

// waitRedisUp waits until every replica's probe found Redis again.
func (st *replicaStack) waitRedisUp(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range st.proxies {
		for gaugeValue(scrape(t, p+"/metrics"), "discord_mcp_proxy_redis_down") != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s still reports Redis down", p)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func gaugeValue(fams map[string]*dto.MetricFamily, name string) float64 {
	var v float64
	for _, m := range fams[name].GetMetric() {
		v += m.GetGauge().GetValue()
	}
	return v
}

// testReplicasFailLocal: with Redis stopped half-way and --redis-fail
// local, each replica goes on at a third of the global limit: no global
// 429, never more than the limit in any window. (Bucket windows are then
// each replica's own, so a hot bucket may see user 429s, which the
// limiter obeys; the figures are logged.)
func testReplicasFailLocal(t *testing.T, bin string, run time.Duration) {
	st := startReplicas(t, bin, "--redis-fail", "local")
	res := st.load(run, failCallers(), st.redis.Stop)
	stats, err := fetchStats(st.emulator)
	if err != nil {
		t.Fatal(err)
	}
	lim := discordtest.DefaultLimits()
	t.Logf("fail local: outcomes %v, %.1f ok calls/s; emulator: %d requests, 429s %v, violations %d, most global in any %s %d",
		res.outcomes, res.rate(run), stats.Total, stats.RateLimited, stats.Violations, lim.GlobalWindow, stats.MaxGlobalPerWindow)
	if stats.RateLimited["global"] != 0 || stats.MaxGlobalPerWindow > int64(lim.GlobalLimit) {
		t.Errorf("global 429s %d, most in one window %d: the replicas' shares overran the limit %d",
			stats.RateLimited["global"], stats.MaxGlobalPerWindow, lim.GlobalLimit)
	}
	if res.outcomes["ok"] == 0 {
		t.Errorf("no call succeeded: %v", res.outcomes)
	}
	for _, p := range st.proxies {
		fams := scrape(t, p+"/metrics")
		if f := counterSum(fams["discord_mcp_proxy_redis_fallbacks_total"], nil); f != 1 || gaugeValue(fams, "discord_mcp_proxy_redis_down") != 1 {
			t.Errorf("%s: redis_fallbacks_total %v and redis_down %v, want 1 and 1", p, f, gaugeValue(fams, "discord_mcp_proxy_redis_down"))
		}
	}
}

// TestEmulatorChannelsFlag: --channels is checked, and does not mix with
// a seed file.
func TestEmulatorChannelsFlag(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--channels", "-1"}, {"--channels", "2", "--seed", "x.json"}} {
		err := run(context.Background(), append([]string{"emulator", "--listen", "127.0.0.1:0"}, args...), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--channels") {
			t.Errorf("emulator %v: %v, want an error naming --channels", args, err)
		}
	}
}

// watchLateness measures how late a 10 ms timer fires in this process
// until the returned stop is called, which reports the worst: a measure
// of how starved of CPU the machine is, for reading a failed run.
func watchLateness() (stop func() time.Duration) {
	done := make(chan struct{})
	worst := make(chan time.Duration, 1)
	go func() {
		var w time.Duration
		for {
			want := time.Now().Add(10 * time.Millisecond)
			select {
			case <-done:
				worst <- w
				return
			case <-time.After(10 * time.Millisecond):
				w = max(w, time.Since(want))
			}
		}
	}()
	return func() time.Duration { close(done); return <-worst }
}
