package discordtest

import (
	"bytes"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/valyala/fasthttp"

	api "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// call is one request on its way through a handler.
type call struct {
	ctx  *fasthttp.RequestCtx
	rt   *route
	path api.Route // what route.Parse made of the path
	now  time.Time
}

// param is one path parameter by placeholder name, percent-decoded (emoji
// names arrive encoded).
func (c *call) param(name string) string {
	raw := c.path.Param(name)
	v, err := url.PathUnescape(raw)
	if err != nil {
		return raw
	}
	return v
}

// response is a handler's answer: a status and body, or a Discord error.
type response struct {
	status int
	body   []byte
	err    *apiError
	ctype  string // "" for application/json
}

func ok(v any) response         { return response{status: fasthttp.StatusOK, body: marshal(v)} }
func noContent() response       { return response{status: fasthttp.StatusNoContent} }
func fail(e *apiError) response { return response{err: e} }

// outcome is what the counters learn about one answered request.
type outcome struct {
	status    int
	scope     string
	violation bool
	fault     bool
}

var (
	apiV10 = []byte("/api/v10/")
	apiV9  = []byte("/api/v9/")
)

// serve is the pipeline: ban, fault injection, route, auth, rate limits,
// handler, headers, counters. Every /api request is counted.
func (e *Emulator) serve(ctx *fasthttp.RequestCtx) {
	raw := ctx.Request.URI().PathOriginal()
	if bytes.HasPrefix(raw, []byte("/_emulator/")) {
		e.serveControl(ctx, string(raw))
		return
	}
	if bytes.HasPrefix(raw, []byte(cdnPrefix)) {
		e.serveAttachment(ctx, raw)
		return
	}
	method := string(ctx.Method())
	var rt *route
	var parsed api.Route
	found := false
	if p, ok := stripVersion(raw); ok {
		rt, parsed, found = match(method, p)
		if !found && !parsed.Known {
			rt, parsed, found = matchLoose(method, p)
		}
	}
	c := &call{ctx: ctx, rt: rt, path: parsed, now: e.now()}
	routeKey, bucket, major := method+" <unknown>", "", ""
	if rt != nil {
		routeKey, bucket, major = rt.key(), rt.bucket, c.major()
		if rt.bucketFor != nil {
			bucket = rt.bucketFor(c, c.now)
		}
	}
	bucketKey := ""
	if bucket != "" {
		bucketKey = bucket + "/" + major
	}
	e.stats.begin(routeKey, bucketKey)
	var out outcome
	defer func() {
		invalid := out.status == 401 || out.status == 403 || (out.status == 429 && out.scope != "shared" && out.scope != "ban")
		if invalid {
			e.lim.noteInvalid(c.now)
		}
		e.stats.end(bucketKey, out.status, out.scope, invalid, out.violation, out.fault)
	}()
	if r := ctx.Request.Header.Peek("X-Audit-Log-Reason"); len(r) > 0 {
		reason, err := url.PathUnescape(string(r))
		if err != nil {
			reason = string(r)
		}
		e.stats.audit(reason)
	}
	if e.opts.Latency > 0 {
		time.Sleep(e.opts.Latency)
	}
	out = e.answer(c, found, bucket, major, routeKey)
}

// answer runs the gates in Discord's order and writes the response.
func (e *Emulator) answer(c *call, found bool, bucket, major, routeKey string) outcome {
	ctx := c.ctx
	if e.lim.banned(c.now) {
		writeBan(ctx)
		return outcome{status: 429, scope: "ban"}
	}
	if fail, badGateway := e.faults.next(); fail {
		return writeFault(ctx, badGateway)
	}
	switch {
	case c.rt == nil && found:
		return writeErr(ctx, errMethod)
	case c.rt == nil:
		return writeErr(ctx, errNotFound)
	}
	if !c.rt.noAuth && string(ctx.Request.Header.Peek("Authorization")) != "Bot "+e.st.token {
		return writeErr(ctx, errUnauthorized)
	}
	if !c.rt.noAuth && e.lim.lim.GlobalLimit > 0 {
		e.stats.globalArrival(c.now, e.lim.lim.GlobalWindow)
	}
	v := e.lim.admit(c.now, routeKey, bucket, major, c.rt.noAuth)
	if v.scope != "" {
		write429(ctx, c.now, v)
		return outcome{status: 429, scope: v.scope, violation: v.violation}
	}
	resp := c.rt.handle(e, c)
	if v.hasBucket {
		writeBucketHeaders(ctx, c.now, v)
	}
	if resp.err != nil {
		return writeErr(ctx, resp.err)
	}
	ctx.SetStatusCode(resp.status)
	if resp.status != fasthttp.StatusNoContent {
		ctype := resp.ctype
		if ctype == "" {
			ctype = "application/json"
		}
		ctx.SetContentType(ctype)
		ctx.SetBody(resp.body)
	}
	return outcome{status: resp.status}
}

// major is the request's major parameter value, the bucket's scope.
func (c *call) major() string {
	if c.rt == nil {
		return ""
	}
	return c.path.Key().Major
}

// stripVersion cuts /api/v10 or /api/v9 off a raw path.
func stripVersion(raw []byte) (string, bool) {
	for _, p := range [][]byte{apiV10, apiV9} {
		if bytes.HasPrefix(raw, p) {
			return string(raw[len(p)-1:]), true
		}
	}
	return "", false
}

func writeErr(ctx *fasthttp.RequestCtx, e *apiError) outcome {
	ctx.SetStatusCode(e.status)
	ctx.SetContentType("application/json")
	ctx.SetBody(e.body())
	return outcome{status: e.status}
}

// seconds formats a duration as Discord's decimal seconds.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(max(d.Seconds(), 0), 'f', 3, 64)
}

