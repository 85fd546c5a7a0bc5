// Package proxy is the one road to Discord: Do parses the route, checks
// the caller's Scope, waits for the rate limiter, sends the request upstream
// and learns from the answer. Tools and the raw passthrough both call it.
package proxy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// Request is one Discord REST request, before policy and the limiter.
type Request struct {
	Method string
	Path   string // as on the wire (percent-encoded), with or without /api/vN
	Query  string // encoded, without '?'
	Body   []byte // JSON, a multipart form (see ContentType), or nil
	// ContentType is the caller's, for a multipart/form-data body; ""
	// means JSON.
	ContentType string
	Reason      string // X-Audit-Log-Reason in plain text; encoded here
	// Header holds the caller's other request headers to pass on (the
	// passthrough's User-Agent and the like; see ForwardableHeader). Names
	// are sent as given when already in canonical form (Content-Type),
	// normalised otherwise. They are read only during Do and not kept, so
	// they may be views into the caller's request (see rawRequest).
	Header []HeaderField
	// Passthrough marks a raw /api/* request (for metrics).
	Passthrough bool

	// internal marks the proxy's own metadata fetches: they pass the
	// limiter but not the caller's method and path rules.
	internal bool
}

// Response is Discord's answer. Body is the caller's until it calls
// Release (see there): an answer from upstream is copied out of fasthttp's
// pooled objects into a recycled buffer, which Body and the header values
// share.
type Response struct {
	Status    int
	Body      []byte
	Route     route.Route
	RateLimit ratelimit.Headers
	// Header holds the response headers worth forwarding (content type,
	// rate-limit headers), in Discord's spelling.
	Header []HeaderField
	// Extra holds Discord's other response headers, for the passthrough
	// only (see extraHeaders).
	Extra  []HeaderField
	Waited time.Duration // time spent in the limiter
	// Remembered: Discord's earlier 403 or 404, answered from the proxy's
	// memory without asking again (see negative).
	Remembered bool

	fields [len(forwarded)]HeaderField // Header's backing array: no allocation of its own
	extra  [12]HeaderField             // Extra's, likewise (Discord sends about a dozen)
	pool   *responsePool               // where Release returns it; nil: not recycled
	buf    []byte                      // the recycled buffer behind Body
	hbuf   [512]byte                   // behind the header values (an overflow allocates)
}

// HeaderField is one forwarded response header.
type HeaderField struct{ Name, Value string }

// OK reports a 2xx status.
func (r *Response) OK() bool { return r.Status >= 200 && r.Status < 300 }

// forwarded lists the response headers the passthrough hands back: the
// body's type and everything a client's own limiter needs.
var forwarded = [...]string{
	"Content-Type", "Retry-After",
	"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
	"X-RateLimit-Reset-After", "X-RateLimit-Bucket", "X-RateLimit-Global", "X-RateLimit-Scope",
}

// Proxy holds the upstream client, the limiter and the metadata cache.
type Proxy struct {
	cfg    *config.Config
	client *fasthttp.HostClient
	scheme string
	host   string
	base   string // upstream path prefix, e.g. /api/v10
	// uriPrefix is scheme://host/base, to which each request's path is
	// appended without building a string.
	uriPrefix   []byte
	responses   responsePool // recycled answers (respool.go)
	rawRequests sync.Pool    // *rawCall, recycled by ServeRaw
	limiter     *ratelimit.Limiter
	cache       *Cache
	neg         *negative
	refused     *rejectedTokens // webhook and interaction tokens Discord answered 401
	health      *healthCheck
	log         zerolog.Logger
	obs         Observer
	audit       *audit.Writer // nil: no audit trail (auditlog.go)
	// writeHooks hear of every successful write (writes.go); set while wiring.
	writeHooks []WriteHook
	cdn        *cdn // attachment bytes (cdn.go)
	// logGate, when set, says whether a level is written at all (the
	// operator's level may sit in the writer); see SetLogGate.
	logGate func(zerolog.Level) bool
}

