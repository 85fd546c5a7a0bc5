package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	vm "github.com/VictoriaMetrics/metrics"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore"
)

// metrics implements proxy.Observer with VictoriaMetrics/metrics series
// on sets of its own (no process-global state: two apps in one process
// count apart). It replaced client_golang, whose protobuf and other
// dependencies cost about 2 MiB of resident memory at start. Every label
// value is bounded: route templates ("(unknown)" for the rest), methods,
// statuses, error kinds, tool names.
type metrics struct {
	families []*family // written in this order

	upstream  *children[upstreamKey, upstreamSeries]
	tools     *children[toolKey, toolSeries]
	limited   *children[string, *vm.Counter]
	refusals  *children[proxy.Kind, *vm.Counter]
	waits     *vm.PrometheusHistogram
	hit, miss *vm.Counter
}

// upstreamKey is one label set of upstream_requests_total.
type upstreamKey struct {
	source, method, route string
	status                int
}

type upstreamSeries struct {
	count   *vm.Counter
	latency *vm.PrometheusHistogram // upstream_latency_seconds for the route
}

// toolKey is one label set of tool_calls_total.
type toolKey struct{ tool, outcome string }

type toolSeries struct {
	count    *vm.Counter
	duration *vm.PrometheusHistogram // tool_call_duration_seconds for the tool
}

const ns = "discord_mcp_proxy"

func newMetrics(a *app) *metrics {
	// client_golang's DefBuckets, kept so dashboards keep their bounds.
	defBuckets := []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	m := &metrics{}
	tools := m.add("tool_calls_total", "counter", "Tool calls by tool and outcome (ok or the error type).")
	toolTime := m.add("tool_call_duration_seconds", "histogram", "Tool call duration, limiter waits included.")
	m.tools = newChildren(func(k toolKey) toolKey {
		return toolKey{strings.Clone(k.tool), strings.Clone(k.outcome)}
	}, func(k toolKey) toolSeries {
		return toolSeries{
			count:    tools.set.GetOrCreateCounter(tools.series("tool", k.tool, "outcome", k.outcome)),
			duration: toolTime.set.GetOrCreatePrometheusHistogramExt(toolTime.series("tool", k.tool), defBuckets),
		}
	})
	upstream := m.add("upstream_requests_total", "counter",
		"Requests sent to Discord by route template, method, status (0: no answer) and source (tool, passthrough, internal).")
	latency := m.add("upstream_latency_seconds", "histogram", "Discord round-trip time by route template.")
	m.upstream = newChildren(func(k upstreamKey) upstreamKey {
		return upstreamKey{source: strings.Clone(k.source), method: strings.Clone(k.method), route: strings.Clone(k.route), status: k.status}
	}, func(k upstreamKey) upstreamSeries {
		return upstreamSeries{
			count: upstream.set.GetOrCreateCounter(upstream.series(
				"route", k.route, "method", k.method, "status", strconv.Itoa(k.status), "source", k.source)),
			latency: latency.set.GetOrCreatePrometheusHistogramExt(latency.series("route", k.route), defBuckets),
		}
	})
	waits := m.add("limiter_wait_seconds", "histogram", "Time a request spent in the rate limiter.")
	m.waits = waits.set.NewPrometheusHistogramExt(waits.series(),
		[]float64{0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30})
	limited := m.add("discord_429_total", "counter", "429 answers from Discord by X-RateLimit-Scope (user, global, shared).")
	m.limited = newChildren(strings.Clone, func(scope string) *vm.Counter {
		return limited.set.GetOrCreateCounter(limited.series("scope", scope))
	})
	refusals := m.add("refusals_total", "counter", "Requests the proxy answered itself, by error kind.")
	m.refusals = newChildren(func(k proxy.Kind) proxy.Kind { return proxy.Kind(strings.Clone(string(k))) }, func(kind proxy.Kind) *vm.Counter {
		return refusals.set.GetOrCreateCounter(refusals.series("kind", string(kind)))
	})
	cache := m.add("cache_lookups_total", "counter", "Channel metadata cache lookups by result (hit, miss).")
	m.hit, m.miss = cache.set.NewCounter(cache.series("result", "hit")), cache.set.NewCounter(cache.series("result", "miss"))
	m.addGauges(a)
	if a.redis != nil {
		m.addRedis(a.redis)
	}
	return m
}

// add makes a family and lists it for writing.
func (m *metrics) add(name, kind, help string) *family {
	f := newFamily(name, kind, help)
	m.families = append(m.families, f)
	return f
}

// addFunc adds a family of one unlabelled series read at scrape time;
// kind is the family's TYPE (a counter read from elsewhere is a counter).
func (m *metrics) addFunc(name, kind, help string, read func() float64) {
	f := m.add(name, kind, help)
	f.set.NewGauge(f.series(), read)
}

