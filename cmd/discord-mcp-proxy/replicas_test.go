package main

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore/redistest"
)

// The replica tests run the real binary three times against one
// redis-server of their own (they stop it half-way) and one emulator
// with Discord-like limits and 50 ms latency, and drive 300 callers
// spread over the three. DMP_REPLICAS_RUN sets the load's length (the
// closing note's figures are from 60s); CI runs the short default.

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

func startReplicas(t *testing.T, args ...string) *replicaStack {
	t.Helper()
	toolenv.SkipIfShort(t, "builds the binary and runs three replicas under load")
	st := &replicaStack{redis: redistest.Start(t)}
	bin := buildBinary(t)
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

// load drives the callers for d, running half after d/2 if set.
func (st *replicaStack) load(d time.Duration, half func()) *loadResult {
	if half != nil {
		time.AfterFunc(d/2, half)
	}
	return drive(context.Background(), st.proxies, discordtest.DefaultToken, st.channels, replicaCallers, d, nil)
}

// TestReplicasShareLimits: three replicas sharing Redis keep Discord's
// limits together: no violation, no 429 of scope user or global, never
// more than the global limit in any window, and a throughput within 10%
// of what the limits allow. Each replica's /metrics parses and its
// request and 429 counters add up to the emulator's own counts.
func TestReplicasShareLimits(t *testing.T) {
	st := startReplicas(t)
	run := replicaRun(t, 8*time.Second)
	res := st.load(run, nil)
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
	if res.rate(run) < 0.9*bound {
		t.Errorf("%.1f ok calls/s: under 90%% of the %.1f the limits allow", res.rate(run), bound)
	}
	if bad := len(res.latencies) - res.outcomes["ok"]; bad != 0 {
		t.Errorf("%d calls failed: %v", bad, res.outcomes)
	}
	st.checkMetrics(t, stats)
}

// checkMetrics adds up the replicas' counters and compares them with the
// emulator's.
func (st *replicaStack) checkMetrics(t *testing.T, stats *discordtest.Stats) {
	t.Helper()
	var requests, limited, trips float64
	for _, p := range st.proxies {
		fams := scrape(t, p+"/metrics")
		up := fams["discord_mcp_proxy_upstream_requests_total"]
		requests += counterSum(up, nil) - counterSum(up, map[string]string{"status": "0"})
		limited += counterSum(fams["discord_mcp_proxy_discord_429_total"], nil)
		trips += counterSum(fams["discord_mcp_proxy_redis_round_trips_total"], nil)
	}
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
