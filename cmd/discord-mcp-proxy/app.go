package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp/tools"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy/jsonguard"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore"
)

// app is the wired proxy: config → policy ceiling → limiter → proxy →
// catalog → MCP server.
type app struct {
	cfg *config.Config // as at start; reload swaps only the ceiling and the log level
	log zerolog.Logger
	// ceiling is the operator's scope ceiling, swapped whole by reload so
	// a request sees the old one or the new one, never a mix.
	ceiling atomic.Pointer[policy.Ceiling]
	proxy   *proxy.Proxy
	catalog *tools.Catalog
	mcp     *mcp.Server
	limiter *ratelimit.Limiter
	metrics *metrics
	authn   *authSetup // --auth: verifier, keys (auth.go)
	// auditLog is the audit trail (nil without --audit-file); refusals
	// before the choke point (401s) are recorded here too.
	auditLog *audit.Writer
	// logLevel is the level SIGHUP changes (nil: the logger's is fixed).
	logLevel *logLevel
	redis    *redisstore.Store // nil without --redis-url
}

// newLogger returns the process logger and its level, which SIGHUP may
// change: every component's copy of the logger writes through the same
// filter, so one Set reaches them all (zerolog's own levels are fixed per
// copy, and its global level would reach other apps in the same process).
func newLogger(level string, w io.Writer) (zerolog.Logger, *logLevel) {
	lv := &logLevel{w: w}
	lv.set(parseLevel(level))
	return zerolog.New(lv).With().Timestamp().Logger(), lv
}

func newApp(cfg *config.Config, log zerolog.Logger) (*app, error) {
	authn, err := newAuthSetup(cfg, log)
	if err != nil {
		return nil, err
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		return nil, err
	}
	ceiling.WithAuth(authn.auth)
	rs, err := newRedisStore(cfg, log)
	if err != nil {
		return nil, err
	}
	lim := ratelimit.New(ratelimit.Options{
		GlobalPerSecond: cfg.GlobalPerSecond,
		MaxWait:         cfg.MaxWait,
		InvalidBudget:   cfg.InvalidBudget,
		Store:           limiterStore(rs),
	})
	px, err := proxy.New(cfg, lim, log)
	if err != nil {
		return nil, err
	}
	cat, err := tools.NewWith(px, log, tools.Options{Toolsets: cfg.Toolsets, ReadOnly: cfg.ReadOnly,
		Dynamic: cfg.DynamicToolsets, Confirm: cfg.Confirm == "destructive", DryRun: cfg.DryRun,
		DMAttribution: cfg.DMAttribution,
		Image:         tools.ImageOptions{URL: cfg.Image.URL, Key: cfg.Image.Key, Models: cfg.Image.Models, AllowedHosts: cfg.Image.AllowedHosts}})
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, proxy: px, catalog: cat, limiter: lim, authn: authn, redis: rs}
	a.ceiling.Store(ceiling)
	stateKey, err := requestStateKey(cfg)
	if err != nil {
		return nil, err
	}
	a.mcp = mcp.NewServer(mcp.Options{
		Catalog:              tools.NewFull(cat),
		Name:                 "discord-mcp-proxy",
		Version:              version,
		Instructions:         "Tools for the Discord bot this proxy serves. Ids are Discord snowflakes (17-20 digit strings).",
		Prepare:              a.prepare,
		PrepareHeader:        a.prepareHeader,
		Identity:             callerOf,
		AllowedOrigins:       cfg.AllowedOrigins,
		AllowedHosts:         cfg.AllowedHosts,
		ListenAddr:           cfg.Listen,
		SessionIdle:          cfg.SessionIdle,
		MaxSessions:          cfg.MaxSessions,
		MaxSessionsPerCaller: cfg.MaxSessionsPerCaller,
		RequestStateKey:      stateKey,
		MaxBodyBytes:         1 << 20,
		Logger:               log,
		// The zero value fences; the operator may switch it off.
		DisableUntrustedFence: !cfg.UntrustedFence,
	})
	if cfg.Audit.File != "" {
		key, err := audit.LoadOrCreateKey(cfg.Audit.KeyFile)
		if err != nil {
			return nil, err
		}
		w, err := audit.Open(cfg.Audit.File, cfg.Audit.MaxMB, cfg.Audit.Content, key)
		if err != nil {
			return nil, err
		}
		if r := w.Recovered(); r != "" {
			log.Warn().Str("file", cfg.Audit.File).Msg("audit: " + r)
		}
		px.SetAudit(w)
		a.auditLog = w
	}
	a.metrics = newMetrics(a)
	px.SetObserver(a.metrics)
	return a, nil
}

