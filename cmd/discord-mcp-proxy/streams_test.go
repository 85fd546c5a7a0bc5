package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestSessionCapKeepsLiveSessions: at --max-sessions, unauthenticated
// initializes are refused with 503 and Retry-After; the live SDK session
// keeps working.
func TestSessionCapKeepsLiveSessions(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_MAX_SESSIONS": "2", "DMP_MAX_SESSIONS_PER_CALLER": "2"})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	defer cs.Close()
	sid, _ := openLegacy(t, st.base) // the second slot: a legacy SSE client
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"flood","version":"1"}}}`
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body, err := tryPost(st.base+"/mcp", init, nil)
			if err != nil {
				t.Error(err)
				return
			}
			if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || resp.Header.Get("Mcp-Session-Id") != "" {
				t.Errorf("initialize at the cap: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
		}()
	}
	wg.Wait()
	res := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": general})
	if res.IsError || structured(t, res)["name"] != "general" {
		t.Errorf("the live session after 50 refused initializes: %s", text(res))
	}
	if resp, body := post(t, st.base+"/v1/sse/message?sessionId="+sid, `{"jsonrpc":"2.0","id":9,"method":"ping"}`, nil); resp.StatusCode != 202 {
		t.Errorf("the live legacy session: %d %s", resp.StatusCode, body)
	}
}

func post(t *testing.T, url, body string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	resp, b, err := tryPost(url, body, hdr)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// tryPost is post for spawned goroutines, which must not stop the test.
func tryPost(url, body string, hdr map[string]string) (*http.Response, string, error) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b), nil
}

// TestShutdownAnswersEveryStreamedCall: the serve context ends (what
// SIGTERM does) while tool calls are in flight on a legacy SSE stream and
// on streamable-HTTP POST streams. Discord (the emulator) answers each
// call after 4 s, longer than the shutdown lets calls run, so they are
// cancelled: every one still gets its result or a JSON-RPC error on its
// stream before the stream closes, and serve returns.
func TestShutdownAnswersEveryStreamedCall(t *testing.T) {
	t.Parallel()
	base, stop := startServing(t, discordtest.Options{Latency: 4 * time.Second})
	legacy, events := openLegacy(t, base)
	resp, body := post(t, base+"/mcp", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}`, nil)
	sid := resp.Header.Get("Mcp-Session-Id")
	if sid == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	call := func(id int) string {
		return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_channel_info","arguments":{"channel_id":"%s"}}}`, id, general)
	}
	const n = 5
	for i := range n {
		if resp, body := post(t, base+"/v1/sse/message?sessionId="+legacy, call(i), nil); resp.StatusCode != 202 {
			t.Fatalf("legacy call: %d %s", resp.StatusCode, body)
		}
	}
	var wg sync.WaitGroup
	streamed := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, body, err := tryPost(base+"/mcp", call(100+i), map[string]string{"Mcp-Session-Id": sid, "Mcp-Protocol-Version": "2025-11-25", "Accept": "text/event-stream"})
			if err != nil {
				body = "POST failed: " + err.Error()
			}
			streamed <- body
		}()
	}
	time.Sleep(500 * time.Millisecond) // every call is waiting on the emulator
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	wg.Wait()
	close(streamed)
	for body := range streamed {
		if a := lastData(body); !gjson.Get(a, "result").Exists() && !gjson.Get(a, "error").Exists() {
			t.Errorf("POST stream ended without an answer: %q", body)
		}
	}
	answered := map[int64]bool{}
	for data := range events { // closed when the stream ends
		if id := gjson.Get(data, "id"); id.Exists() && (gjson.Get(data, "result").Exists() || gjson.Get(data, "error").Exists()) {
			answered[id.Int()] = true
		}
	}
	if len(answered) != n {
		t.Errorf("the legacy stream closed with %d of %d calls answered", len(answered), n)
	}
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not return")
	}
}

// lastData is the data of the last event in an SSE body.
func lastData(sse string) string {
	out := ""
	for _, l := range strings.Split(sse, "\n") {
		if d, ok := strings.CutPrefix(strings.TrimRight(l, "\r"), "data: "); ok {
			out = d
		}
	}
	return out
}

// startServing runs the real app over loopback like startStack, but hands
// the test the serve context's cancel: stop ends serve as SIGTERM does and
// returns serve's error.
func startServing(t *testing.T, opts discordtest.Options) (base string, stop func() error) {
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
	vals := map[string]string{"DMP_UPSTREAM": upstream, "DMP_LISTEN": "127.0.0.1:0", "DISCORD_TOKEN": emu.Token(), "DMP_DATA_DIR": t.TempDir()}
	cfg, err := config.Load("serve", nil, func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, ln) }()
	var once sync.Once
	var serr error
	stop = func() error {
		once.Do(func() { cancel(); serr = <-done })
		return serr
	}
	t.Cleanup(func() { _ = stop() })
	return "http://" + ln.Addr().String(), stop
}
