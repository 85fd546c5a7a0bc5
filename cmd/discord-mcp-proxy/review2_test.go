package main

import (
	"strings"
	"testing"
)

// The second security review's findings, each a real request through the
// real server against the emulator.

// TestRejectedTokenIsUnauthorized: once Discord answered 401 to a bot
// token, the proxy's own answer for that token is a 401 with Discord's
// code 40001 (a library stops), not a 429 with retry_after 0 (a library
// retries forever), and Discord is not asked again.
func TestRejectedTokenIsUnauthorized(t *testing.T) {
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	h := [][2]string{{"X-Privileged-Call", "1"}, {"Authorization", "Bot revoked-bot.token.x"}}
	resp, body := rawRequest(t, addr, "GET", "/api/v10/users/@me", h, "")
	if resp.StatusCode != 401 || resp.Header.Get("X-Response-Src") != "discord" {
		t.Fatalf("first call: %d %s %s, want Discord's 401", resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
	}
	before := st.emu.Stats().Total
	resp, body = rawRequest(t, addr, "GET", "/api/v10/channels/"+general+"/messages?limit=1", h, "")
	if resp.StatusCode != 401 || resp.Header.Get("X-Response-Src") != "mcp" ||
		!strings.Contains(body, `"code":40001`) || strings.Contains(body, "retry_after") || resp.Header.Get("Retry-After") != "" {
		t.Errorf("second call: %d %s %s, want the proxy's 401 with code 40001 and no retry_after", resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
	}
	if got := st.emu.Stats().Total; got != before {
		t.Errorf("Discord saw %d more requests for a token it had rejected", got-before)
	}
}