// prepare is mcp's Options.Prepare, for stdio (whose getter returns
// nothing): see prepareHeaders.
func (a *app) prepare(ctx context.Context, get func(string) []string) (context.Context, error) {
	return a.prepareHeaders(ctx, policy.HeaderFunc(get))
}

// prepareHeaders builds the caller's Scope from its headers: the
// operator's ceiling narrowed by what the caller sent. HTTP requests pass
// their fasthttp header, read in place.
func (a *app) prepareHeaders(ctx context.Context, h policy.Headers) (context.Context, error) {
	// The one header that carries JSON is checked by the bounded validator
	// before policy's parser reads it.
	for _, v := range h.PeekAll("X-Allowed-Mentions") {
		if err := jsonguard.Validate(v); err != nil {
			return ctx, fmt.Errorf("X-Allowed-Mentions: %w", err)
		}
	}
	sctx, _, err := a.ceiling.Load().ScopeContext(ctx, h)
	if err != nil {
		err = a.authn.asUnauthorized(err, firstHost(h))
		a.auditRefusal(err)
		return ctx, err
	}
	return sctx, nil
}

// firstHost is the request's Host (a copy), for a challenge's metadata URL.
func firstHost(h policy.Headers) string {
	if vals := h.PeekAll("Host"); len(vals) > 0 {
		return string(vals[0])
	}
	return ""
}

// prepareHeader is mcp's Options.PrepareHeader: prepareHeaders for an
// HTTP request's header.
func (a *app) prepareHeader(ctx context.Context, h *fasthttp.RequestHeader) (context.Context, error) {
	return a.prepareHeaders(ctx, h)
}

// callerOf names the caller for MCP sessions (policy.Scope.CallerID).
func callerOf(ctx context.Context) mcp.Caller {
	s := policy.FromContext(ctx)
	return mcp.Caller{ID: s.CallerID(), Live: s.CredentialLive()}
}

// handler routes HTTP: health, the raw passthrough, and MCP. Every path
// passes the Host and Origin checks (mcp.Server.Admit) before anything
// else; the MCP handler applies them itself, in its own answer format.
func (a *app) handler() fasthttp.RequestHandler {
	mcpHandler := a.mcp.Handler()
	return func(rc *fasthttp.RequestCtx) {
		// Compared as bytes: a string copy of every path was one of the
		// passthrough's allocations.
		path := rc.Path()
		if err := policy.CheckRawHeaders(rc.Request.Header.RawHeaders()); err != nil {
			proxy.WriteError(rc, &proxy.Error{Kind: proxy.InvalidInput, Status: 400, Err: err, Msg: err.Error(),
				Resolution: "Send every Authorization and X-* header on one line."})
			return
		}
		switch {
		case string(path) == "/healthz" || string(path) == "/health":
			if a.admit(rc) {
				a.serveHealth(rc)
			}
		case bytes.HasPrefix(path, wellKnownPrefix) && isWellKnown(string(path)):
			if a.admit(rc) {
				a.serveWellKnown(rc, string(path))
			}
		case string(path) == "/metrics" && a.cfg.MetricsListen == "":
			if a.admit(rc) {
				a.serveMetrics(rc)
			}
		case string(path) == "/api" || bytes.HasPrefix(path, apiPrefix):
			if a.admit(rc) {
				a.servePassthrough(rc)
			}
		default:
			mcpHandler(rc)
		}
	}
}

