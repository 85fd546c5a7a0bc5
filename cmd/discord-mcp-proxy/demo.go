package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// runDemo starts the emulator and the proxy in one process, so a new user
// can try every tool without a Discord bot.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("demo", args, stderr)
	if err != nil {
		return helpIsOK(err)
	}
	emu, err := newEmulator("", discordtest.Options{})
	if err != nil {
		return err
	}
	defer emu.Close()
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: start emulator: %w", err)
	}
	cfg.Upstream = upstream
	cfg.DiscordToken = emu.Token()
	// get_attachment may fetch from the emulator's CDN route too.
	if u, err := url.Parse(upstream); err == nil {
		cfg.AttachmentHosts = append(cfg.AttachmentHosts, u.Host)
	}

	log, _ := newLogger(cfg.LogLevel, stderr)
	a, err := newApp(cfg, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		// The default port is taken: any free one will do for a demo.
		host, _, _ := net.SplitHostPort(cfg.Listen)
		if ln, err = listen(net.JoinHostPort(host, "0")); err != nil {
			return err
		}
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, `discord-mcp-proxy demo: the proxy in front of a Discord emulator.

  MCP endpoint (streamable HTTP): %[1]s/mcp
  Discord emulator:               %[2]s
  Bot token:                      %[3]s
                                  (already configured; clients may also send "Authorization: Bot <token>")

List the tools:
  curl -s -X POST %[1]s/v1/tools/list

Call one (the demo guild's #general channel):
  curl -s -X POST %[1]s/v1/tools/call -H 'Content-Type: application/json' \
    -d '{"name":"get_messages","arguments":{"channel_id":"%[4]s","limit":5}}'

Press Ctrl-C to stop.
`, base, upstream, emu.Token(), discordtest.GeneralID.String())
	return a.serve(ctx, ln)
}