// SetLogGate tells the proxy which levels its logger writes, when the
// logger's own level lets everything through and a writer filters (a
// level that changes while the process runs). Hot paths then skip
// building lines nobody reads. Call it while wiring.
func (p *Proxy) SetLogGate(enabled func(zerolog.Level) bool) { p.logGate = enabled }

// Logs reports whether a line at lvl would be written, so that hot paths
// (the passthrough's and the tool call's lines) skip building lines nobody
// reads.
func (p *Proxy) Logs(lvl zerolog.Level) bool {
	return lvl >= p.log.GetLevel() && (p.logGate == nil || p.logGate(lvl))
}

// New builds the proxy for cfg.Upstream.
func New(cfg *config.Config, lim *ratelimit.Limiter, log zerolog.Logger) (*Proxy, error) {
	u, err := url.Parse(cfg.Upstream)
	if err != nil {
		return nil, fmt.Errorf("proxy: upstream %q: %w", cfg.Upstream, err)
	}
	p := &Proxy{
		cfg:     cfg,
		scheme:  u.Scheme,
		host:    u.Host,
		base:    strings.TrimRight(u.Path, "/"),
		limiter: lim,
		log:     log,
		obs:     nopObserver{},
	}
	p.uriPrefix = []byte(p.scheme + "://" + p.host + p.base)
	p.client = &fasthttp.HostClient{
		Addr:  hostPort(u),
		IsTLS: u.Scheme == "https",
		// Sized for what the limiter lets through at once; under steady
		// load connections are reused, never reopened.
		MaxConns:                      512,
		MaxIdleConnDuration:           upstreamIdle, // see upstream_conn.go
		DialTimeout:                   dialUpstream,
		RetryIfErr:                    retryUpstream,
		ReadTimeout:                   30 * time.Second,
		WriteTimeout:                  30 * time.Second,
		DisableHeaderNamesNormalizing: false,
		NoDefaultUserAgentHeader:      true,
		// Discord's headers and a typical answer in one read: with the
		// 4 KiB default a 4.5 KB answer took two read syscalls.
		ReadBufferSize: 8 << 10,
	}
	p.cache = newCache(p, cfg.CacheSize, cfg.CacheTTL)
	p.neg = newNegative(cfg.CacheSize, cfg.CacheTTL)
	p.refused = newRejectedTokens(cfg.CacheSize, cfg.CacheTTL)
	// The operator's tokens never wait behind tokens Discord has not
	// accepted yet (see ratelimit's invalid-request budget).
	if cfg.DiscordToken != "" {
		lim.Trust(policy.Fingerprint(cfg.DiscordToken))
	}
	for _, b := range cfg.Bots {
		lim.Trust(policy.Fingerprint(b.Token))
	}
	p.health = &healthCheck{p: p, ttl: cfg.HealthTTL}
	p.cdn = newCDN(cfg)
	return p, nil
}

func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "https" {
		return u.Host + ":443"
	}
	return u.Host + ":80"
}

// Cache returns the channel metadata cache (it also answers policy's
// questions about channels).
func (p *Proxy) Cache() *Cache { return p.cache }

// Do sends req for the caller whose Scope is in ctx. Discord's answers,
// errors included, come back as a Response; an *Error means the proxy
// refused or could not deliver the request.
func (p *Proxy) Do(ctx context.Context, req *Request) (*Response, error) {
	var start time.Time
	if p.audit != nil { // the clock is read for the audit line only
		start = time.Now()
	}
	resp, err := p.do(ctx, req)
	p.auditRequest(ctx, req, resp, err, start)
	if err != nil { // errors.As's target escapes: only on the error path
		var pe *Error
		if errors.As(err, &pe) {
			p.obs.Refused(pe.Kind)
		}
	}
	return resp, err
}

