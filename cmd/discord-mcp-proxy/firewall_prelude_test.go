package main

import (
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestScopeIsPerRequestOnOneConnection: requests pipelined on one
// keep-alive connection share fasthttp's header buffers and the proxy's
// token cache, yet each is judged by its own headers: the same token
// narrowed, then not, then narrowed again, and another token in between
// (which Discord must see as sent, not as the cached one). The narrowed
// requests for the other channel never reach the emulator.
func TestScopeIsPerRequestOnOneConnection(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	random := discordtest.RandomID.String()
	good := "Bot " + st.emu.Token()
	steps := []struct {
		channel, auth, narrow string
		status                int
		src                   string
	}{
		{general, good, general, 200, "discord"},
		{random, good, general, 403, "mcp"},
		{random, good, "", 200, "discord"},
		{random, "Bot bogus.tok.en", "", 401, "discord"},
		{random, good, general, 403, "mcp"},
		{general, good, "", 200, "discord"},
	}
	var raw strings.Builder
	for i, s := range steps {
		raw.WriteString("GET /api/v10/channels/" + s.channel + "/messages HTTP/1.1\r\nHost: " + addr +
			"\r\nAuthorization: " + s.auth + "\r\nX-Privileged-Call: 1\r\n")
		if s.narrow != "" {
			raw.WriteString("X-Target-Channels: " + s.narrow + "\r\n")
		}
		if i == len(steps)-1 {
			raw.WriteString("Connection: close\r\n")
		}
		raw.WriteString("\r\n")
	}
	st.emu.ResetStats()
	got := readAll(t, addr, raw.String())
	if len(got) != len(steps) {
		t.Fatalf("%d answers to %d requests", len(got), len(steps))
	}
	for i, s := range steps {
		if got[i].StatusCode != s.status || got[i].Header.Get("X-Response-Src") != s.src {
			t.Errorf("request %d (%s, narrowed to %q): status %d from %q, want %d from %q", i+1, s.channel, s.narrow,
				got[i].StatusCode, got[i].Header.Get("X-Response-Src"), s.status, s.src)
		}
	}
	// Four requests passed policy (two allowed ones, the unnarrowed one
	// for random, the bogus token's); the two narrowed ones for random
	// did not reach the emulator.
	if n := st.emu.Stats().Routes["GET /channels/{channel_id}/messages"]; n != 4 {
		t.Errorf("the emulator saw %d message reads, want 4", n)
	}
}