func writeBucketHeaders(ctx *fasthttp.RequestCtx, now time.Time, v verdict) {
	h := &ctx.Response.Header
	h.Set("X-RateLimit-Limit", strconv.Itoa(v.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(v.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(v.reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", seconds(v.reset.Sub(now)))
	h.Set("X-RateLimit-Bucket", v.hash)
}

// write429 answers a rate-limited request. A global 429 carries no bucket
// headers, as in Discord's documented example; user and shared ones do.
// Retry-After is whole seconds, rounded up; the body's retry_after is exact.
func write429(ctx *fasthttp.RequestCtx, now time.Time, v verdict) {
	retry := max(v.retryAfter, time.Millisecond)
	h := &ctx.Response.Header
	if v.scope != "global" && v.hasBucket {
		writeBucketHeaders(ctx, now, v)
		if v.scope == "user" {
			h.Set("X-RateLimit-Remaining", "0")
		}
	}
	if v.scope == "global" {
		h.Set("X-RateLimit-Global", "true")
	}
	h.Set("X-RateLimit-Scope", v.scope)
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
	ctx.SetStatusCode(fasthttp.StatusTooManyRequests)
	ctx.SetContentType("application/json")
	ctx.SetBody([]byte(`{"message": "You are being rate limited.", "retry_after": ` + seconds(retry) +
		`, "global": ` + strconv.FormatBool(v.scope == "global") + `}`))
}

// banPage imitates Cloudflare's "error 1015" page served to banned clients.
const banPage = `<!DOCTYPE html>
<html lang="en-US"><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head>
<body><div id="cf-wrapper"><h1>Error 1015</h1><h2>You are being rate limited</h2>
<p>The owner of this website (discord.com) has banned you temporarily from accessing this website.</p>
</div></body></html>
`

func writeBan(ctx *fasthttp.RequestCtx) {
	ctx.SetStatusCode(fasthttp.StatusTooManyRequests)
	ctx.SetContentType("text/html; charset=UTF-8")
	ctx.SetBodyString(banPage)
}

// serveControl answers the emulator's own endpoints; they are not counted.
func (e *Emulator) serveControl(ctx *fasthttp.RequestCtx, path string) {
	switch {
	case path == "/_emulator/stats" && ctx.IsGet():
		ctx.SetContentType("application/json")
		ctx.SetBody(marshal(e.Stats()))
	case path == "/_emulator/reset" && ctx.IsPost():
		e.ResetStats()
		ctx.SetStatusCode(fasthttp.StatusNoContent)
	default:
		writeErr(ctx, errNotFound)
	}
}