// Path prefixes the handler routes by.
var (
	wellKnownPrefix = []byte("/.well-known/") // of wellKnownPRM and wellKnownJWKS
	apiPrefix       = []byte("/api/")
)

// admit answers 403 and returns false when Host or Origin is not allowed.
func (a *app) admit(rc *fasthttp.RequestCtx) bool {
	err := a.mcp.Admit(rc)
	if err == nil {
		return true
	}
	proxy.WriteError(rc, &proxy.Error{Kind: proxy.PermissionDenied, Status: 403, Msg: err.Error(), Err: err,
		Resolution: "Reach the proxy by a name in --allowed-hosts, from an origin in --allowed-origins."})
	return false
}

func (a *app) serveHealth(rc *fasthttp.RequestCtx) {
	rc.Response.Header.Set("X-Response-Src", "mcp")
	rc.SetContentType("application/json")
	if !rc.IsGet() && !rc.IsHead() {
		rc.SetStatusCode(fasthttp.StatusMethodNotAllowed)
		rc.SetBodyString(`{"error":"use GET"}`)
		return
	}
	body, _ := json.Marshal(a.health(rc))
	rc.SetBody(body)
}

func (a *app) servePassthrough(rc *fasthttp.RequestCtx) {
	if !a.ceiling.Load().PassthroughEnabled() {
		proxy.WriteError(rc, &proxy.Error{Kind: proxy.PermissionDenied, Status: 404,
			Msg: "raw passthrough is disabled", Resolution: "Start the proxy with --enable-passthrough, or use the MCP tools."})
		return
	}
	ctx, err := a.preparePassthrough(rc)
	if err != nil {
		refusePrepared(rc, err)
		return
	}
	// Bounded validation before any parser (proxy's, then policy's) reads
	// the body. A multipart form's payload_json gets the same when policy
	// reads the form.
	if body := rc.PostBody(); len(body) > 0 && !policy.IsMultipart(string(rc.Request.Header.ContentType())) {
		if err := jsonguard.Validate(body); err != nil {
			proxy.WriteError(rc, &proxy.Error{Kind: proxy.InvalidInput, Status: 400, Msg: "request body: " + err.Error(), Err: err,
				Resolution: "Send a well-formed JSON body nested at most 64 levels deep."})
			return
		}
	}
	a.proxy.ServeRaw(ctx, rc)
}

// refusePrepared answers a raw request whose headers were refused: 401
// with a challenge for a refused credential, else 400. (Apart from
// servePassthrough, so the success path does not pay for errors.As's
// target escaping.)
func refusePrepared(rc *fasthttp.RequestCtx, err error) {
	var ch mcp.Challenger
	if errors.As(err, &ch) {
		rc.Response.Header.Set("WWW-Authenticate", ch.Challenge())
		proxy.WriteError(rc, &proxy.Error{Kind: proxy.PermissionDenied, Status: 401, Msg: err.Error(), Err: err,
			Resolution: "Send Authorization: Bearer <token> with a valid token from the operator."})
		return
	}
	proxy.WriteError(rc, &proxy.Error{Kind: proxy.InvalidInput, Status: 400, Msg: err.Error(), Err: err,
		Resolution: "Fix the named header."})
}

// preparePassthrough builds a raw request's scope from its headers,
// read in place (fasthttp's PeekAll returns every value of a header, so a
// duplicated header cannot hide behind its first copy).
func (a *app) preparePassthrough(rc *fasthttp.RequestCtx) (context.Context, error) {
	return a.prepareHeaders(rc, &rc.Request.Header)
}

// listen opens addr, saying clearly what is wrong when it cannot.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// drainGrace is how long a shutdown lets running tool calls finish before
// cancelling them.
const drainGrace = 3 * time.Second

