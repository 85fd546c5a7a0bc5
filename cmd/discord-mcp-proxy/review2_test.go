package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
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

// TestUnknownRoutePathNotRecorded: with --allow-unknown-routes, a path
// Discord does not publish (answered or refused) appears in the metrics,
// the audit file and the debug log only as "(unknown)": label values stay
// bounded and a secret in the path is recorded nowhere.
func TestUnknownRoutePathNotRecorded(t *testing.T) {
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOW_UNKNOWN_ROUTES": "true",
		"DMP_AUDIT_FILE": auditPath, "DMP_LOG_LEVEL": "debug", "DMP_DATA_DIR": t.TempDir()})
	addr := strings.TrimPrefix(st.base, "http://")
	const secret = "s3cr3t-in-the-path"
	priv := [][2]string{{"X-Privileged-Call", "1"}}
	if resp, body := rawRequest(t, addr, "GET", "/api/v10/applications/"+secret+"/unpublished", priv, ""); resp.StatusCode == 0 {
		t.Fatalf("unknown route: %d %s", resp.StatusCode, body)
	}
	// Refused: an unknown route while the targets are restricted.
	narrow := append(priv, [2]string{"X-Target-Guilds", discordtest.GuildID.String()})
	if resp, body := rawRequest(t, addr, "GET", "/api/v10/"+secret+"/other", narrow, ""); resp.StatusCode != 403 {
		t.Errorf("unknown route with targets restricted: %d %s", resp.StatusCode, body)
	}
	_, metrics := rawRequest(t, addr, "GET", "/metrics", nil, "")
	audit, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"metrics": metrics, "audit file": string(audit), "log": st.logs.String()} {
		if strings.Contains(out, secret) {
			t.Errorf("the %s holds the unknown path: %s", name, out)
		}
	}
	if !strings.Contains(metrics, `route="(unknown)"`) || !strings.Contains(string(audit), `"route":"(unknown)"`) {
		t.Errorf("unknown routes not labelled (unknown):\nmetrics: %s\naudit: %s", grepLines(metrics, "unknown"), audit)
	}
}

// grepLines keeps the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
