package proxy_test

import (
	"io"
	"net"
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

// TestFirstPostAfterIdle: the emulator, served with a short keep-alive
// idle timeout, closes the proxy's idle connection; the next POST (and
// GET) must still go through, and each reach Discord exactly once.
func TestFirstPostAfterIdle(t *testing.T) {
	t.Parallel()
	emu, err := discordtest.New(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const idle = 100 * time.Millisecond
	srv := &fasthttp.Server{Handler: emu.Handler(), IdleTimeout: idle, ReadTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(); emu.Close() })

	vals := map[string]string{"DMP_UPSTREAM": "http://" + ln.Addr().String() + "/api/v10", "DISCORD_TOKEN": emu.Token()}
	cfg, err := config.Load("test", nil, func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		t.Fatal(err)
	}
	px, err := proxy.New(cfg, ratelimit.New(ratelimit.Options{}), zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{emu: emu, px: px, ceiling: ceiling, cfg: cfg}
	ctx := f.ctx(t, nil)
	post := func(i int) {
		t.Helper()
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "POST", Path: "/channels/" + general + "/messages", Body: []byte(`{"content":"after idle"}`)})
		if err != nil || !resp.OK() {
			t.Fatalf("POST %d: %v %v", i, err, resp)
		}
	}
	post(0)
	for i := 1; i <= 2; i++ {
		time.Sleep(3 * idle) // the server closed the connection; past the look threshold
		post(i)
	}
	time.Sleep(3 * idle)
	if resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general}); err != nil || !resp.OK() {
		t.Fatalf("GET after idle: %v %v", err, resp)
	}
	if n := emu.Stats().Routes["POST /channels/{channel_id}/messages"]; n != 3 {
		t.Errorf("Discord saw %d POSTs for 3 sent, want each exactly once", n)
	}
}
