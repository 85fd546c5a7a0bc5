package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// SIGHUP re-reads the config file: the ceiling changes under a live MCP
// session, which survives; a bad file changes nothing.
func TestSIGHUPReloadsTheCeiling(t *testing.T) {
	t.Parallel()
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	random := discordtest.RandomID.String()
	file := filepath.Join(t.TempDir(), "dmp.yaml")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("target-channels: \"" + general + "\"\nlog-level: info\n")
	emuAddr, proxyAddr := freeAddr(t), freeAddr(t)
	startProcess(t, emuAddr, nil, bin, "emulator", "--listen", emuAddr)
	proc := startProcess(t, proxyAddr, []string{"DISCORD_TOKEN=" + discordtest.DefaultToken},
		bin, "serve", "--listen", proxyAddr, "--upstream", "http://"+emuAddr+"/api/v10", "--config", file)

	cs := connect(t, "http://"+proxyAddr+"/mcp", "2025-11-25")
	if res := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": random}); !res.IsError {
		t.Fatalf("random is outside the first ceiling: %s", text(res))
	}
	reachable := func() bool {
		res := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": random})
		return !res.IsError
	}
	hangupUntil := func(want bool) {
		t.Helper()
		if err := proc.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for reachable() != want {
			if time.Now().After(deadline) {
				t.Fatalf("after SIGHUP, random reachable should be %v", want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	write("target-channels: [\"" + general + "\", \"" + random + "\"]\nlog-level: debug\n")
	hangupUntil(true)

	// A bad file is refused as a whole: the running ceiling stays.
	write("target-channels: \"" + general + "\"\nlog-level: loud\n")
	if err := proc.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if !reachable() {
		t.Fatal("a config with a bad setting must not change the running ceiling")
	}
	write("target-channels: \"" + general + "\"\n")
	hangupUntil(false)
}
