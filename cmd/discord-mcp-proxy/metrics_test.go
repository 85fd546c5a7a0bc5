package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "mcp" {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the Prometheus text parser refuses /metrics: %v", err)
	}
	return fams
}

func counterSum(fam *dto.MetricFamily, match map[string]string) float64 {
	if fam == nil {
		return 0
	}
	var sum float64
next:
	for _, m := range fam.GetMetric() {
		for k, v := range match {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == k && l.GetValue() == v {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		sum += m.GetCounter().GetValue()
	}
	return sum
}

// The counters /metrics reports match what the emulator itself counted:
// every request it saw, by route, and every 429 by scope.
func TestMetricsMatchTheEmulator(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_TARGET_GUILDS": discordtest.GuildID.String()})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	for i := 0; i < 3; i++ {
		callTool(t, cs, "get_messages", map[string]any{"channel_id": general, "limit": 2})
	}
	callTool(t, cs, "send_message", map[string]any{"channel_id": general, "content": "counted"})
	bad := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": "123"})
	if !bad.IsError {
		t.Fatal("a malformed id must be refused")
	}
	for i := 0; i < 2; i++ {
		resp, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "GET", "/api/v10/channels/"+general, [][2]string{{"X-Privileged-Call", "1"}}, "")
		if resp.StatusCode != 200 {
			t.Fatalf("passthrough: %d %s", resp.StatusCode, body)
		}
	}
	st.emu.ForceShared429(general, 50*time.Millisecond)
	_ = callTool(t, cs, "get_messages", map[string]any{"channel_id": general, "limit": 1})

	fams := scrape(t, st.base+"/metrics")
	stats := st.emu.Stats()
	up := fams["discord_mcp_proxy_upstream_requests_total"]
	if got := counterSum(up, nil); got != float64(stats.Total) {
		t.Errorf("upstream_requests_total %v, the emulator saw %d", got, stats.Total)
	}
	for key, n := range stats.Routes {
		method, tmpl, _ := strings.Cut(key, " ")
		if got := counterSum(up, map[string]string{"method": method, "route": tmpl}); got != float64(n) {
			t.Errorf("%s: metrics %v, emulator %d", key, got, n)
		}
	}
	for status, n := range stats.Statuses {
		if got := counterSum(up, map[string]string{"status": fmt.Sprint(status)}); got != float64(n) {
			t.Errorf("status %d: metrics %v, emulator %d", status, got, n)
		}
	}
	for scope, n := range stats.RateLimited {
		if got := counterSum(fams["discord_mcp_proxy_discord_429_total"], map[string]string{"scope": scope}); got != float64(n) {
			t.Errorf("429 %s: metrics %v, emulator %d", scope, got, n)
		}
	}
	if stats.RateLimited["shared"] == 0 {
		t.Error("the forced shared 429 never reached the emulator: the test proves nothing about 429 counts")
	}
	if got := counterSum(up, map[string]string{"source": "passthrough"}); got != 2 {
		t.Errorf("passthrough requests: %v, want 2", got)
	}
	if got := counterSum(fams["discord_mcp_proxy_tool_calls_total"], map[string]string{"tool": "get_messages", "outcome": "ok"}); got < 3 {
		t.Errorf("get_messages ok calls: %v, want at least 3", got)
	}
	if got := counterSum(fams["discord_mcp_proxy_tool_calls_total"], map[string]string{"tool": "get_channel_info", "outcome": "InvalidInputError"}); got != 1 {
		t.Errorf("refused get_channel_info: %v, want 1", got)
	}
	if g := fams["discord_mcp_proxy_sessions_open"]; g == nil || g.GetMetric()[0].GetGauge().GetValue() < 1 {
		t.Errorf("sessions_open: %v", g)
	}
	for _, name := range []string{"discord_mcp_proxy_limiter_wait_seconds", "discord_mcp_proxy_upstream_latency_seconds", "discord_mcp_proxy_cache_lookups_total"} {
		if fams[name] == nil {
			t.Errorf("%s missing", name)
		}
	}
	// No label carries a raw path or id.
	for _, fam := range fams {
		for _, m := range fam.GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), general) || strings.Contains(l.GetValue(), discordtest.GuildID.String()) {
					t.Errorf("%s has an id in label %s=%s", fam.GetName(), l.GetName(), l.GetValue())
				}
			}
		}
	}
}

// With --metrics-listen, /metrics moves to its own listener and leaves the
// MCP listener.
func TestMetricsOnTheirOwnListener(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	st := startStack(t, map[string]string{"DMP_METRICS_LISTEN": addr})
	var fams map[string]*dto.MetricFamily
	for i := 0; i < 50 && fams == nil; i++ { // the listener starts beside the main one
		if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
			resp.Body.Close()
			fams = scrape(t, "http://"+addr+"/metrics")
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if fams["discord_mcp_proxy_sessions_open"] == nil {
		t.Fatalf("no metrics on %s", addr)
	}
	resp, err := http.Get(st.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Error("/metrics must leave the main listener when --metrics-listen is set")
	}
}
