// Package discordtest is a Discord REST API emulator for tests, benchmarks
// and demos: Discord's routes, object shapes, errors, permissions and rate
// limits, with fault injection and counters. See [New].
package discordtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// Options shape an Emulator. The zero value is a Discord-like emulator with
// DefaultSeed and DefaultLimits.
type Options struct {
	Seed     *Seed            // nil → DefaultSeed()
	Limits   *Limits          // nil → DefaultLimits() (Discord-like)
	Latency  time.Duration    // added to every response
	FailRate float64          // 0..1: fraction of requests answered 500/502 (fault injection)
	Now      func() time.Time // nil → time.Now; drives rate-limit windows and new ids

	// FaultSeed seeds the draws that pick which requests fail (FailRate):
	// the same seed and the same requests in the same order give the same
	// faults. Concurrent requests reach the emulator in whatever order the
	// scheduler gives, so only sequential runs repeat request for request.
	FaultSeed uint64
}

// Emulator serves Discord's REST API from in-memory state.
type Emulator struct {
	opts   Options
	now    func() time.Time
	st     *state
	lim    *limiter
	stats  *counters
	faults *faults

	mu      sync.Mutex // guards servers and closed
	servers []*fasthttp.Server
	closed  bool
}

// New builds an emulator from opts. The seed is copied, so the caller may
// reuse it.
func New(opts Options) (*Emulator, error) {
	seed := opts.Seed
	if seed == nil {
		seed = DefaultSeed()
	}
	if opts.FailRate < 0 || opts.FailRate > 1 {
		return nil, fmt.Errorf("discordtest: FailRate %v outside 0..1", opts.FailRate)
	}
	st, err := newState(seed)
	if err != nil {
		return nil, err
	}
	limits := opts.Limits
	if limits == nil {
		limits = DefaultLimits()
	}
	e := &Emulator{opts: opts, now: opts.Now, st: st, lim: newLimiter(*limits), stats: newCounters(),
		faults: newFaults(opts.FailRate, opts.FaultSeed)}
	if e.now == nil {
		e.now = time.Now
	}
	return e, nil
}

// Token is the bot token the emulator accepts, without "Bot ".
func (e *Emulator) Token() string { return e.st.token }

// BotID is the bot user's id.
func (e *Emulator) BotID() Snowflake { return e.st.botID }

// Stats returns a copy of the counters (also served at GET /_emulator/stats).
func (e *Emulator) Stats() Stats {
	s := e.stats.snapshot()
	s.Banned = e.lim.banned(e.now())
	return s
}

// ResetStats zeroes the counters, forgets invalid requests and lifts a ban
// (also POST /_emulator/reset). Rate-limit buckets and state are kept.
func (e *Emulator) ResetStats() {
	e.stats.reset()
	e.lim.resetBan()
}

// LastAuditReason is the URL-decoded X-Audit-Log-Reason of the last request
// that carried one.
func (e *Emulator) LastAuditReason() string { return e.stats.snapshot().LastAuditReason }

// ForceGlobal429 makes every request under the global limit answer a
// global 429 (X-RateLimit-Global: true, scope global) until retryAfter from
// now, with retry_after counting down to that moment.
func (e *Emulator) ForceGlobal429(retryAfter time.Duration) {
	e.lim.mu.Lock()
	defer e.lim.mu.Unlock()
	e.lim.forcedGlobalUntil = e.now().Add(retryAfter)
}

// ForceShared429 makes requests whose major parameter is major (a channel
// or guild id; "" for every route) answer a shared-scope 429 until
// retryAfter from now. Their Retry-After counts down to that moment while
// X-RateLimit-Reset-After still shows the route bucket, so the two differ
// as in Discord's documented example. Shared 429s are not invalid requests.
func (e *Emulator) ForceShared429(major string, retryAfter time.Duration) {
	e.lim.mu.Lock()
	defer e.lim.mu.Unlock()
	e.lim.forcedShared[major] = e.now().Add(retryAfter)
}

// Handler serves /api/v10/… and /api/v9/…, and the emulator's own
// GET /_emulator/stats and POST /_emulator/reset.
func (e *Emulator) Handler() fasthttp.RequestHandler { return e.serve }

// Serve runs a fasthttp server on ln until Close.
func (e *Emulator) Serve(ln net.Listener) error {
	srv := &fasthttp.Server{
		Handler:     e.serve,
		Name:        "cloudflare", // Discord's edge
		ReadTimeout: 30 * time.Second,
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return errors.New("discordtest: emulator closed")
	}
	e.servers = append(e.servers, srv)
	e.mu.Unlock()
	return srv.Serve(ln)
}

// Start listens on addr (":0" and "127.0.0.1:0" pick a free port), serves
// in the background and returns the API base URL, e.g.
// "http://127.0.0.1:PORT/api/v10".
func (e *Emulator) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("discordtest: listen %s: %w", addr, err)
	}
	host := ln.Addr().(*net.TCPAddr)
	ip := host.IP.String()
	if host.IP.IsUnspecified() {
		ip = "127.0.0.1"
	}
	go func() { _ = e.Serve(ln) }()
	return "http://" + net.JoinHostPort(ip, fmt.Sprint(host.Port)) + "/api/v10", nil
}

// Close stops every server started by Serve or Start, waiting up to 5 s for
// requests in flight.
func (e *Emulator) Close() error {
	e.mu.Lock()
	srvs := e.servers
	e.servers, e.closed = nil, true
	e.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	for _, s := range srvs {
		if err := s.ShutdownWithContext(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