func (m *metrics) addGauges(a *app) {
	m.addFunc("sessions_open", "gauge", "Live MCP sessions.", func() float64 { return float64(a.mcp.OpenSessions()) })
	m.addFunc("invalid_requests_in_window", "gauge",
		"401/403/429 answers within the invalid-request window, all tokens (what Discord's per-IP ban counts).",
		func() float64 { return float64(a.limiter.InvalidUsed()) })
}

// addRedis reports the Redis store's round trips and fallbacks.
func (m *metrics) addRedis(s *redisstore.Store) {
	counter := func(name, help string, f func(redisstore.Stats) uint64) {
		m.addFunc(name, "counter", help, func() float64 { return float64(f(s.Stats())) })
	}
	counter("redis_round_trips_total", "Commands and scripts sent to Redis (one per acquire, one per answer).",
		func(st redisstore.Stats) uint64 { return st.RoundTrips })
	counter("redis_errors_total", "Redis round trips that failed.", func(st redisstore.Stats) uint64 { return st.Errors })
	counter("redis_fallbacks_total", "Times Redis was found unreachable and --redis-fail took over.",
		func(st redisstore.Stats) uint64 { return st.Fallbacks })
	counter("redis_refusals_total", "Requests refused while Redis was unreachable (--redis-fail closed).",
		func(st redisstore.Stats) uint64 { return st.Refusals })
	m.addFunc("redis_down", "gauge", "1 while Redis is unreachable.", func() float64 {
		if s.Stats().Down {
			return 1
		}
		return 0
	})
}

func (m *metrics) Upstream(source, method, template string, status int, scope429 string, d time.Duration) {
	s := m.upstream.get(upstreamKey{source: source, method: method, route: template, status: status})
	s.count.Inc()
	if status != 0 {
		s.latency.Update(d.Seconds())
	}
	if status == 429 {
		if scope429 == "" {
			scope429 = "unknown"
		}
		m.limited.get(scope429).Inc()
	}
}

func (m *metrics) Waited(d time.Duration)  { m.waits.Update(d.Seconds()) }
func (m *metrics) Refused(kind proxy.Kind) { m.refusals.get(kind).Inc() }
func (m *metrics) CacheLookup(hit bool) {
	if hit {
		m.hit.Inc()
	} else {
		m.miss.Inc()
	}
}

func (m *metrics) ToolCall(tool, outcome string, d time.Duration) {
	s := m.tools.get(toolKey{tool: tool, outcome: outcome})
	s.count.Inc()
	s.duration.Update(d.Seconds())
}

// writeTo appends every family, then the Go runtime's and the process's
// metrics, in the Prometheus text format (version 0.0.4).
func (m *metrics) writeTo(b *bytes.Buffer) {
	for _, f := range m.families {
		f.writeTo(b)
	}
	writeRuntime(b)
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() fasthttp.RequestHandler {
	return func(rc *fasthttp.RequestCtx) {
		rc.Response.Header.Set("X-Response-Src", "mcp")
		rc.SetContentType("text/plain; version=0.0.4; charset=utf-8")
		var b bytes.Buffer
		m.writeTo(&b)
		rc.SetBody(b.Bytes())
	}
}

// serveMetrics answers /metrics; its caller has admitted the request
// (Host and every Origin).
func (a *app) serveMetrics(rc *fasthttp.RequestCtx) {
	if !rc.IsGet() && !rc.IsHead() {
		rc.Response.Header.Set("X-Response-Src", "mcp")
		rc.SetStatusCode(fasthttp.StatusMethodNotAllowed)
		return
	}
	a.metrics.handler()(rc)
}

// serveMetricsListener serves /metrics alone on --metrics-listen until
// the returned stop is called.
func (a *app) serveMetricsListener() (stop func(), err error) {
	ln, err := listen(a.cfg.MetricsListen)
	if err != nil {
		return nil, fmt.Errorf("--metrics-listen: %w", err)
	}
	// The main listener's Host and Origin rule, plus this listener's own
	// address: a rebinding page must not read the metrics either.
	admit := a.mcp.AdmitOn(a.cfg.MetricsListen)
	srv := &fasthttp.Server{Name: "discord-mcp-proxy-metrics", NoDefaultServerHeader: true,
		ReadTimeout: 10 * time.Second, IdleTimeout: time.Minute,
		Handler: func(rc *fasthttp.RequestCtx) {
			if err := admit(rc); err != nil {
				proxy.WriteError(rc, &proxy.Error{Kind: proxy.PermissionDenied, Status: 403, Msg: err.Error(), Err: err,
					Resolution: "Reach the metrics by a name in --allowed-hosts or --metrics-listen's address, from an origin in --allowed-origins."})
				return
			}
			if string(rc.Path()) != "/metrics" {
				rc.Response.Header.Set("X-Response-Src", "mcp")
				rc.SetStatusCode(fasthttp.StatusNotFound)
				return
			}
			a.serveMetrics(rc)
		}}
	go func() { _ = srv.Serve(ln) }()
	a.log.Info().Str("listen", ln.Addr().String()).Msg("serving /metrics")
	return func() { _ = srv.Shutdown() }, nil
}