func (p *Proxy) do(ctx context.Context, req *Request) (*Response, error) {
	s := policy.FromContext(ctx)
	if s == nil || s.Token() == "" {
		return nil, &Error{Kind: NotConnected, Status: 401,
			Msg:        "no Discord bot token",
			Resolution: "Send Authorization: Bot <token> with the request, or start the proxy with DISCORD_TOKEN set."}
	}
	r, err := route.Parse(req.Method, req.Path)
	if err != nil {
		// Say why, never echo the path: it may hold a webhook token.
		msg := "refused request line"
		var pe *route.PathError
		if errors.As(err, &pe) {
			msg = fmt.Sprintf("refused path: %s", pe.Reason)
			if pe.Pos >= 0 {
				msg += fmt.Sprintf(" at byte %d", pe.Pos)
			}
		}
		return nil, &Error{Kind: InvalidInput, Status: 400, Err: err, Msg: msg,
			Resolution: "Use a plain Discord API path such as /channels/{channel_id}/messages."}
	}
	out := checked{body: req.Body}
	if !req.internal {
		if out, err = p.checkBody(ctx, s, &r, req); err != nil {
			return nil, err
		}
	}
	if err := p.writeMode(&r, out.body); err != nil {
		return nil, err
	}
	if len(req.Reason) > 512 {
		return nil, &Error{Kind: InvalidInput, Status: 400, Msg: "audit log reason is longer than 512 characters",
			Resolution: "Shorten the reason."}
	}
	if resp := p.neg.recall(s.Fingerprint(), &r); resp != nil {
		return resp, nil
	}
	if resp := p.refused.recall(&r); resp != nil {
		return resp, nil
	}
	resp, err := p.send(ctx, s, &r, &outgoing{query: req.Query, body: out.body, ctype: out.ctype,
		reason: req.Reason, header: req.Header, passthrough: req.Passthrough}, req.source())
	if err != nil {
		return nil, err
	}
	p.cache.learn(&r, resp)
	p.neg.learn(s.Fingerprint(), &r, resp)
	p.refused.learn(&r, resp)
	p.wrote(&r, resp)
	if !req.internal && resp.OK() {
		// After learn: the cache keeps what policy needs; the caller gets
		// only what its scope allows.
		if resp.Body, err = filterAnswer(ctx, s, &r, resp.Body); err != nil {
			resp.Release()
			var d *policy.Denied // the answer is about a target out of scope: withheld whole
			if errors.As(err, &d) {
				return nil, &Error{Kind: PermissionDenied, Status: 403, Err: err, Msg: d.Error(),
					Resolution: "The operator's scope for this caller does not allow it; ask for a wider scope or pick an allowed target."}
			}
			return nil, &Error{Kind: NotConnected, Status: 502, Err: err, Msg: "Discord's answer could not be filtered to the caller's scope",
				Resolution: "Try again; if it persists, Discord's answer format changed."}
		}
	}
	return resp, nil
}

// idempotent methods may be retried after a 5xx or a broken connection.
func idempotent(method string) bool {
	switch method {
	case "GET", "PUT", "DELETE", "HEAD":
		return true
	}
	return false
}

const maxAttempts = 3

// send runs the limiter and the upstream round trip, with the retries a
// careful client makes: a 429 Discord sent anyway when the wait fits, and
// 5xx or connection failures for idempotent methods.
func (p *Proxy) send(ctx context.Context, s *policy.Scope, r *route.Route, o *outgoing, source string) (*Response, error) {
	key := r.Key()
	major := key.Major
	if r.TokenScoped {
		// Webhook and interaction tokens are credentials: the limiter (and
		// any shared store behind it) keys on a digest, never the token.
		major = r.MajorID + "/" + digest(key.Major)
	}
	lr := ratelimit.Request{
		Token: s.Fingerprint(), Method: key.Method, Route: limiterRoute(r, key), Major: major,
		Global: !r.NoGlobal, TokenScoped: r.TokenScoped, ProvesToken: r.ProvesToken(),
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		start := time.Now()
		permit, err := p.limiter.Acquire(ctx, lr)
		sent := time.Now() // the wait's end is the round trip's start
		wait := sent.Sub(start)
		waited += wait
		p.obs.Waited(wait)
		if err != nil {
			return nil, limiterError(err)
		}
		resp, err := p.roundTrip(ctx, s, r, o, sent)
		p.observeUpstream(source, r, resp, time.Since(sent))
		if err != nil {
			permit.Abandon()
			if attempt < maxAttempts && idempotent(r.Method) && sleep(ctx, backoff(attempt)) {
				continue
			}
			p.log.Warn().Str("route", r.Label()).Err(err).Msg("upstream unreachable")
			return nil, &Error{Kind: NotConnected, Status: 502, Err: err,
				Msg:        "Discord is unreachable: " + scrub(err.Error(), s.Token()),
				Resolution: "Try again later; check the proxy's --upstream setting and network."}
		}
		permit.Done(resp.RateLimit)
		resp.Route = *r
		resp.Waited = waited
		if attempt < maxAttempts && p.retry(ctx, r, resp, attempt) {
			resp.Release()
			continue
		}
		return resp, nil
	}
}

