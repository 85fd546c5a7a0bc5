package main

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// familyWant is one family of the /metrics contract.
type familyWant struct {
	name   string
	typ    dto.MetricType
	labels []string
	help   string
}

// wantFamilies is the /metrics contract: names, types, labels and help
// texts as client_golang served them before the swap (issue 13).
func wantFamilies() []familyWant {
	return []familyWant{
		{"tool_calls_total", dto.MetricType_COUNTER, []string{"outcome", "tool"}, "Tool calls by tool and outcome (ok or the error type)."},
		{"tool_call_duration_seconds", dto.MetricType_HISTOGRAM, []string{"tool"}, "Tool call duration, limiter waits included."},
		{"upstream_requests_total", dto.MetricType_COUNTER, []string{"method", "route", "source", "status"},
			"Requests sent to Discord by route template, method, status (0: no answer) and source (tool, passthrough, internal)."},
		{"upstream_latency_seconds", dto.MetricType_HISTOGRAM, []string{"route"}, "Discord round-trip time by route template."},
		{"limiter_wait_seconds", dto.MetricType_HISTOGRAM, nil, "Time a request spent in the rate limiter."},
		{"refusals_total", dto.MetricType_COUNTER, []string{"kind"}, "Requests the proxy answered itself, by error kind."},
		{"cache_lookups_total", dto.MetricType_COUNTER, []string{"result"}, "Channel metadata cache lookups by result (hit, miss)."},
		{"sessions_open", dto.MetricType_GAUGE, nil, "Live MCP sessions."},
		{"invalid_requests_in_window", dto.MetricType_GAUGE, nil,
			"401/403/429 answers within the invalid-request window, all tokens (what Discord's per-IP ban counts)."},
	}
}

// Every family keeps its name, type, label names and help text, the
// histograms keep their bucket bounds, and the Go runtime's and the
// process's metrics are there, all through the real server.
func TestMetricsShape(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	callTool(t, cs, "get_messages", map[string]any{"channel_id": general, "limit": 1})
	if r := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": "123"}); !r.IsError {
		t.Fatal("a malformed id must be refused")
	}
	resp, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "GET", "/api/v10/channels/"+general+"/nothing-here",
		[][2]string{{"X-Privileged-Call", "1"}}, "")
	if resp.StatusCode != 403 {
		t.Fatalf("an unknown route without --allow-unknown-routes: %d %s", resp.StatusCode, body)
	}
	fams := scrape(t, st.base+"/metrics")
	for _, w := range wantFamilies() {
		fam := fams[ns+"_"+w.name]
		if fam == nil {
			t.Errorf("%s missing", w.name)
			continue
		}
		if fam.GetType() != w.typ || fam.GetHelp() != w.help {
			t.Errorf("%s: %v %q, want %v %q", w.name, fam.GetType(), fam.GetHelp(), w.typ, w.help)
		}
		for _, m := range fam.GetMetric() {
			var names []string
			for _, l := range m.GetLabel() {
				names = append(names, l.GetName())
			}
			if slices.Sort(names); !slices.Equal(names, w.labels) {
				t.Errorf("%s: labels %v, want %v", w.name, names, w.labels)
			}
		}
	}
	checkBounds(t, fams[ns+"_upstream_latency_seconds"], []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10})
	checkBounds(t, fams[ns+"_tool_call_duration_seconds"], []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10})
	checkBounds(t, fams[ns+"_limiter_wait_seconds"], []float64{0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30})
	if got := counterSum(fams[ns+"_refusals_total"], nil); got < 1 {
		t.Errorf("refusals_total %v: the refused unknown route is not counted", got)
	}
	for _, name := range []string{"go_goroutines", "go_memstats_heap_inuse_bytes", "go_gc_gomemlimit_bytes",
		"process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds"} {
		if fams[name] == nil {
			t.Errorf("%s missing", name)
		}
	}
}

// checkBounds: every series of a histogram has these upper bounds, then
// +Inf.
func checkBounds(t *testing.T, fam *dto.MetricFamily, want []float64) {
	t.Helper()
	want = append(want, math.Inf(1))
	if fam == nil || len(fam.GetMetric()) == 0 {
		t.Error("histogram missing")
		return
	}
	for _, m := range fam.GetMetric() {
		var got []float64
		for _, b := range m.GetHistogram().GetBucket() {
			got = append(got, b.GetUpperBound())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: buckets %v, want %v", fam.GetName(), got, want)
		}
	}
}

// Two apps in one process count apart: no registry is shared.
func TestMetricsPerApp(t *testing.T) {
	t.Parallel()
	busy := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	idle := startStack(t, nil)
	for range 3 {
		resp, body := rawRequest(t, strings.TrimPrefix(busy.base, "http://"), "GET", "/api/v10/channels/"+general,
			[][2]string{{"X-Privileged-Call", "1"}}, "")
		if resp.StatusCode != 200 {
			t.Fatalf("passthrough: %d %s", resp.StatusCode, body)
		}
	}
	if got := counterSum(scrape(t, busy.base+"/metrics")[ns+"_upstream_requests_total"], nil); got != 3 {
		t.Errorf("the busy app counted %v upstream requests, want 3", got)
	}
	if got := counterSum(scrape(t, idle.base+"/metrics")[ns+"_upstream_requests_total"], nil); got != 0 {
		t.Errorf("the idle app counted %v upstream requests: the apps share counters", got)
	}
}

