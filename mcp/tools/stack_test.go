package tools

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// toolStack is the real road a tool call takes: catalog, proxy.Do
// (policy, limiter, fasthttp upstream) over loopback TCP to the emulator,
// with a recorder in front of the emulator that keeps every exchange.
type toolStack struct {
	emu     *discordtest.Emulator
	cat     *Catalog
	ceiling *policy.Ceiling
	rec     *recorder
}

// exchange is one request the emulator received and its answer.
type exchange struct {
	Name     string `json:"name"`
	Method   string `json:"method"`
	Template string `json:"template"`
	Path     string `json:"path"`
	Query    string `json:"query"`
	Body     string `json:"body"`
	Status   int    `json:"status"`
	Response string `json:"response"`
}

type recorder struct {
	mu  sync.Mutex // guards log
	log []exchange
}

func (r *recorder) take() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.log
	r.log = nil
	return out
}

func (r *recorder) wrap(h fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		h(ctx)
		method, path := string(ctx.Method()), string(ctx.Request.URI().PathOriginal())
		if strings.HasPrefix(path, "/attachments/") {
			return // the emulator's CDN, not Discord's API
		}
		rt, _ := route.Parse(method, path)
		ex := exchange{Method: method, Template: rt.Template, Path: strings.TrimPrefix(path, "/api/v10"),
			Query: string(ctx.QueryArgs().QueryString()), Body: string(ctx.Request.Body()),
			Status: ctx.Response.StatusCode(), Response: string(ctx.Response.Body())}
		if form, err := ctx.MultipartForm(); err == nil {
			// Discord reads a form's JSON from payload_json: that is what
			// the schemas judge.
			ex.Body = strings.Join(form.Value["payload_json"], "")
		}
		r.mu.Lock()
		r.log = append(r.log, ex)
		r.mu.Unlock()
	}
}

func newToolStack(t *testing.T, seed *discordtest.Seed, o Options) *toolStack {
	t.Helper()
	emu, err := discordtest.New(discordtest.Options{Seed: seed, Limits: &discordtest.Limits{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	rec := &recorder{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: rec.wrap(emu.Handler())}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	vals := map[string]string{
		"DMP_UPSTREAM":          "http://" + ln.Addr().String() + "/api/v10",
		"DISCORD_TOKEN":         emu.Token(),
		"DMP_GLOBAL_PER_SECOND": "100000",
		"DMP_LOG_LEVEL":         "error",
		// Privileged callers (X-Privileged-Call) may use discord_request.
		"DMP_ENABLE_PASSTHROUGH": "true",
		// Owners (X-Owner-Access) may use the application toolset.
		"DMP_ENABLE_OWNER_TOOLS": "true",
		// get_attachment fetches from the emulator's CDN route.
		"DMP_ATTACHMENT_HOSTS": ln.Addr().String(),
	}
	cfg, err := config.Load("test", nil, func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		t.Fatal(err)
	}
	lim := ratelimit.New(ratelimit.Options{GlobalPerSecond: cfg.GlobalPerSecond, MaxWait: cfg.MaxWait, InvalidBudget: cfg.InvalidBudget})
	px, err := proxy.New(cfg, lim, zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := NewWith(px, zerolog.New(io.Discard), o)
	if err != nil {
		t.Fatal(err)
	}
	return &toolStack{emu: emu, cat: cat, ceiling: ceiling, rec: rec}
}

// ctx is a call context under the operator's ceiling narrowed by headers.
func (s *toolStack) ctx(t *testing.T, headers map[string]string) context.Context {
	t.Helper()
	sc, err := s.ceiling.Scope(func(name string) []string {
		if v, ok := headers[name]; ok {
			return []string{v}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return policy.WithScope(t.Context(), sc)
}
