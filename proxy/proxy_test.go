package proxy_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

var general = discordtest.GeneralID.String()

type fixture struct {
	emu     *discordtest.Emulator
	px      *proxy.Proxy
	ceiling *policy.Ceiling
	cfg     *config.Config
}

// newFixture runs an emulator on loopback and a Proxy in front of it.
// limits nil means Discord-like limits; &discordtest.Limits{} turns them off.
func newFixture(t testing.TB, limits *discordtest.Limits, env map[string]string) *fixture {
	t.Helper()
	emu, err := discordtest.New(discordtest.Options{Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureOn(t, emu, env)
}

func newFixtureOn(t testing.TB, emu *discordtest.Emulator, env map[string]string) *fixture {
	t.Helper()
	t.Cleanup(func() { emu.Close() })
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]string{"DMP_UPSTREAM": upstream, "DISCORD_TOKEN": emu.Token()}
	for k, v := range env {
		vals[k] = v
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
	return &fixture{emu: emu, px: px, ceiling: ceiling, cfg: cfg}
}

// ctx carries a Scope built from headers, as the MCP layer builds it.
func (f *fixture) ctx(t testing.TB, headers map[string]string) context.Context {
	t.Helper()
	s, err := f.ceiling.Scope(func(name string) []string {
		if v, ok := headers[name]; ok {
			return []string{v}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return policy.WithScope(context.Background(), s)
}

// TestCacheOneFetch: 1,000 reads of one channel under a guild restriction
// cost exactly one channel-metadata fetch upstream, even when the first
// misses arrive together. The global limit is lifted: at Discord's 50/s
// the reads alone would take 20 s and prove nothing more.
func TestCacheOneFetch(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, map[string]string{"DMP_GLOBAL_PER_SECOND": "100000"})
	ctx := f.ctx(t, map[string]string{"X-Target-Guilds": discordtest.GuildID.String()})
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	gate := make(chan struct{}) // all 20 first reads start together, so they miss together
	for w := 0; w < 20; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			for i := 0; i < 50; i++ {
				resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages", Query: "limit=1"})
				if err != nil {
					errs <- err
					return
				}
				if resp.Status != 200 {
					errs <- errors.New(string(resp.Body))
					return
				}
			}
		}()
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := f.emu.Stats()
	if got := st.Routes["GET /channels/{channel_id}"]; got != 1 {
		t.Errorf("channel metadata fetched %d times, want 1", got)
	}
	if got := st.Routes["GET /channels/{channel_id}/messages"]; got != 1000 {
		t.Errorf("messages read %d times, want 1000", got)
	}
}

// TestCacheDeniesOtherGuild: a channel of another guild is refused from
// cached metadata, and the refused request never reaches Discord.
func TestCacheDeniesOtherGuild(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, nil)
	ctx := f.ctx(t, map[string]string{"X-Target-Guilds": discordtest.SecondGuildID.String()})
	_, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages"})
	var pe *proxy.Error
	if !errors.As(err, &pe) || pe.Kind != proxy.PermissionDenied || !strings.Contains(pe.Msg, "X-Target-Guilds") {
		t.Fatalf("want PermissionDenied naming X-Target-Guilds, got %v", err)
	}
	if got := f.emu.Stats().Routes["GET /channels/{channel_id}/messages"]; got != 0 {
		t.Errorf("refused read reached Discord %d times", got)
	}
}

// TestCacheFollowsChannelChanges: an edit updates the cached name, a
// delete evicts it.
func TestCacheFollowsChannelChanges(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, nil)
	ctx := f.ctx(t, nil)
	random := discordtest.RandomID.String()
	if _, err := f.px.Cache().Channel(ctx, random); err != nil {
		t.Fatal(err)
	}
	resp, err := f.px.Do(ctx, &proxy.Request{Method: "PATCH", Path: "/channels/" + random, Body: []byte(`{"name":"renamed"}`)})
	if err != nil || resp.Status != 200 {
		t.Fatalf("PATCH: %v %v", err, resp)
	}
	if info, ok := f.px.Cache().Peek(random); !ok || info.Name != "renamed" {
		t.Errorf("after PATCH the cache has %+v, %v", info, ok)
	}
	if resp, err := f.px.Do(ctx, &proxy.Request{Method: "DELETE", Path: "/channels/" + random}); err != nil || resp.Status != 200 {
		t.Fatalf("DELETE: %v %v", err, resp)
	}
	if _, ok := f.px.Cache().Peek(random); ok {
		t.Error("a deleted channel stayed cached")
	}
}

// TestCacheLearnsGuildChannels: a guild's channel list fills the cache,
// so a call on one of its channels needs no metadata read.
func TestCacheLearnsGuildChannels(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, nil)
	// A guild restriction makes policy learn each channel's guild.
	ctx := f.ctx(t, map[string]string{"X-Target-Guilds": discordtest.GuildID.String()})
	random, general := discordtest.RandomID.String(), discordtest.GeneralID.String()
	// Control: without the list, a read costs a metadata read.
	f.emu.ResetStats()
	if resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages", Query: "limit=1"}); err != nil || resp.Status != 200 {
		t.Fatalf("control: %v %v", err, resp)
	}
	if n := f.emu.Stats().Routes["GET /channels/{channel_id}"]; n != 1 {
		t.Fatalf("control: %d metadata reads, want 1", n)
	}
	resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/guilds/" + discordtest.GuildID.String() + "/channels"})
	if err != nil || resp.Status != 200 {
		t.Fatalf("list: %v %v", err, resp)
	}
	if info, ok := f.px.Cache().Peek(random); !ok || info.GuildID != discordtest.GuildID.String() || info.Name != "random" {
		t.Fatalf("after the list the cache has %+v, %v", info, ok)
	}
	f.emu.ResetStats()
	if resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + random + "/messages", Query: "limit=1"}); err != nil || resp.Status != 200 {
		t.Fatalf("read: %v %v", err, resp)
	}
	if n := f.emu.Stats().Routes["GET /channels/{channel_id}"]; n != 0 {
		t.Errorf("%d metadata reads after the list", n)
	}
}

