package main

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore"
)

// metrics implements proxy.Observer with Prometheus collectors on a
// registry of its own (no process-global state). Every label value is
// bounded: route templates, methods, statuses, error kinds, tool names.
type metrics struct {
	reg       *prometheus.Registry
	tools     *prometheus.CounterVec
	toolTime  *prometheus.HistogramVec
	upstream  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	waits     prometheus.Histogram
	limited   *prometheus.CounterVec
	refusals  *prometheus.CounterVec
	cacheHits *prometheus.CounterVec
	hit, miss prometheus.Counter // cacheHits' two children

	// WithLabelValues hashes and checks every label on every call: the
	// upstream children are looked up once per label set and kept here
	// (the labels are bounded, so is the map).
	mu       sync.RWMutex // guards children
	children map[upstreamLabels]upstreamChildren
}

// upstreamLabels is one label set of upstream_requests_total.
type upstreamLabels struct {
	source, method, route string
	status                int
}

type upstreamChildren struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

const ns = "discord_mcp_proxy"

func newMetrics(a *app) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), children: map[upstreamLabels]upstreamChildren{}}
	m.tools = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "tool_calls_total",
		Help: "Tool calls by tool and outcome (ok or the error type)."}, []string{"tool", "outcome"})
	m.toolTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "tool_call_duration_seconds",
		Help: "Tool call duration, limiter waits included.", Buckets: prometheus.DefBuckets}, []string{"tool"})
	m.upstream = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "upstream_requests_total",
		Help: "Requests sent to Discord by route template, method, status (0: no answer) and source (tool, passthrough, internal)."},
		[]string{"route", "method", "status", "source"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "upstream_latency_seconds",
		Help: "Discord round-trip time by route template.", Buckets: prometheus.DefBuckets}, []string{"route"})
	m.waits = prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Name: "limiter_wait_seconds",
		Help:    "Time a request spent in the rate limiter.",
		Buckets: []float64{0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "discord_429_total",
		Help: "429 answers from Discord by X-RateLimit-Scope (user, global, shared)."}, []string{"scope"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "refusals_total",
		Help: "Requests the proxy answered itself, by error kind."}, []string{"kind"})
	m.cacheHits = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "cache_lookups_total",
		Help: "Channel metadata cache lookups by result (hit, miss)."}, []string{"result"})
	m.hit, m.miss = m.cacheHits.WithLabelValues("hit"), m.cacheHits.WithLabelValues("miss")
	m.reg.MustRegister(m.tools, m.toolTime, m.upstream, m.latency, m.waits, m.limited, m.refusals, m.cacheHits,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "sessions_open", Help: "Live MCP sessions."},
			func() float64 { return float64(a.mcp.OpenSessions()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "invalid_requests_in_window",
			Help: "401/403/429 answers within the invalid-request window, all tokens (what Discord's per-IP ban counts)."},
			func() float64 { return float64(a.limiter.InvalidUsed()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	if a.redis != nil {
		m.reg.MustRegister(redisCollectors(a.redis)...)
	}
	return m
}

// redisCollectors report the Redis store's round trips and fallbacks.
func redisCollectors(s *redisstore.Store) []prometheus.Collector {
	counter := func(name, help string, f func(redisstore.Stats) uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: ns, Name: name, Help: help},
			func() float64 { return float64(f(s.Stats())) })
	}
	return []prometheus.Collector{
		counter("redis_round_trips_total", "Commands and scripts sent to Redis (one per acquire, one per answer).",
			func(st redisstore.Stats) uint64 { return st.RoundTrips }),
		counter("redis_errors_total", "Redis round trips that failed.", func(st redisstore.Stats) uint64 { return st.Errors }),
		counter("redis_fallbacks_total", "Times Redis was found unreachable and --redis-fail took over.",
			func(st redisstore.Stats) uint64 { return st.Fallbacks }),
		counter("redis_refusals_total", "Requests refused while Redis was unreachable (--redis-fail closed).",
			func(st redisstore.Stats) uint64 { return st.Refusals }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "redis_down", Help: "1 while Redis is unreachable."},
			func() float64 {
				if s.Stats().Down {
					return 1
				}
				return 0
			}),
	}
}

func (m *metrics) Upstream(source, method, template string, status int, scope429 string, d time.Duration) {
	c := m.upstreamChildren(upstreamLabels{source, method, template, status})
	c.count.Inc()
	if status != 0 {
		c.latency.Observe(d.Seconds())
	}
	if status == 429 {
		if scope429 == "" {
			scope429 = "unknown"
		}
		m.limited.WithLabelValues(scope429).Inc()
	}
}

// upstreamChildren returns the collectors for one label set, made once.
func (m *metrics) upstreamChildren(l upstreamLabels) upstreamChildren {
	m.mu.RLock()
	c, ok := m.children[l]
	m.mu.RUnlock()
	if ok {
		return c
	}
	c = upstreamChildren{
		count:   m.upstream.WithLabelValues(l.route, l.method, strconv.Itoa(l.status), l.source),
		latency: m.latency.WithLabelValues(l.route),
	}
	m.mu.Lock()
	m.children[l] = c
	m.mu.Unlock()
	return c
}

func (m *metrics) Waited(d time.Duration)  { m.waits.Observe(d.Seconds()) }
func (m *metrics) Refused(kind proxy.Kind) { m.refusals.WithLabelValues(string(kind)).Inc() }
func (m *metrics) CacheLookup(hit bool) {
	if hit {
		m.hit.Inc()
	} else {
		m.miss.Inc()
	}
}

func (m *metrics) ToolCall(tool, outcome string, d time.Duration) {
	m.tools.WithLabelValues(tool, outcome).Inc()
	m.toolTime.WithLabelValues(tool).Observe(d.Seconds())
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() fasthttp.RequestHandler {
	h := fasthttpadaptor.NewFastHTTPHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return func(rc *fasthttp.RequestCtx) {
		rc.Response.Header.Set("X-Response-Src", "mcp")
		h(rc)
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
