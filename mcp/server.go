package mcp

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"
)

// ErrUnauthorized, wrapped in an error from Options.Prepare, turns the
// answer into HTTP 401 instead of 400.
var ErrUnauthorized = errors.New("unauthorized")

// Challenger is an error that names the 401's WWW-Authenticate value
// (RFC 6750 / RFC 9728), e.g. `Bearer error="invalid_token"`.
type Challenger interface{ Challenge() string }

// Options configure a Server. Zero values get the defaults noted.
type Options struct {
	Catalog       Catalog
	Name, Version string // serverInfo
	Instructions  string
	// Prepare turns a request's headers into the context the Catalog sees
	// (the integrator puts the caller's policy.Scope there). get returns all
	// values of a header. An error answers 400 (401 when it wraps
	// ErrUnauthorized) with its message, before any dispatch. stdio calls it
	// once with a getter that returns nothing. Nil keeps the context as is.
	Prepare func(ctx context.Context, get func(name string) []string) (context.Context, error)
	// PrepareHeader, when set, is Prepare for HTTP requests, given the
	// request's header itself so that reading it copies nothing; what it
	// keeps it must copy (fasthttp reuses the buffers). Prepare stays for
	// stdio.
	PrepareHeader func(ctx context.Context, h *fasthttp.RequestHeader) (context.Context, error)
	// AllowedOrigins are browser origins ("https://app.example") accepted
	// besides localhost, 127.0.0.1 and [::1] on any port; "*" allows all.
	AllowedOrigins []string
	// AllowedHosts are Host names (or addresses) the server answers to
	// besides localhost, loopback addresses and ListenAddr's host (every
	// local address when that is unspecified, e.g. 0.0.0.0).
	AllowedHosts []string
	ListenAddr   string        // host:port the HTTP server listens on
	SessionIdle  time.Duration // default 30 minutes
	MaxSessions  int           // default 1000
	MaxBodyBytes int           // default 4 MiB
	Logger       zerolog.Logger
	// RequestStateKey signs the requestState of stateless input_required
	// results; replicas behind one load balancer need the same key. Empty:
	// a random key per process.
	RequestStateKey []byte
	// Identity names the caller of a request from the context Prepare
	// returned; sessions are bound to it (see Caller). Nil: every caller
	// is one, "anonymous".
	Identity func(ctx context.Context) Caller
	// MaxSessionsPerCaller bounds the sessions of one Caller, so one
	// credential cannot take every slot. Default max(1, MaxSessions/10).
	MaxSessionsPerCaller int
	// DisableUntrustedFence stops wrapping Discord's text in a fence
	// marked as untrusted data (see fence.go); the zero value fences.
	DisableUntrustedFence bool
}

const (
	defaultSessionIdle  = 30 * time.Minute
	defaultMaxSessions  = 1000
	defaultMaxBodyBytes = 4 << 20
	// maxStreamsPerSession bounds concurrent SSE streams (GET and POST) of
	// one session, so one client cannot pin unbounded goroutines.
	maxStreamsPerSession = 32
	// finishGrace is how long a closing stream waits for the answers of
	// calls that were just cancelled before it reports them as errors.
	finishGrace = time.Second
	// keepAliveEvery is how often an idle SSE stream sends a comment; a
	// failed flush is how we learn the client left.
	keepAliveEvery = 15 * time.Second
)

// Server serves MCP over streamable HTTP, legacy HTTP+SSE, helper
// endpoints and stdio.
type Server struct {
	o        Options
	log      zerolog.Logger
	sessions *sessionStore
	hosts    *hostPolicy
	base     context.Context // cancelled by Close: ends streams and calls
	stop     context.CancelFunc
	once     sync.Once
	draining chan struct{} // closed by Shutdown: new requests get 503
	drain    sync.Once
	running  atomic.Int64 // calls running off their request's goroutine
	states   *stateSigner // stateless input_required round trips
	changes  *Changes     // change notifications (changes.go)
}