// A label value with the bytes the text format escapes still makes a
// page the parser reads back to the same value.
func TestMetricsLabelEscaping(t *testing.T) {
	t.Parallel()
	odd := "a\"b\\c\nd{e}=,f"
	f := newFamily("odd_total", "counter", "Odd labels.")
	f.set.GetOrCreateCounter(f.series("x", odd, "y", "plain")).Add(2)
	var b bytes.Buffer
	f.writeTo(&b)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(&b)
	if err != nil {
		t.Fatalf("%v in\n%s", err, b.String())
	}
	m := fams[ns+"_odd_total"].GetMetric()
	if len(m) != 1 || m[0].GetCounter().GetValue() != 2 {
		t.Fatalf("parsed %v", fams)
	}
	if got := m[0].GetLabel()[0].GetValue(); got != odd {
		t.Errorf("label value %q, want %q", got, odd)
	}
}

// Once a label set has been seen, an observation allocates nothing: the
// observer runs on every upstream request and tool call.
func TestMetricsObservationAllocs(t *testing.T) {
	m := newMetrics(&app{})
	observe := func() {
		m.Upstream("passthrough", "GET", "/channels/{channel_id}/messages", 200, "", time.Millisecond)
		m.Upstream("tool", "POST", "/channels/{channel_id}/messages", 429, "shared", time.Millisecond)
		m.Waited(time.Microsecond)
		m.CacheLookup(true)
		m.Refused("PermissionDenied")
		m.ToolCall("get_messages", "ok", time.Millisecond)
	}
	observe()
	if n := testing.AllocsPerRun(100, observe); n != 0 {
		t.Errorf("%v allocs per observation round, want 0", n)
	}
}

// With --redis-url naming a port nobody listens on and --redis-fail
// closed, a passthrough request is refused and the Redis families say
// why, with their names, types and help texts.
func TestMetricsRedisFamilies(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true",
		"DMP_REDIS_URL": "redis://" + freeAddr(t) + "/0", "DMP_REDIS_FAIL": "closed"})
	resp, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "GET", "/api/v10/channels/"+general,
		[][2]string{{"X-Privileged-Call", "1"}}, "")
	if resp.StatusCode == 200 {
		t.Fatalf("Redis is down and fails closed, yet the request passed: %s", body)
	}
	if n := st.emu.Stats().Total; n != 0 {
		t.Fatalf("the emulator saw %d requests", n)
	}
	fams := scrape(t, st.base+"/metrics")
	for _, w := range []struct {
		name string
		typ  dto.MetricType
		help string
		min  float64
	}{
		{"redis_round_trips_total", dto.MetricType_COUNTER, "Commands and scripts sent to Redis (one per acquire, one per answer).", 1},
		{"redis_errors_total", dto.MetricType_COUNTER, "Redis round trips that failed.", 1},
		{"redis_fallbacks_total", dto.MetricType_COUNTER, "Times Redis was found unreachable and --redis-fail took over.", 1},
		{"redis_refusals_total", dto.MetricType_COUNTER, "Requests refused while Redis was unreachable (--redis-fail closed).", 1},
		{"redis_down", dto.MetricType_GAUGE, "1 while Redis is unreachable.", 1},
	} {
		fam := fams[ns+"_"+w.name]
		if fam == nil || len(fam.GetMetric()) != 1 {
			t.Errorf("%s: %v", w.name, fam)
			continue
		}
		v := fam.GetMetric()[0].GetCounter().GetValue() + fam.GetMetric()[0].GetGauge().GetValue()
		if fam.GetType() != w.typ || fam.GetHelp() != w.help || v < w.min {
			t.Errorf("%s: %v %q %v, want %v %q >= %v", w.name, fam.GetType(), fam.GetHelp(), v, w.typ, w.help, w.min)
		}
	}
}

// Goroutines meeting new label sets at once each count once: a series
// made twice would lose the first one's counts.
func TestMetricsConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	m := newMetrics(&app{})
	const workers, rounds = 8, 200
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range rounds {
				m.Upstream("tool", "GET", "/channels/{channel_id}", 200+i%7, "", time.Millisecond)
				m.ToolCall("get_channel_info", []string{"ok", "InvalidInputError"}[i%2], time.Millisecond)
			}
		})
	}
	wg.Wait()
	var b bytes.Buffer
	for _, f := range m.families { // not the gauges: this app has no server to read
		if f.kind != "gauge" {
			f.writeTo(&b)
		}
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(&b)
	if err != nil {
		t.Fatal(err)
	}
	up := fams[ns+"_upstream_requests_total"]
	if got := counterSum(up, nil); got != workers*rounds || len(up.GetMetric()) != 7 {
		t.Errorf("upstream: %v in %d series, want %d in 7", got, len(up.GetMetric()), workers*rounds)
	}
	if got := counterSum(fams[ns+"_tool_calls_total"], nil); got != workers*rounds {
		t.Errorf("tool calls: %v, want %d", got, workers*rounds)
	}
	if h := fams[ns+"_tool_call_duration_seconds"].GetMetric(); len(h) != 1 || h[0].GetHistogram().GetSampleCount() != workers*rounds {
		t.Errorf("tool durations: %v", h)
	}
}