// retry reports whether an answer is worth asking again for, after
// waiting as it says: a 429 whose wait fits, a 5xx to an idempotent request.
func (p *Proxy) retry(ctx context.Context, r *route.Route, resp *Response, attempt int) bool {
	if resp.Status == 429 {
		return fits(ctx, resp.RateLimit.RetryAfter, p.cfg.MaxWait) && sleep(ctx, resp.RateLimit.RetryAfter)
	}
	return resp.Status >= 500 && idempotent(r.Method) && sleep(ctx, backoff(attempt))
}

// limiterRoute is the route the limiter (and a shared store) keys on: the
// template, or for a template built from the path a digest of it, so
// unknown routes keep separate buckets without the store holding the
// caller's path segments.
func limiterRoute(r *route.Route, key route.Key) string {
	if r.Label() == route.UnknownLabel {
		return route.UnknownLabel + "#" + digest(key.Template)
	}
	return key.Template
}

func limiterError(err error) error {
	if errors.Is(err, ratelimit.ErrTokenInvalid) {
		// Not a rate limit: retrying cannot help, and a library that
		// sees 429 retries. 401 (code 40001) makes it stop.
		return &Error{Kind: NotConnected, Status: 401, Err: err,
			Msg:        "Discord rejected this bot token (401) on an earlier request",
			Resolution: "Check the bot token; reset it in the Developer Portal if it leaked, then restart or reconnect with the new one."}
	}
	var le *ratelimit.Error
	if errors.As(err, &le) && errors.Is(err, ratelimit.ErrShuttingDown) {
		return &Error{Kind: RateLimited, Status: 503, RetryAfter: le.RetryAfter, Err: err,
			Msg:        "the proxy is shutting down; the request was not sent",
			Resolution: fmt.Sprintf("Retry in %d ms, on this proxy once it is back or on another replica.", le.RetryAfter.Milliseconds())}
	}
	if errors.As(err, &le) {
		return &Error{Kind: RateLimited, Status: 429, RetryAfter: le.RetryAfter, Err: err,
			Msg:        le.Reason,
			Resolution: fmt.Sprintf("Wait %d ms before retrying, or give the call a longer deadline.", le.RetryAfter.Milliseconds())}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Kind: RateLimited, Status: 429, Err: err, Msg: "the call was cancelled while waiting for the rate limiter",
			Resolution: "Retry with a longer deadline."}
	}
	return fmt.Errorf("proxy: rate limiter: %w", err)
}

// fits reports whether waiting d stays inside ctx's deadline and maxWait.
func fits(ctx context.Context, d, maxWait time.Duration) bool {
	if d <= 0 {
		d = 100 * time.Millisecond
	}
	if maxWait > 0 && d > maxWait {
		return false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return false
	}
	return true
}

func backoff(attempt int) time.Duration {
	return time.Duration(attempt*attempt) * 100 * time.Millisecond
}

// sleep waits d or until ctx ends; it reports whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// digest is a short, stable, one-way name for a secret.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:12])
}

// scrub removes the token from text that may be shown or logged; fasthttp
// errors can quote request data.
func scrub(text, token string) string {
	if token == "" {
		return text
	}
	text = strings.ReplaceAll(text, token, "[token]")
	if t := strings.TrimPrefix(token, "Bot "); t != token && t != "" {
		text = strings.ReplaceAll(text, t, "[token]")
	}
	return text
}