// shutdownRetryAfter is what callers queued in the limiter at shutdown are
// told to wait: about a restart, or long enough to pick another replica.
const shutdownRetryAfter = 5 * time.Second

// serve serves the app's handler on ln until ctx ends.
func (a *app) serve(ctx context.Context, ln net.Listener) error {
	go a.limiter.SweepEvery(ctx, a.cfg.SweepInterval)
	log := a.log
	srv := &fasthttp.Server{
		Handler:            a.handler(),
		Name:               "discord-mcp-proxy",
		ReadTimeout:        30 * time.Second,
		IdleTimeout:        2 * time.Minute,
		MaxRequestBodySize: 1 << 20,
		// 8 KiB of request headers, as most servers allow. An 8 KiB writer
		// sends a typical tool result or relayed answer (headers and a 4-6
		// KB body) in one write: a 4 KiB one took two syscalls. Larger
		// answers take more writes either way; every busy connection holds
		// one, so it is not larger.
		ReadBufferSize:  8 << 10,
		WriteBufferSize: 8 << 10,
		// A keep-alive connection gives its reader, writer and body
		// buffers back between requests instead of holding them while it
		// waits for the next one (or for Discord): at 64 busy connections
		// the peak RSS is 2-3 MiB lower, for one more 1-byte read per
		// request, which measured no slower.
		ReduceMemoryUsage:     true,
		NoDefaultServerHeader: true,
		CloseOnShutdown:       true,
		// Policy reads a multipart body as sent; fasthttp's pre-parse would
		// hand it a re-encoded copy (quoted-printable decoded, parts dropped).
		DisablePreParseMultipartForm: true,
		// fasthttp's log of a malformed request would quote its headers,
		// Authorization included.
		SecureErrorLogMessage: true,
		Logger:                httpLog{log},
		// Requests fasthttp refuses before any handler (too large, bad
		// framing) still say who answered.
		ErrorHandler: func(rc *fasthttp.RequestCtx, err error) {
			pe := &proxy.Error{Kind: proxy.InvalidInput, Status: fasthttp.StatusBadRequest, Msg: "malformed request",
				Resolution: "Send a well-formed HTTP/1.1 request."}
			if errors.Is(err, fasthttp.ErrBodyTooLarge) {
				pe.Status, pe.Msg, pe.Resolution = fasthttp.StatusRequestEntityTooLarge, "request body larger than 1 MiB", "Send a smaller body (or file)."
			}
			var small *fasthttp.ErrSmallBuffer
			if errors.As(err, &small) {
				pe.Status, pe.Msg, pe.Resolution = fasthttp.StatusRequestHeaderFieldsTooLarge, "request line and headers larger than 8 KiB", "Send a shorter URL and shorter headers."
			}
			proxy.WriteError(rc, pe)
		},
	}
	if a.cfg.MetricsListen != "" {
		stopMetrics, err := a.serveMetricsListener()
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	// Revocations and rotated keys reach the running proxy by polling.
	go a.authn.auth.Poll(ctx, a.cfg.Auth.RevocationPoll, func(err error) {
		log.Warn().Err(err).Msg("auth refresh failed; keeping the previous keys and revocations")
	})
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lfGuardListener{ln}) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		log.Info().Msg("shutting down")
		// Calls queued in the limiter fail now with a Retry-After (they
		// would otherwise wait out --max-wait); requests already sent to
		// Discord finish. Then MCP: new requests get 503, running calls get up to
		// drainGrace to finish, then the rest are cancelled and every SSE
		// stream writes its calls' answers or errors and ends, so the HTTP
		// shutdown below is not held by open streams.
		a.limiter.Close(shutdownRetryAfter)
		dctx, dcancel := context.WithTimeout(context.Background(), drainGrace)
		a.mcp.Shutdown(dctx)
		dcancel()
		if a.redis != nil {
			defer a.redis.Close()
		}
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.ShutdownWithContext(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}
