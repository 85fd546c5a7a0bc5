package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestMetricsKeysOwnTheirBytes: /v1/tools/call reads the tool's name in
// place from fasthttp's pooled body buffer. Metrics keys stored from it
// used to change with the next request in that buffer (one label set,
// 70 map entries after 80 calls, keys like "ZZZZ..."). One label set is
// one key whatever the later bodies hold.
func TestMetricsKeysOwnTheirBytes(t *testing.T) {
	t.Parallel()
	emu, err := discordtest.New(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]string{"DMP_UPSTREAM": upstream, "DMP_LISTEN": "127.0.0.1:0", "DISCORD_TOKEN": emu.Token(), "DMP_LOG_LEVEL": "error", "DMP_DATA_DIR": t.TempDir()}
	cfg, err := config.Load("serve", nil, func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = a.serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	addr := ln.Addr().String()
	keys := func() []string {
		a.metrics.tools.mu.RLock()
		defer a.metrics.tools.mu.RUnlock()
		var out []string
		for k := range a.metrics.tools.m {
			out = append(out, fmt.Sprintf("%q/%s", k.tool, k.outcome))
		}
		return out
	}
	const n = 40
	for i := 0; i < 2*n; i++ {
		j := i % n
		// Same length every time; the name moves by one byte per layout.
		body := "{" + strings.Repeat(" ", j) + `"name":"get_messages","arguments":{"channel_id":"x"}` + strings.Repeat(" ", n-j) + "}"
		rawRequest(t, addr, "POST", "/v1/tools/call", nil, body)
		rawRequest(t, addr, "POST", "/v1/tools/call", nil, strings.Repeat("Z", len(body)))
	}
	var mb bytes.Buffer
	a.metrics.writeTo(&mb)
	for _, l := range strings.Split(mb.String(), "\n") {
		if strings.HasPrefix(l, "discord_mcp_proxy_tool_calls_total{") {
			t.Log(l)
		}
	}
	k := keys()
	t.Logf("%d children keys: %s", len(k), strings.Join(k, " "))
	if len(k) != 1 {
		t.Errorf("want 1 key (get_messages, InvalidInputError), got %d", len(k))
	}
}