// NewServer returns a Server; call Close when done.
func NewServer(o Options) *Server {
	if o.SessionIdle <= 0 {
		o.SessionIdle = defaultSessionIdle
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = defaultMaxSessions
	}
	if o.MaxSessionsPerCaller <= 0 {
		o.MaxSessionsPerCaller = max(1, o.MaxSessions/10)
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = defaultMaxBodyBytes
	}
	if o.Name == "" {
		o.Name = "discord-mcp-proxy"
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	base, stop := context.WithCancel(context.Background())
	s := &Server{o: o, log: o.Logger, base: base, stop: stop, hosts: newHostPolicy(o.AllowedHosts, o.ListenAddr), draining: make(chan struct{}), states: newStateSigner(o.RequestStateKey)}
	s.sessions = newSessionStore(o.SessionIdle, o.MaxSessions, o.MaxSessionsPerCaller)
	go s.sessions.janitor(base)
	s.changes = newChanges(s)
	go s.changes.run(base)
	if b, ok := o.Catalog.(ChangeBinder); ok {
		b.BindChanges(s.changes)
	}
	return s
}

// Close ends every session, stream and running call at once. Streams
// still write the answers (or errors) of the calls they carry before they
// close; see Shutdown to let calls finish first.
func (s *Server) Close() {
	s.drain.Do(func() { close(s.draining) })
	s.once.Do(func() {
		s.stop()
		s.sessions.closeAll()
	})
}

// Shutdown refuses new requests (503), lets running calls finish until ctx
// ends, then closes as Close does.
func (s *Server) Shutdown(ctx context.Context) {
	s.drain.Do(func() { close(s.draining) })
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for s.running.Load() > 0 {
		select {
		case <-ctx.Done():
			s.Close()
			return
		case <-tick.C:
		}
	}
	s.Close()
}

func (s *Server) isDraining() bool {
	select {
	case <-s.draining:
		return true
	default:
		return false
	}
}

// Handler serves /v1 and /mcp (streamable HTTP), /v1/sse and
// /v1/sse/message (legacy), /v1/tools/list and /v1/tools/call (helpers).
// Other paths get a JSON 404.
func (s *Server) Handler() fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		ctx.Response.Header.Set("X-Response-Src", "mcp")
		path := string(ctx.Path())
		helper := path == "/v1/tools/list" || path == "/v1/tools/call" || path == "/mcp/v1/tools/invoke"
		if err := s.Admit(ctx); err != nil {
			s.refuse(ctx, helper, fasthttp.StatusForbidden, err.Error())
			return
		}
		if s.isDraining() {
			ctx.Response.Header.Set("Retry-After", "5")
			s.refuse(ctx, helper, fasthttp.StatusServiceUnavailable, "server shutting down")
			return
		}
		if len(ctx.Request.Body()) > s.o.MaxBodyBytes {
			s.refuse(ctx, helper, fasthttp.StatusRequestEntityTooLarge, "request body larger than the limit")
			return
		}
		switch path {
		case "/v1", "/v1/", "/mcp", "/mcp/":
			s.serveStreamable(ctx)
		case "/v1/sse":
			s.serveLegacyStream(ctx)
		case "/v1/sse/message":
			s.serveLegacyMessage(ctx)
		case "/v1/tools/list":
			s.serveHelperList(ctx)
		case "/v1/tools/call":
			s.serveHelperCall(ctx)
		case "/mcp/v1/tools/invoke":
			s.serveInvoke(ctx)
		default:
			writeJSON(ctx, fasthttp.StatusNotFound, []byte(`{"error":"not found"}`))
		}
	}
}

// refuse answers before dispatch: {"error"} on helper paths, a JSON-RPC
// error with a null id elsewhere.
func (s *Server) refuse(ctx *fasthttp.RequestCtx, helper bool, status int, msg string) {
	if helper {
		writeHelperError(ctx, status, msg)
		return
	}
	writeJSON(ctx, status, appendError(nil, nil, errf(CodeInvalidRequest, msg)))
}

// refuseFull answers 503 with Retry-After when the session table is full
// of live sessions.
//
// When the caller's own share is full it is 429 instead: the caller can
// end one of its sessions (DELETE) rather than wait.
func (s *Server) refuseFull(ctx *fasthttp.RequestCtx, id []byte, r *refusal) {
	ctx.Response.Header.Set("Retry-After", strconv.Itoa(int((r.retry+time.Second-1)/time.Second)))
	if r.ownShare {
		writeJSON(ctx, fasthttp.StatusTooManyRequests, appendError(nil, id, errf(CodeInternalError,
			"too many sessions for this caller: end one (DELETE with its Mcp-Session-Id) or retry later")))
		return
	}
	writeJSON(ctx, fasthttp.StatusServiceUnavailable, appendError(nil, id, errf(CodeInternalError, "server busy: every session slot is in use; retry later")))
}

// runPrepare calls PrepareHeader, or Prepare with a getter of copies.
func (s *Server) runPrepare(base context.Context, ctx *fasthttp.RequestCtx) (context.Context, error) {
	if s.o.PrepareHeader != nil {
		return s.o.PrepareHeader(base, &ctx.Request.Header)
	}
	return s.o.Prepare(base, func(name string) []string {
		vals := ctx.Request.Header.PeekAll(name)
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = string(v) // copies: fasthttp reuses its buffers
		}
		return out
	})
}

func writeJSON(ctx *fasthttp.RequestCtx, status int, body []byte) {
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json")
	ctx.SetBody(body)
}

// prepare runs Options.Prepare on the request headers. status is 400 or
// 401 on error.
func (s *Server) prepare(ctx *fasthttp.RequestCtx) (context.Context, int, error) {
	base := s.base
	if s.o.Prepare == nil && s.o.PrepareHeader == nil {
		return base, 0, nil
	}
	c, err := s.runPrepare(base, ctx)
	if err != nil {
		if errors.Is(err, ErrUnauthorized) {
			var ch Challenger
			if errors.As(err, &ch) {
				ctx.Response.Header.Set("WWW-Authenticate", ch.Challenge())
			}
			return nil, fasthttp.StatusUnauthorized, err
		}
		return nil, fasthttp.StatusBadRequest, err
	}
	if c == nil {
		c = base
	}
	return c, 0, nil
}
