package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// stack is the real proxy (every handler, over loopback TCP) in front of
// a real emulator.
type stack struct {
	emu  *discordtest.Emulator
	base string // http://127.0.0.1:PORT
	logs *syncBuffer
	api  string // the emulator's API base, for fixtures set up beside the proxy
}

// syncBuffer collects the proxy's log lines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startStack(t *testing.T, env map[string]string) *stack {
	t.Helper()
	return startStackWith(t, discordtest.Options{}, env)
}

func startStackWith(t *testing.T, opts discordtest.Options, env map[string]string) *stack {
	t.Helper()
	emu, err := discordtest.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]string{"DMP_UPSTREAM": upstream, "DMP_LISTEN": "127.0.0.1:0", "DISCORD_TOKEN": emu.Token(), "DMP_LOG_LEVEL": "info",
		"DMP_DATA_DIR": t.TempDir()} // key files (request state, audit) stay in the test
	emuHost := strings.TrimPrefix(strings.TrimSuffix(upstream, "/api/v10"), "http://")
	for k, v := range env {
		// $EMULATOR names the emulator's host:port (its CDN route's host).
		vals[k] = strings.ReplaceAll(v, "$EMULATOR", emuHost)
	}
	cfg, err := config.Load("serve", nil, func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	// Registered before the server's cleanup, so it runs after the server
	// stopped: no test's log may hold a bot token (redaction, issue 12).
	t.Cleanup(func() { checkLogRedacted(t, logs.String(), cfg, emu.Token()) })
	a, err := newApp(cfg, zerolog.New(logs))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = a.serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	return &stack{emu: emu, base: "http://" + ln.Addr().String(), logs: logs, api: upstream}
}

