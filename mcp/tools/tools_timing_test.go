package tools

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// The tool path's cost, measured against a recorded Discord answer: the
// emulator answers GET /channels/{id}/messages?limit=50 once, and a
// fasthttp server on loopback replays those bytes (with Discord-like
// rate-limit headers), so the figures hold the proxy's work and not the
// emulator's. Run: go test ./mcp/tools -run '^$' -bench . -benchmem

const benchMessages = 50

// benchStack is a proxy and catalog in front of the replayed answer.
type benchStack struct {
	px      *proxy.Proxy
	cat     *Catalog
	ceiling *policy.Ceiling
	body    []byte // the recorded answer
}

func newBenchStack(b *testing.B) *benchStack {
	b.Helper()
	return newBenchStackWith(b, recordMessages(b))
}

// newBenchStackWith replays body as every answer.
func newBenchStackWith(b *testing.B, body []byte) *benchStack {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: func(rc *fasthttp.RequestCtx) {
		h := &rc.Response.Header
		h.SetContentType("application/json")
		h.Set("X-RateLimit-Limit", "1000000")
		h.Set("X-RateLimit-Remaining", "999999")
		h.Set("X-RateLimit-Reset-After", "60.000")
		h.Set("X-RateLimit-Bucket", "c0ffee0000000000bench")
		rc.SetBody(body)
	}}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Shutdown() })
	vals := map[string]string{
		"DMP_UPSTREAM":          "http://" + ln.Addr().String() + "/api/v10",
		"DISCORD_TOKEN":         discordtest.DefaultToken,
		"DMP_GLOBAL_PER_SECOND": "1000000000",
		"DMP_LOG_LEVEL":         "error",
	}
	px, ceiling := benchProxy(b, vals)
	cat, err := New(px, zerolog.New(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	return &benchStack{px: px, cat: cat, ceiling: ceiling, body: body}
}

func benchProxy(b *testing.B, vals map[string]string) (*proxy.Proxy, *policy.Ceiling) {
	b.Helper()
	cfg, err := config.Load("bench", nil, func(k string) string { return vals[k] })
	if err != nil {
		b.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		b.Fatal(err)
	}
	lim := ratelimit.New(ratelimit.Options{GlobalPerSecond: cfg.GlobalPerSecond, MaxWait: cfg.MaxWait, InvalidBudget: cfg.InvalidBudget})
	px, err := proxy.New(cfg, lim, zerolog.New(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	return px, ceiling
}

// recordMessages asks the emulator, seeded with benchMessages messages in
// general, for the newest benchMessages of them.
func recordMessages(b testing.TB) []byte {
	b.Helper()
	seed := discordtest.DefaultSeed()
	general := discordtest.GeneralID.String()
	msgs := seed.Messages[general]
	for i := 0; len(msgs) < benchMessages; i++ {
		m := msgs[i%discordtest.DefaultSeedMessages]
		m.ID = msgs[len(msgs)-1].ID + 1<<22 // one ms later than the newest
		msgs = append(msgs, m)
	}
	seed.Messages[general] = msgs
	emu, err := discordtest.New(discordtest.Options{Seed: seed, Limits: &discordtest.Limits{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = emu.Close() })
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(upstream + "/channels/" + general + "/messages?limit=" + strconv.Itoa(benchMessages))
	req.Header.Set("Authorization", "Bot "+emu.Token())
	if err := fasthttp.DoTimeout(req, resp, 5*time.Second); err != nil {
		b.Fatal(err)
	}
	var got []json.RawMessage
	if err := json.Unmarshal(resp.Body(), &got); err != nil || len(got) != benchMessages {
		b.Fatalf("recorded %d messages (%v), want %d: %.200s", len(got), err, benchMessages, resp.Body())
	}
	return append([]byte(nil), resp.Body()...)
}

func (s *benchStack) ctx(b *testing.B) context.Context {
	b.Helper()
	sc, err := s.ceiling.Scope(func(string) []string { return nil })
	if err != nil {
		b.Fatal(err)
	}
	return policy.WithScope(context.Background(), sc)
}

var getMessagesArgs = json.RawMessage(`{"channel_id":"` + discordtest.GeneralID.String() + `","limit":50}`)

// BenchmarkGetMessages50 compares, for the same 50-message answer:
// raw (proxy.Do alone, what the passthrough pays), catalog (CallTool:
// arguments, proxy.Do, projection) and helper (POST /v1/tools/call
// through the real MCP handler: scope from headers, the tool list, the
// call, the JSON-RPC result with its text content).
func BenchmarkGetMessages50(b *testing.B) {
	s := newBenchStack(b)
	ctx := s.ctx(b)
	path := "/channels/" + discordtest.GeneralID.String() + "/messages"
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := s.px.Do(ctx, &proxy.Request{Method: "GET", Path: path, Query: "limit=50"})
			if err != nil || resp.Status != 200 {
				b.Fatalf("raw: %v", err)
			}
		}
	})
	b.Run("catalog", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := s.cat.CallTool(ctx, "get_messages", getMessagesArgs, func(float64, float64, string) {})
			if err != nil || res.IsError {
				b.Fatalf("catalog: %v %+v", err, res)
			}
		}
	})
	b.Run("helper", func(b *testing.B) { benchHelper(b, s) })
}

