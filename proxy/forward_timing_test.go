package proxy

import (
	"io"
	"testing"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// discordAnswer is a response as Discord sends one: a small JSON body,
// every rate-limit header and a few of Discord's others.
func discordAnswer() *fasthttp.Response {
	resp := &fasthttp.Response{}
	resp.SetStatusCode(200)
	resp.Header.SetContentType("application/json")
	for _, h := range [][2]string{
		{"X-RateLimit-Limit", "5"}, {"X-RateLimit-Remaining", "4"}, {"X-RateLimit-Reset", "1470173023.123"},
		{"X-RateLimit-Reset-After", "1.000"}, {"X-RateLimit-Bucket", "abcd1234abcd1234abcd1234abcd1234"},
		{"Date", "Tue, 01 Dec 2026 02:00:00 GMT"}, {"Set-Cookie", "__dcfduid=x; Path=/"},
		{"Via", "1.1 google"}, {"CF-Ray", "8e1f2a3b4c5d6e7f-FRA"}, {"X-Content-Type-Options", "nosniff"},
	} {
		resp.Header.Set(h[0], h[1])
	}
	resp.SetBodyString(`{"id":"1085503155732611072","content":"hello"}`)
	return resp
}

// libraryRequest is a passthrough request as a Discord library sends one.
func libraryRequest(rc *fasthttp.RequestCtx) {
	rc.Request.SetRequestURI("/api/v10/channels/1085503155732611072/messages")
	for _, h := range [][2]string{
		{"User-Agent", "DiscordBot (https://github.com/Rapptz/discord.py, 2.4.0)"}, {"Accept", "application/json"},
		{"X-RateLimit-Precision", "millisecond"}, {"Authorization", "Bot abc.def.ghi"}, {"X-Privileged-Call", "1"},
		{"Connection", "keep-alive"}, {"Accept-Encoding", "gzip"},
	} {
		rc.Request.Header.Set(h[0], h[1])
	}
}

// inbound is a caller's request and the Request the passthrough reads
// from it.
type inbound struct {
	fasthttp.RequestCtx
	call rawCall
}

// forwardFixture is a Proxy (never started) and a caller's Scope.
func forwardFixture(tb testing.TB) (*Proxy, *policy.Scope) {
	tb.Helper()
	env := map[string]string{"DMP_UPSTREAM": "http://127.0.0.1:1/api/v10", "DISCORD_TOKEN": "Bot abc.def.ghi"}
	cfg, err := config.Load("test", nil, func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := ceiling.Scope(func(string) []string { return nil })
	if err != nil {
		tb.Fatal(err)
	}
	p, err := New(cfg, ratelimit.New(ratelimit.Options{}), zerolog.New(io.Discard))
	if err != nil {
		tb.Fatal(err)
	}
	return p, s
}

// forwardOnce is what the passthrough does with headers, both ways: the
// caller's request headers onto the upstream request, Discord's answer
// (copyResponse) back to the caller (writeRaw), then Release.
func forwardOnce(p *Proxy, s *policy.Scope, r *route.Route, in *inbound, out *fasthttp.RequestCtx, up *fasthttp.Request, answer *fasthttp.Response) {
	req := &in.call.req // as ServeRaw's pooled rawCall
	req.Header = AppendRequestHeaders(in.call.hdr[:0], &in.Request.Header)
	p.setRequest(up, s, r, &outgoing{header: req.Header, passthrough: true})
	resp := copyResponse(&p.responses, answer, p.limiter, true)
	writeRaw(out, resp)
	resp.Release()
}

// BenchmarkForwardHeaders: header forwarding on the passthrough, both ways
// (see forwardOnce). It should allocate nothing.
func BenchmarkForwardHeaders(b *testing.B) {
	p, s := forwardFixture(b)
	r, err := route.Parse("GET", "/channels/1085503155732611072/messages")
	if err != nil {
		b.Fatal(err)
	}
	var in inbound
	var out fasthttp.RequestCtx
	libraryRequest(&in.RequestCtx)
	var up fasthttp.Request
	answer := discordAnswer()
	b.ReportAllocs()
	for b.Loop() {
		forwardOnce(p, s, &r, &in, &out, &up, answer)
		out.Response.Reset()
		up.Reset()
	}
}

// TestForwardHeadersAllocations: forwarding headers both ways costs no
// allocation once the pools are warm, and forwards what it should.
func TestForwardHeadersAllocations(t *testing.T) {
	p, s := forwardFixture(t)
	r, err := route.Parse("GET", "/channels/1085503155732611072/messages")
	if err != nil {
		t.Fatal(err)
	}
	var in inbound
	var out fasthttp.RequestCtx
	libraryRequest(&in.RequestCtx)
	var up fasthttp.Request
	answer := discordAnswer()
	resp := copyResponse(&p.responses, answer, p.limiter, true)
	if len(resp.Header) != 6 || resp.RateLimit.Bucket != "abcd1234abcd1234abcd1234abcd1234" || resp.RateLimit.Remaining != 4 ||
		len(resp.Extra) != 3 {
		t.Fatalf("copied %v, extra %v, parsed %+v", resp.Header, resp.Extra, resp.RateLimit)
	}
	resp.Release()
	if raceEnabled {
		t.Log("allocation counts are not checked under -race (sync.Pool drops items on purpose)")
		return
	}
	if n := testing.AllocsPerRun(100, func() {
		forwardOnce(p, s, &r, &in, &out, &up, answer)
		out.Response.Reset()
		up.Reset()
	}); n != 0 {
		t.Errorf("forwarding: %v allocations, want 0", n)
	}
	forwardOnce(p, s, &r, &in, &out, &up, answer)
	for name, want := range map[string]string{
		"X-RateLimit-Bucket": "abcd1234abcd1234abcd1234abcd1234", "Set-Cookie": "", "Date": "", "Via": "1.1 google",
		"Cf-Ray": "8e1f2a3b4c5d6e7f-FRA", "X-Response-Src": "discord", "Content-Type": "application/json",
	} {
		if got := string(out.Response.Header.Peek(name)); got != want {
			t.Errorf("answer header %s = %q, want %q", name, got, want)
		}
	}
	if string(out.Response.Body()) != `{"id":"1085503155732611072","content":"hello"}` {
		t.Errorf("answer body %s", out.Response.Body())
	}
	for name, want := range map[string]string{
		"User-Agent": "DiscordBot (https://github.com/Rapptz/discord.py, 2.4.0)", "Accept": "application/json",
		"X-Ratelimit-Precision": "millisecond", "Authorization": "Bot abc.def.ghi",
		"X-Privileged-Call": "", "Accept-Encoding": "",
	} {
		if got := string(up.Header.Peek(name)); got != want {
			t.Errorf("upstream header %s = %q, want %q", name, got, want)
		}
	}
	if got := string(up.RequestURI()); got != "/api/v10/channels/1085503155732611072/messages" {
		t.Errorf("upstream URI %s", got)
	}
}