func connect(t *testing.T, url, version string) *sdk.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := sdk.NewClient(&sdk.Implementation{Name: "integration-test", Version: "1"}, nil)
	var opts *sdk.ClientSessionOptions
	if version != "" {
		opts = &sdk.ClientSessionOptions{ProtocolVersion: version}
	}
	cs, err := client.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: url}, opts)
	if err != nil {
		t.Fatalf("connect (%q): %v", version, err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func callTool(t *testing.T, cs *sdk.ClientSession, name string, args map[string]any) *sdk.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

func text(res *sdk.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*sdk.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func structured(t *testing.T, res *sdk.CallToolResult) map[string]any {
	t.Helper()
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("structuredContent %s: %v", raw, err)
	}
	return m
}

var general = discordtest.GeneralID.String()

// TestGoSDKAllTools drives all five tools with the official MCP Go SDK,
// with the protocol pinned and with the SDK's own negotiation.
func TestGoSDKAllTools(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	for _, version := range []string{"2025-11-25", ""} {
		t.Run("version="+version, func(t *testing.T) {
			cs := connect(t, st.base+"/mcp", version)
			ctx := context.Background()
			list, err := cs.ListTools(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]*sdk.Tool{}
			for _, tool := range list.Tools {
				names[tool.Name] = tool
			}
			for _, want := range []string{"send_message", "get_messages", "get_channel_info", "search_messages", "delete_message"} {
				tool := names[want]
				if tool == nil {
					t.Fatalf("tools/list lacks %s", want)
				}
				if tool.InputSchema == nil || tool.OutputSchema == nil || tool.Annotations == nil {
					t.Errorf("%s: missing input schema, output schema or annotations", want)
				}
			}

			info := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": general})
			if info.IsError {
				t.Fatalf("get_channel_info: %s", text(info))
			}
			if m := structured(t, info); m["name"] != "general" || m["guild_id"] != discordtest.GuildID.String() {
				t.Errorf("get_channel_info = %v", m)
			}

			sent := callTool(t, cs, "send_message", map[string]any{"channel_id": general, "content": "hello from the Go SDK " + version})
			if sent.IsError {
				t.Fatalf("send_message: %s", text(sent))
			}
			msgID, _ := structured(t, sent)["id"].(string)
			if len(msgID) < 17 {
				t.Fatalf("send_message gave id %q", msgID)
			}

			got := callTool(t, cs, "get_messages", map[string]any{"channel_id": general, "limit": 5})
			if got.IsError {
				t.Fatalf("get_messages: %s", text(got))
			}
			msgs, _ := structured(t, got)["messages"].([]any)
			if len(msgs) != 5 || msgs[0].(map[string]any)["id"] != msgID {
				t.Fatalf("get_messages: want 5 messages, newest %s first; got %v", msgID, msgs)
			}

			found := callTool(t, cs, "search_messages", map[string]any{"channel_id": general, "query": "HELLO FROM THE GO SDK " + strings.ToUpper(version)})
			if found.IsError {
				t.Fatalf("search_messages: %s", text(found))
			}
			hits, _ := structured(t, found)["messages"].([]any)
			if len(hits) == 0 || hits[0].(map[string]any)["id"] != msgID {
				t.Fatalf("search_messages did not find %s: %v", msgID, structured(t, found))
			}

			del := callTool(t, cs, "delete_message", map[string]any{"channel_id": general, "message_id": msgID, "reason": "cleanup ✓", "confirm": true})
			if del.IsError {
				t.Fatalf("delete_message: %s", text(del))
			}
			if r := st.emu.Stats().LastAuditReason; r != "cleanup ✓" {
				t.Errorf("audit reason reached Discord as %q", r)
			}
			again := callTool(t, cs, "delete_message", map[string]any{"channel_id": general, "message_id": msgID, "confirm": true})
			if !again.IsError || !strings.HasPrefix(text(again), "Error: MessageNotFoundError - ") || !strings.Contains(text(again), "\n\nResolution: ") {
				t.Errorf("deleting twice: %s", text(again))
			}
		})
	}
}

// TestBadInputNeverReachesDiscord: invalid arguments are refused by the
// proxy, and the emulator's counters prove nothing was sent.
func TestBadInputNeverReachesDiscord(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	before := st.emu.Stats().Total
	cases := []struct {
		tool string
		args map[string]any
		want string
	}{
		{"send_message", map[string]any{"channel_id": general, "content": strings.Repeat("x", 2001)}, "at most 2000"},
		{"send_message", map[string]any{"channel_id": general, "content": "   "}, "empty message"},
		{"send_message", map[string]any{"channel_id": general}, "empty message"},
		{"send_message", map[string]any{"channel_id": "123", "content": "hi"}, "17-20 digits"},
		{"send_message", map[string]any{"channel_id": general, "content": "hi", "embeds": make([]any, 11)}, "at most 10"},
		{"send_message", map[string]any{"channel_id": general, "content": "hi", "embeds": []any{map[string]any{"title": strings.Repeat("t", 257)}}}, "at most 256"},
		{"send_message", map[string]any{"channel_id": general, "content": "hi", "extra": 1}, "unknown argument"},
		{"get_messages", map[string]any{"channel_id": general, "limit": 0}, "between 1 and 100"},
		{"get_messages", map[string]any{"channel_id": general, "limit": 101}, "between 1 and 100"},
		{"get_messages", map[string]any{"channel_id": general, "before": general, "after": general}, "at most one"},
		{"get_messages", map[string]any{"channel_id": "../../users/@me"}, "17-20 digits"},
		{"get_channel_info", map[string]any{}, "channel_id is required"},
		{"search_messages", map[string]any{"channel_id": general, "query": ""}, "at least 1"},
		{"search_messages", map[string]any{"channel_id": general, "query": "x", "max_pages": 51}, "between 1 and 50"},
		{"delete_message", map[string]any{"channel_id": general, "message_id": "abc"}, "17-20 digits"},
		{"delete_message", map[string]any{"channel_id": general, "message_id": general, "reason": strings.Repeat("r", 513)}, "at most 512"},
	}
	for _, c := range cases {
		res := callTool(t, cs, c.tool, c.args)
		if !res.IsError || !strings.HasPrefix(text(res), "Error: InvalidInputError - ") || !strings.Contains(text(res), c.want) {
			t.Errorf("%s %v: want InvalidInputError mentioning %q, got %s", c.tool, c.args, c.want, text(res))
		}
	}
	if after := st.emu.Stats().Total; after != before {
		t.Fatalf("refused calls reached the emulator: %d requests", after-before)
	}
}

// TestDiscordgoReadsTheEmulator is in proxy/discordtest; here the helper
// endpoints, health and the response source header are checked over HTTP.
func TestHelperEndpointsAndHealth(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	get := func(method, path, body string, hdr map[string]string) (*http.Response, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, st.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		return resp, m
	}

	resp, m := get("GET", "/healthz", "", nil)
	if resp.StatusCode != 200 || m["status"] != "healthy" || m["discord"] != "connected" || resp.Header.Get("X-Response-Src") != "mcp" {
		t.Errorf("/healthz: %d %v src=%q", resp.StatusCode, m, resp.Header.Get("X-Response-Src"))
	}
	resp, m = get("GET", "/health", "", map[string]string{})
	if resp.StatusCode != 200 || m["discord"] != "connected" {
		t.Errorf("/health: %d %v", resp.StatusCode, m)
	}

	for _, method := range []string{"GET", "POST"} {
		resp, m = get(method, "/v1/tools/list", "", nil)
		tools, _ := m["tools"].([]any)
		if resp.StatusCode != 200 || len(tools) < 5 || resp.Header.Get("X-Response-Src") != "mcp" {
			t.Errorf("%s /v1/tools/list: %d, %d tools, src=%q", method, resp.StatusCode, len(tools), resp.Header.Get("X-Response-Src"))
		}
	}

	resp, m = get("POST", "/v1/tools/call", `{"name":"get_channel_info","arguments":{"channel_id":"`+general+`"}}`, nil)
	if sc, _ := m["structuredContent"].(map[string]any); resp.StatusCode != 200 || sc["name"] != "general" {
		t.Errorf("/v1/tools/call: %d %v", resp.StatusCode, m)
	}

	// Discord's own refusal is forwarded with its status and body.
	missing := "1085503155732611999"
	resp, m = get("POST", "/v1/tools/call", `{"name":"get_channel_info","arguments":{"channel_id":"`+missing+`"}}`, nil)
	if resp.StatusCode != 404 || m["code"] != float64(10003) || resp.Header.Get("X-Response-Src") != "discord" {
		t.Errorf("unknown channel via /v1/tools/call: %d %v src=%q", resp.StatusCode, m, resp.Header.Get("X-Response-Src"))
	}

	resp, m = get("POST", "/v1/tools/call", `{"name":"no_such_tool","arguments":{}}`, nil)
	if resp.StatusCode != 404 || m["error"] == nil {
		t.Errorf("unknown tool: %d %v", resp.StatusCode, m)
	}
	resp, _ = get("POST", "/v1/tools/call", `{"name":`, nil)
	if resp.StatusCode != 400 {
		t.Errorf("malformed body: %d", resp.StatusCode)
	}
}

// TestTokenSources: a request's own Bot token wins; a wrong one is
// Discord's 401, reported without echoing the token.
func TestTokenSources(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DISCORD_TOKEN": ""})
	call := func(auth string) (int, string) {
		req, _ := http.NewRequest("POST", st.base+"/v1/tools/call", strings.NewReader(`{"name":"get_channel_info","arguments":{"channel_id":"`+general+`"}}`))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	if code, body := call(""); !strings.Contains(body, "DiscordNotConnectedError") {
		t.Errorf("no token anywhere: %d %s", code, body)
	}
	if code, body := call("Bot " + st.emu.Token()); code != 200 || strings.Contains(body, "isError\":true") {
		t.Errorf("request token: %d %s", code, body)
	}
	secret := "definitely-not-the-token.abc.def"
	code, body := call("Bot " + secret)
	if strings.Contains(body, secret) {
		t.Errorf("a wrong token was echoed back: %s", body)
	}
	if code != 401 {
		t.Errorf("wrong token: want Discord's 401 forwarded, got %d %s", code, body)
	}
}

// TestThousandReadsOneMetadataFetch: 1,000 get_messages calls on one
// channel, under a guild restriction that needs the channel's guild, cost
// exactly one channel-metadata fetch upstream.
func TestThousandReadsOneMetadataFetch(t *testing.T) {
	t.Parallel()
	// Limits off on both sides: this counts requests, it does not pace them.
	st := startStackWith(t, discordtest.Options{Limits: &discordtest.Limits{}}, map[string]string{"DMP_GLOBAL_PER_SECOND": "100000"})
	client := &http.Client{}
	body := `{"name":"get_messages","arguments":{"channel_id":"` + general + `","limit":1}}`
	for i := 0; i < 1000; i++ {
		req, _ := http.NewRequest("POST", st.base+"/v1/tools/call", strings.NewReader(body))
		req.Header.Set("X-Target-Guilds", discordtest.GuildID.String())
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.Contains(string(raw), `"isError":true`) {
			t.Fatalf("call %d: %d %s", i, resp.StatusCode, raw)
		}
	}
	stats := st.emu.Stats()
	if got := stats.Routes["GET /channels/{channel_id}"]; got != 1 {
		t.Errorf("channel metadata fetched %d times for 1,000 reads, want 1", got)
	}
	if got := stats.Routes["GET /channels/{channel_id}/messages"]; got != 1000 {
		t.Errorf("%d message reads reached Discord, want 1000", got)
	}
}

// TestOneLogLinePerToolCall: each call writes one JSON line naming the
// tool, guild, channel, duration, outcome and source; no token, no text.
func TestOneLogLinePerToolCall(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	callTool(t, cs, "get_channel_info", map[string]any{"channel_id": general})
	callTool(t, cs, "send_message", map[string]any{"channel_id": general, "content": "secret words"})
	callTool(t, cs, "get_messages", map[string]any{"channel_id": "1"})
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(st.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["message"] == "tool call" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 3 {
		t.Fatalf("want 3 tool-call lines, got %d:\n%s", len(lines), st.logs.String())
	}
	want := []struct{ tool, outcome, source string }{
		{"get_channel_info", "ok", "discord"},
		{"send_message", "ok", "discord"},
		{"get_messages", "InvalidInputError", "mcp"},
	}
	for i, w := range want {
		l := lines[i]
		if l["tool"] != w.tool || l["outcome"] != w.outcome || l["source"] != w.source || l["duration"] == nil {
			t.Errorf("line %d: %v, want %+v", i, l, w)
		}
	}
	if lines[0]["channel"] != general || lines[0]["guild"] != discordtest.GuildID.String() {
		t.Errorf("line 0 names channel %v guild %v", lines[0]["channel"], lines[0]["guild"])
	}
	if all := st.logs.String(); strings.Contains(all, st.emu.Token()) || strings.Contains(all, "secret words") {
		t.Errorf("logs carry the token or message text:\n%s", all)
	}
}

// TestOversizedRequestIsTagged: a body the server refuses before any
// handler still comes back with X-Response-Src: mcp.
func TestOversizedRequestIsTagged(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	// Announce a body over the limit and send none: the server answers
	// from the header alone, with no race against a half-written body.
	conn, err := net.Dial("tcp", strings.TrimPrefix(st.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("X-Response-Src") != "mcp" {
		t.Errorf("oversized body: %d src=%q", resp.StatusCode, resp.Header.Get("X-Response-Src"))
	}
}