func benchHelper(b *testing.B, s *benchStack) {
	srv := mcp.NewServer(mcp.Options{
		Catalog: s.cat,
		Logger:  zerolog.New(io.Discard),
		Prepare: func(ctx context.Context, get func(string) []string) (context.Context, error) {
			sc, err := s.ceiling.Scope(get)
			if err != nil {
				return ctx, err
			}
			return policy.WithScope(ctx, sc), nil
		},
	})
	b.Cleanup(srv.Close)
	h := srv.Handler()
	body := []byte(`{"name":"get_messages","arguments":` + string(getMessagesArgs) + `}`)
	var rc fasthttp.RequestCtx
	b.ReportAllocs()
	for b.Loop() {
		rc.Request.Reset()
		rc.Response.Reset()
		rc.Request.Header.SetMethod("POST")
		rc.Request.SetRequestURI("/v1/tools/call")
		rc.Request.Header.SetHost("127.0.0.1")
		rc.Request.Header.SetContentType("application/json")
		rc.Request.SetBody(body)
		h(&rc)
		if rc.Response.StatusCode() != 200 {
			b.Fatalf("helper: %d %.300s", rc.Response.StatusCode(), rc.Response.Body())
		}
	}
}

// BenchmarkProject50 is the projection alone: the recorded answer to the
// get_messages result.
func BenchmarkProject50(b *testing.B) {
	body := recordMessages(b)
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	sp := c.row("get_messages")
	a, err := parseArgs(sp, getMessagesArgs, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		w := getBuf()
		w.open('{')
		project(w, c.projFor(c.row("get_messages")), parse(body), a)
		w.close('}')
		putBuf(w)
	}
}

// BenchmarkToolsList is GET /v1/tools/list through the real MCP handler:
// the caller's scope from headers, its (cached) list, the JSON answer.
func BenchmarkToolsList(b *testing.B) {
	s := newBenchStack(b)
	srv := mcp.NewServer(mcp.Options{
		Catalog: s.cat,
		Logger:  zerolog.New(io.Discard),
		Prepare: func(ctx context.Context, get func(string) []string) (context.Context, error) {
			sc, err := s.ceiling.Scope(get)
			if err != nil {
				return ctx, err
			}
			return policy.WithScope(ctx, sc), nil
		},
	})
	b.Cleanup(srv.Close)
	h := srv.Handler()
	var rc fasthttp.RequestCtx
	b.ReportAllocs()
	for b.Loop() {
		rc.Request.Reset()
		rc.Response.Reset()
		rc.Request.Header.SetMethod("GET")
		rc.Request.SetRequestURI("/v1/tools/list")
		rc.Request.Header.SetHost("127.0.0.1")
		h(&rc)
		if rc.Response.StatusCode() != 200 {
			b.Fatalf("tools/list: %d %.300s", rc.Response.StatusCode(), rc.Response.Body())
		}
	}
}
