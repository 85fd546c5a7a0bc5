package discordtest

import (
	"maps"
	"sync"
	"time"
)

// Stats counts what the emulator was asked. Every request that reaches
// the handler counts, including 401s, 404s and 429s; requests to the
// emulator's own /_emulator/ endpoints do not.
type Stats struct {
	Total int64 `json:"total"`
	// Routes by "METHOD /template", e.g. "GET /channels/{channel_id}/messages";
	// paths matching no route count under "METHOD <unknown>".
	Routes map[string]int64 `json:"routes"`
	// Statuses by HTTP status code.
	Statuses map[int]int64 `json:"statuses"`
	// RateLimited counts 429s by X-RateLimit-Scope: "user", "global", "shared"
	// (ban answers count under "ban").
	RateLimited map[string]int64 `json:"rate_limited"`
	// Invalid counts 401, 403 and non-shared 429 answers, Discord's
	// invalid requests.
	Invalid int64 `json:"invalid"`
	// Violations counts requests that arrived when their bucket or the
	// token's global limit was already spent, or before a Retry-After the
	// emulator had given.
	Violations int64 `json:"violations"`
	// MaxConcurrency is the highest number of requests in flight at once,
	// by bucket key "bucket_name/major" (e.g. "message_create/1085…").
	MaxConcurrency map[string]int64 `json:"max_concurrency"`
	// MaxInFlight is the highest number of requests in flight overall.
	MaxInFlight int64 `json:"max_in_flight"`
	// MaxGlobalPerWindow is the most requests counted against the global
	// limit that arrived within any one GlobalWindow, wherever it starts
	// (a sliding window): the limit's fixed windows alone would miss a
	// burst split across two of them.
	MaxGlobalPerWindow int64 `json:"max_global_per_window"`
	// Faults counts injected 500/502 answers (Options.FailRate).
	Faults int64 `json:"faults"`
	// Banned is true while the invalid-request ban is in force.
	Banned bool `json:"banned"`
	// LastAuditReason is the URL-decoded X-Audit-Log-Reason of the last
	// request that carried one.
	LastAuditReason string `json:"last_audit_reason"`
}

// counters is the live form of Stats; mu guards every field.
type counters struct {
	mu       sync.Mutex
	s        Stats
	inFlight map[string]int64
	total    int64       // in flight overall
	global   []time.Time // arrivals counted against the global limit within the last window, oldest first
}

func newCounters() *counters {
	c := &counters{}
	c.reset()
	return c
}

func (c *counters) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s = Stats{Routes: map[string]int64{}, Statuses: map[int]int64{}, RateLimited: map[string]int64{},
		MaxConcurrency: map[string]int64{}}
	c.inFlight = map[string]int64{}
	c.total = 0
	c.global = nil
}

// globalArrival counts a request against the global limit arriving at
// now, keeping the arrivals of the last window.
func (c *counters) globalArrival(now time.Time, window time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	drop := 0
	for drop < len(c.global) && !c.global[drop].After(now.Add(-window)) {
		drop++
	}
	c.global = append(c.global[drop:], now)
	c.s.MaxGlobalPerWindow = max(c.s.MaxGlobalPerWindow, int64(len(c.global)))
}

func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	s.Routes = maps.Clone(c.s.Routes)
	s.Statuses = maps.Clone(c.s.Statuses)
	s.RateLimited = maps.Clone(c.s.RateLimited)
	s.MaxConcurrency = maps.Clone(c.s.MaxConcurrency)
	return s
}

// begin counts a request's arrival and marks it in flight on bucketKey.
func (c *counters) begin(routeKey, bucketKey string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Total++
	c.s.Routes[routeKey]++
	c.total++
	c.s.MaxInFlight = max(c.s.MaxInFlight, c.total)
	if bucketKey != "" {
		c.inFlight[bucketKey]++
		c.s.MaxConcurrency[bucketKey] = max(c.s.MaxConcurrency[bucketKey], c.inFlight[bucketKey])
	}
}

// end records the answer and takes the request out of flight.
func (c *counters) end(bucketKey string, status int, scope string, invalid, violation, fault bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Statuses[status]++
	if scope != "" {
		c.s.RateLimited[scope]++
	}
	if invalid {
		c.s.Invalid++
	}
	if violation {
		c.s.Violations++
	}
	if fault {
		c.s.Faults++
	}
	// A reset while requests are in flight must not drive these negative.
	c.total = max(c.total-1, 0)
	if bucketKey != "" && c.inFlight[bucketKey] > 0 {
		c.inFlight[bucketKey]--
	}
}

func (c *counters) audit(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.LastAuditReason = reason
}
