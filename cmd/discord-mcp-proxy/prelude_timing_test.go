package main

import (
	"bufio"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// preludeRequest is what the load tools send on the raw passthrough: a Bot
// token and the privileged switch.
const preludeRequest = "GET /api/v10/channels/1200000000000000001/messages HTTP/1.1\r\n" +
	"Host: 127.0.0.1:8080\r\n" +
	"Authorization: Bot MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gx.fake\r\n" +
	"X-Privileged-Call: 1\r\n\r\n"

// preludeApp is an app with the passthrough on; nothing is sent upstream.
func preludeApp(b *testing.B) *app {
	b.Helper()
	env := map[string]string{"DISCORD_TOKEN": "default.tok.en", "DMP_ENABLE_PASSTHROUGH": "true", "DMP_DATA_DIR": b.TempDir()}
	cfg, err := config.Load("serve", nil, func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	a, err := newApp(cfg, zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkPassthroughPrelude is what every raw request runs before
// proxy.Do: the folding check, Host/Origin admission and the scope built
// from its headers.
func BenchmarkPassthroughPrelude(b *testing.B) {
	a := preludeApp(b)
	var rc fasthttp.RequestCtx
	if err := rc.Request.Read(bufio.NewReader(strings.NewReader(preludeRequest))); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := policy.CheckRawHeaders(rc.Request.Header.RawHeaders()); err != nil {
			b.Fatal(err)
		}
		if !a.admit(&rc) {
			b.Fatal("not admitted")
		}
		ctx, err := a.preparePassthrough(&rc)
		if err != nil {
			b.Fatal(err)
		}
		if !policy.FromContext(ctx).PrivilegedCall() {
			b.Fatal("not privileged")
		}
	}
}

// BenchmarkFramerScan is the LF guard on the load tools' request:
// "runs" is scan, "bytes" the byte-at-a-time reference it replaced.
func BenchmarkFramerScan(b *testing.B) {
	in := []byte(preludeRequest)
	b.Run("runs", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			f := framer{firstLine: true}
			if f.scan(in) >= 0 || f.ended != 1 {
				b.Fatal("refused")
			}
		}
	})
	b.Run("bytes", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			if ended, refused := framerByByte(in); refused >= 0 || ended != 1 {
				b.Fatal("refused")
			}
		}
	})
}