// TestGlobal429Retried: a global 429 Discord sends anyway is waited out
// and retried when the wait fits the deadline.
func TestGlobal429Retried(t *testing.T) {
	f := newFixture(t, nil, nil)
	ctx := f.ctx(t, nil)
	f.emu.ForceGlobal429(300 * time.Millisecond)
	resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general})
	if err != nil || resp.Status != 200 {
		t.Fatalf("want success after the global lock, got %v %+v", err, resp)
	}
	st := f.emu.Stats()
	if st.RateLimited["global"] != 1 || st.Violations != 0 {
		t.Errorf("global 429s %d (want 1), violations %d (want 0)", st.RateLimited["global"], st.Violations)
	}
}

// TestDeadlineFailsFast: a wait longer than the caller's deadline fails at
// once with RateLimitError, without touching Discord.
func TestDeadlineFailsFast(t *testing.T) {
	f := newFixture(t, nil, nil)
	ctx := f.ctx(t, nil)
	f.emu.ForceGlobal429(5 * time.Second)
	// The first request learns of the lock from Discord's 429; waiting it
	// out does not fit its deadline, so Discord's 429 comes back.
	first, cancel1 := context.WithTimeout(ctx, time.Second)
	defer cancel1()
	resp, err := f.px.Do(first, &proxy.Request{Method: "GET", Path: "/channels/" + general})
	if err != nil || resp.Status != 429 {
		t.Fatalf("first request: want Discord's 429, got %v %+v", err, resp)
	}
	before := f.emu.Stats().Total
	dctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	_, err = f.px.Do(dctx, &proxy.Request{Method: "GET", Path: "/channels/" + general})
	var pe *proxy.Error
	if !errors.As(err, &pe) || pe.Kind != proxy.RateLimited || pe.RetryAfter <= 0 {
		t.Fatalf("want RateLimitError with a retry-after, got %v", err)
	}
	if after := f.emu.Stats().Total; after != before {
		t.Errorf("a call that could not fit its deadline reached Discord (%d requests)", after-before)
	}
}

// TestRefusedPathsNeverSent: paths the route grammar refuses are refused
// before the limiter and Discord.
func TestRefusedPathsNeverSent(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, nil)
	ctx := f.ctx(t, nil)
	for _, p := range []string{
		"/channels/" + general + "/../../users/@me",
		"/channels/" + general + "%2Fmessages",
		"/channels//messages",
		"/channels/" + general + "/messages/",
		"/channels/%2e%2e/messages",
	} {
		_, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: p})
		var pe *proxy.Error
		if !errors.As(err, &pe) || pe.Kind != proxy.InvalidInput {
			t.Errorf("%s: want InvalidInput, got %v", p, err)
		}
	}
	if n := f.emu.Stats().Total; n != 0 {
		t.Errorf("%d refused requests reached Discord", n)
	}
}

