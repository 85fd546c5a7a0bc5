package mcp

import (
	"context"
	"errors"
	"sync"
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
	// AllowedOrigins are browser origins ("https://app.example") accepted
	// besides localhost, 127.0.0.1 and [::1] on any port; "*" allows all.
	AllowedOrigins []string
	SessionIdle    time.Duration // default 30 minutes
	MaxSessions    int           // default 1000
	MaxBodyBytes   int           // default 4 MiB
	Logger         zerolog.Logger
}

const (
	defaultSessionIdle  = 30 * time.Minute
	defaultMaxSessions  = 1000
	defaultMaxBodyBytes = 4 << 20
	// maxStreamsPerSession bounds concurrent SSE streams (GET and POST) of
	// one session, so one client cannot pin unbounded goroutines.
	maxStreamsPerSession = 32
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
	base     context.Context // cancelled by Close: ends streams and calls
	stop     context.CancelFunc
	once     sync.Once
}

// NewServer returns a Server; call Close when done.
func NewServer(o Options) *Server {
	if o.SessionIdle <= 0 {
		o.SessionIdle = defaultSessionIdle
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = defaultMaxSessions
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
	s := &Server{o: o, log: o.Logger, base: base, stop: stop}
	s.sessions = newSessionStore(o.SessionIdle, o.MaxSessions)
	go s.sessions.janitor(base)
	return s
}

// Close ends every session, stream and running call.
func (s *Server) Close() {
	s.once.Do(func() {
		s.stop()
		s.sessions.closeAll()
	})
}

// Handler serves /v1 and /mcp (streamable HTTP), /v1/sse and
// /v1/sse/message (legacy), /v1/tools/list and /v1/tools/call (helpers).
// Other paths get a JSON 404.
func (s *Server) Handler() fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		ctx.Response.Header.Set("X-Response-Src", "mcp")
		path := string(ctx.Path())
		helper := path == "/v1/tools/list" || path == "/v1/tools/call" || path == "/mcp/v1/tools/invoke"
		if !s.originAllowed(ctx.Request.Header.Peek("Origin")) {
			s.refuse(ctx, helper, fasthttp.StatusForbidden, "forbidden: Origin not allowed")
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

func writeJSON(ctx *fasthttp.RequestCtx, status int, body []byte) {
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json")
	ctx.SetBody(body)
}

// prepare runs Options.Prepare on the request headers. status is 400 or
// 401 on error.
func (s *Server) prepare(ctx *fasthttp.RequestCtx) (context.Context, int, error) {
	base := s.base
	if s.o.Prepare == nil {
		return base, 0, nil
	}
	get := func(name string) []string {
		vals := ctx.Request.Header.PeekAll(name)
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = string(v) // copies: fasthttp reuses its buffers
		}
		return out
	}
	c, err := s.o.Prepare(base, get)
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
