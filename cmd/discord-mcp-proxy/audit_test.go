package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// bearerTransport adds Authorization: Bearer to every request, as an MCP
// host configured with a token does.
type bearerTransport struct{ token string }

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// connectBearer is the official Go SDK client over streamable HTTP with a
// bearer token.
func connectBearer(t *testing.T, url, token string) *sdk.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := sdk.NewClient(&sdk.Implementation{Name: "bearer-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: bearerTransport{token}}}, nil)
	if err != nil {
		t.Fatalf("connect with a bearer token: %v", err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// auditLines reads the audit file as JSON objects.
func auditLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("audit line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// findLine returns the first audit line with every field in want.
func findLine(lines []map[string]any, want map[string]any) map[string]any {
	for _, l := range lines {
		ok := true
		for k, v := range want {
			if l[k] != v {
				ok = false
				break
			}
		}
		if ok {
			return l
		}
	}
	return nil
}

// TestAuditTrailAndRedaction drives tool calls (Go SDK client with a bearer
// token, the helper and the seed endpoint), passthrough requests, firewall
// refusals and refused tokens through the real server with debug logging,
// then checks the audit lines, that `audit verify` accepts the file and
// finds an edited and a deleted line in copies, and that neither the log
// nor the audit file holds any token used or the message text.
func TestAuditTrailAndRedaction(t *testing.T) {
	t.Parallel()
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	st := startBearerStack(t, map[string]string{"DMP_AUDIT_FILE": auditPath, "DMP_LOG_LEVEL": "debug"})
	agent, _ := st.mint(t, policy.Claims{Privileged: true})
	helperTok, _ := st.mint(t, policy.Claims{Bot: "helper", Privileged: true})
	const secretText = "the launch code is 0000"
	const webhookToken = "wEbHoOkSeCrEt-abcdefghijklmnopqrstuvwxyz0123456789"

	cs := connectBearer(t, st.base+"/mcp", agent)
	if res := callTool(t, cs, "send_message", map[string]any{"channel_id": general, "content": secretText}); res.IsError {
		t.Fatalf("send_message: %s", text(res))
	}
	// A tool call the firewall refuses at the choke point: the channel is
	// in the second guild, outside the ceiling.
	if res := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": discordtest.SecondGeneralID.String()}); !res.IsError {
		t.Errorf("get_channel_info outside the ceiling: %s", text(res))
	}
	addr := strings.TrimPrefix(st.base, "http://")
	post := func(path, body string, h ...[2]string) (*http.Response, string) {
		return rawRequest(t, addr, "POST", path, append([][2]string{{"Content-Type", "application/json"}}, h...), body)
	}
	if resp, body := post("/mcp/v1/tools/invoke", `{"method":"get_channel_info","params":{"channel_id":"`+general+`"}}`,
		[2]string{"Authorization", "Bearer " + agent}, [2]string{"X-Debug-Mode", "1"}); resp.StatusCode != 200 || !strings.Contains(body, `"name":"general"`) {
		t.Errorf("tools/invoke: %d %s", resp.StatusCode, body)
	}
	pass := func(method, uri, tok string) *http.Response {
		resp, _ := rawRequest(t, addr, method, uri, [][2]string{{"Authorization", "Bearer " + tok}, {"X-Privileged-Call", "1"}}, "")
		return resp
	}
	if r := pass("GET", "/api/v10/channels/"+general+"/messages?limit=2", agent); r.StatusCode != 200 {
		t.Errorf("passthrough: %d", r.StatusCode)
	}
	if r := pass("GET", "/api/v10/guilds/"+discordtest.SecondGuildID.String(), agent); r.StatusCode != 403 {
		t.Errorf("passthrough outside the ceiling: %d", r.StatusCode)
	}
	if r := pass("GET", "/api/v10/webhooks/1085503155732611072/"+webhookToken, agent); r.StatusCode != 403 {
		t.Errorf("webhook with token while guilds are restricted: %d", r.StatusCode)
	}
	pass("GET", "/api/v10/channels/"+general, helperTok) // Discord's 401 for the helper bot
	pass("GET", "/api/v10/channels/"+general, agent+"x") // a broken signature

	lines := auditLines(t, auditPath)
	for _, want := range []map[string]any{
		{"kind": "tool", "sub": "agent-7", "bot": "default", "tool": "send_message", "channel": general, "guild": discordtest.GuildID.String(), "outcome": "ok", "source": "discord"},
		{"kind": "tool", "sub": "agent-7", "tool": "get_channel_info", "outcome": "ok"},
		{"kind": "passthrough", "sub": "agent-7", "method": "GET", "route": "/channels/{channel_id}/messages", "status": float64(200), "source": "discord"},
		{"kind": "passthrough", "route": "/guilds/{guild_id}", "status": float64(403), "source": "mcp", "rule": "X-Target-Guilds"},
		{"kind": "passthrough", "route": "/webhooks/{webhook_id}/{webhook_token}", "status": float64(403)},
		{"kind": "passthrough", "bot": "helper", "status": float64(401), "source": "discord", "outcome": "discord_error"},
		{"kind": "refusal", "status": float64(401), "rule": "auth: bad signature or an algorithm that is not allowed"},
		{"kind": "refusal", "sub": "agent-7", "tool": "get_channel_info", "route": "/channels/{channel_id}", "rule": "X-Target-Guilds", "status": float64(403), "source": "mcp"},
		{"kind": "tool", "sub": "agent-7", "tool": "get_channel_info", "outcome": "PermissionDeniedError", "source": "mcp"},
	} {
		if findLine(lines, want) == nil {
			t.Errorf("no audit line with %v in:\n%v", want, lines)
		}
	}
	for _, l := range lines {
		if _, ok := l["duration_ms"]; !ok || l["prev"] == nil || l["time"] == nil {
			t.Errorf("audit line lacks duration, time or prev: %v", l)
		}
	}

	// The chain verifies; copies with one line edited or deleted do not,
	// and `audit verify` names the line.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"audit", "verify", "--key-file", filepath.Join(st.dir, "audit.key"), auditPath}, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "OK: ") {
		t.Fatalf("audit verify: %v %s", err, out.String())
	}
	raw, _ := os.ReadFile(auditPath)
	rows := strings.SplitAfter(strings.TrimSpace(string(raw)), "\n")
	edited := append([]string(nil), rows...)
	edited[2] = strings.Replace(edited[2], `"sub":"agent-7"`, `"sub":"someone-else"`, 1)
	deleted := append(append([]string(nil), rows[:3]...), rows[4:]...)
	for name, c := range map[string]struct {
		rows []string
		line string
	}{"edited": {edited, ":3 "}, "deleted": {deleted, ":4 "}} {
		p := filepath.Join(t.TempDir(), name+".log")
		if err := os.WriteFile(p, []byte(strings.Join(c.rows, "")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		err := run(context.Background(), []string{"audit", "verify", "--key-file", filepath.Join(st.dir, "audit.key"), p}, &out, io.Discard)
		if !errors.Is(err, errChainBroken) || !strings.Contains(out.String(), p+c.line) {
			t.Errorf("%s line: err %v, output %q, want a break at line%s", name, err, out.String(), c.line)
		}
	}

	// Redaction: no token (bot, bearer, webhook) and no message text in the
	// log or the audit file.
	logs := st.logs.String()
	if !strings.Contains(logs, "passthrough") {
		t.Fatal("the log is empty: nothing to check")
	}
	sig := func(jwt string) string { return jwt[strings.LastIndexByte(jwt, '.')+1:] }
	for name, secret := range map[string]string{
		"bot token": st.emu.Token(), "helper bot token": helperToken, "bearer token": sig(agent),
		"helper bearer token": sig(helperTok), "webhook token": webhookToken, "message text": secretText,
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains the %s", name)
		}
		if strings.Contains(string(raw), secret) {
			t.Errorf("the audit file contains the %s", name)
		}
	}
}

// TestAuditContent: with --audit-content, the message text is recorded.
func TestAuditContent(t *testing.T) {
	t.Parallel()
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	st := startStack(t, map[string]string{"DMP_AUDIT_FILE": auditPath, "DMP_AUDIT_CONTENT": "true"})
	cs := connect(t, st.base+"/mcp", "")
	callTool(t, cs, "send_message", map[string]any{"channel_id": general, "content": "hello audit"})
	l := findLine(auditLines(t, auditPath), map[string]any{"tool": "send_message"})
	if l == nil || l["content"] != "hello audit" || !strings.HasPrefix(l["sub"].(string), "fp:") || l["bot"] != "default" {
		t.Errorf("tool line %v", l)
	}
}

// TestServeRefusesUnauthenticatedExposure: serve on all interfaces with a
// bot and --auth none does not start.
func TestServeRefusesUnauthenticatedExposure(t *testing.T) {
	t.Setenv("DISCORD_TOKEN", discordtest.DefaultToken)
	t.Setenv("DMP_DATA_DIR", t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve", "--listen", "0.0.0.0:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--allow-unauthenticated") || strings.Contains(err.Error(), discordtest.DefaultToken) {
		t.Errorf("serve on 0.0.0.0 with --auth none: %v", err)
	}
}

// checkLogRedacted fails when a log holds any configured bot token or
// one of extra (the emulator's, which callers send as Bot tokens).
func checkLogRedacted(t *testing.T, logs string, cfg *config.Config, extra ...string) {
	t.Helper()
	toks := append([]string{cfg.DiscordToken}, extra...)
	for _, b := range cfg.Bots {
		toks = append(toks, b.Token)
	}
	for _, tok := range toks {
		if tok != "" && strings.Contains(logs, tok) {
			t.Errorf("the proxy's log contains a bot token")
		}
	}
}
