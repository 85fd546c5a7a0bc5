package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// The second security review's findings, each a real request through the
// real server against the emulator.

// TestRejectedTokenIsUnauthorized: once Discord answered 401 to a bot
// token, the proxy's own answer for that token is a 401 with Discord's
// code 40001 (a library stops), not a 429 with retry_after 0 (a library
// retries forever), and Discord is not asked again.
func TestRejectedTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// TestAuditCrashLineAndKey: serve starts on an audit file whose last line
// a crash cut short, says so in the log, and continues the chain after a
// recovery marker; `audit verify` with the key (created 0600 in the data
// dir on first use) accepts the file and reports the partial line, and
// refuses it with another key.
func TestAuditCrashLineAndKey(t *testing.T) {
	t.Parallel()
	dataDir, auditDir := t.TempDir(), t.TempDir()
	keyFile := filepath.Join(dataDir, "audit.key")
	auditPath := filepath.Join(auditDir, "audit.log")
	key, err := audit.LoadOrCreateKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	w, err := audit.Open(auditPath, 1, false, key)
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Record(audit.Entry{Kind: "tool", Tool: "send_message", Status: 200, Outcome: "ok"})
	w.Close()
	f, _ := os.OpenFile(auditPath, os.O_APPEND|os.O_WRONLY, 0o600)
	_, _ = f.WriteString(`{"seq":2,"time":"2026-12-01T0`) // the crash
	f.Close()

	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_AUDIT_FILE": auditPath, "DMP_DATA_DIR": dataDir})
	if !strings.Contains(st.logs.String(), "partial last line") {
		t.Errorf("the log does not report the partial line: %s", st.logs.String())
	}
	addr := strings.TrimPrefix(st.base, "http://")
	if resp, body := rawRequest(t, addr, "GET", "/api/v10/channels/"+general, [][2]string{{"X-Privileged-Call", "1"}}, ""); resp.StatusCode != 200 {
		t.Fatalf("passthrough: %d %s", resp.StatusCode, body)
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v", fi, err)
	}
	var out strings.Builder
	if err := run(context.Background(), []string{"audit", "verify", "--key-file", keyFile, auditPath}, &out, io.Discard); err != nil ||
		!strings.Contains(out.String(), "OK: 3 lines") || !strings.Contains(out.String(), "RECOVERED: "+auditPath+":2") {
		t.Errorf("audit verify: %v %s", err, out.String())
	}
	other := filepath.Join(t.TempDir(), "other.key")
	if _, err := audit.LoadOrCreateKey(other); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"audit", "verify", "--key-file", other, auditPath}, &out, io.Discard); !errors.Is(err, errChainBroken) {
		t.Errorf("verify with another key: %v %s", err, out.String())
	}
}