// TestTokenNeverInErrors: an unreachable upstream's error does not quote
// the token.
func TestTokenNeverInErrors(t *testing.T) {
	cfg, err := config.Load("test", nil, func(k string) string {
		return map[string]string{"DMP_UPSTREAM": "http://127.0.0.1:1/api/v10", "DISCORD_TOKEN": "secret.token.value"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	ceiling, _ := policy.NewCeiling(cfg)
	px, _ := proxy.New(cfg, ratelimit.New(ratelimit.Options{}), zerolog.New(io.Discard))
	ctx := policy.WithScope(context.Background(), ceiling.Default())
	_, err = px.Do(ctx, &proxy.Request{Method: "POST", Path: "/channels/" + general + "/messages", Body: []byte(`{"content":"x"}`)})
	var pe *proxy.Error
	if !errors.As(err, &pe) || pe.Kind != proxy.NotConnected {
		t.Fatalf("want NotConnected, got %v", err)
	}
	if strings.Contains(err.Error(), "secret.token.value") || strings.Contains(pe.Msg, "secret") {
		t.Errorf("error quotes the token: %v", err)
	}
}

// BenchmarkProxyVsDirect measures Do (route, policy with a cached channel,
// limiter, upstream) against a bare fasthttp request to the same emulator,
// in one run, so the ratio is what matters.
func BenchmarkProxyVsDirect(b *testing.B) {
	// The global limit (50/s) would dominate; lift it to measure the
	// proxy's own cost.
	f := newFixture(b, &discordtest.Limits{}, map[string]string{"DMP_GLOBAL_PER_SECOND": "100000000", "DMP_ENABLE_PASSTHROUGH": "true"})
	ctx := f.ctx(b, map[string]string{"X-Target-Guilds": discordtest.GuildID.String(), "X-Privileged-Call": "1"})
	path := "/channels/" + general + "/messages/" + firstMessage(b, f)
	b.Run("direct", func(b *testing.B) {
		client := &fasthttp.HostClient{Addr: strings.TrimPrefix(strings.TrimSuffix(f.cfg.Upstream, "/api/v10"), "http://")}
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		b.ReportAllocs()
		for b.Loop() {
			req.SetRequestURI(f.cfg.Upstream + path)
			req.Header.Set("Authorization", "Bot "+f.emu.Token())
			if err := client.Do(req, resp); err != nil || resp.StatusCode() != 200 {
				b.Fatal(err, resp.StatusCode())
			}
		}
	})
	b.Run("proxy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: path})
			if err != nil || resp.Status != 200 {
				b.Fatal(err)
			}
			resp.Release() // as the tools do once they have read the answer
		}
	})
	// passthrough: ServeRaw as the server calls it, the caller's side in
	// memory (a library's headers), Discord's over loopback.
	b.Run("passthrough", func(b *testing.B) {
		var rc fasthttp.RequestCtx
		rc.Request.SetRequestURI("/api/v10" + path)
		rc.Request.Header.Set("User-Agent", "DiscordBot (https://github.com/Rapptz/discord.py, 2.4.0)")
		rc.Request.Header.Set("X-RateLimit-Precision", "millisecond")
		b.ReportAllocs()
		for b.Loop() {
			f.px.ServeRaw(ctx, &rc)
			if rc.Response.StatusCode() != 200 {
				b.Fatal(rc.Response.StatusCode(), string(rc.Response.Body()))
			}
			rc.Response.Reset()
		}
	})
}

func firstMessage(tb testing.TB, f *fixture) string {
	tb.Helper()
	resp, err := f.px.Do(f.ctx(tb, nil), &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages", Query: "limit=1"})
	if err != nil || resp.Status != 200 {
		tb.Fatal(err)
	}
	i := strings.Index(string(resp.Body), `"id":"`)
	rest := string(resp.Body)[i+6:]
	return rest[:strings.IndexByte(rest, '"')]
}
