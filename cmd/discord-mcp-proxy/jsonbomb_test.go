package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestNestedJSONCostIsBounded: 1 MiB of "[" used to grow the proxy by
// about 256 MiB per request (gjson.Valid recursing once per level on a
// pooled worker's stack). Every entry point that parses caller JSON now
// refuses it with a clean error, four at a time, for a bounded cost, and
// nothing reaches the emulator.
func TestNestedJSONCostIsBounded(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	bomb := strings.Repeat("[", 1<<20)
	header := strings.Repeat("[", 6<<10) // most of what the 8 KiB header block can carry
	sid, events := openLegacy(t, st.base)
	type entry struct {
		name, path, body, mentions string
		want                       int
	}
	entries := []entry{
		{"MCP /mcp", "/mcp", bomb, "", 400},
		{"MCP /v1", "/v1", bomb, "", 200}, // JSON-RPC's parse error, HTTP 200 on /v1
		{"MCP batch", "/mcp", "[" + `{"jsonrpc":"2.0","id":1,"method":"ping"},` + bomb[:len(bomb)-64], "", 400},
		{"helper call", "/v1/tools/call", bomb, "", 400},
		{"legacy SSE message", "/v1/sse/message?sessionId=" + sid, bomb, "", 202},
		{"passthrough body", "/api/v10/channels/" + general + "/messages", bomb, "", 400},
		{"X-Allowed-Mentions header", "/v1/tools/call", `{"name":"get_channel_info","arguments":{"channel_id":"` + general + `"}}`, header, 400},
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	st.emu.ResetStats()
	for _, e := range entries {
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hostileJSON(t, st.base, e.name, e.path, e.body, e.mentions, e.want)
			}()
		}
		wg.Wait()
	}
	runtime.ReadMemStats(&after)
	grew := (int64(after.Sys) - int64(before.Sys)) >> 20
	t.Logf("28 hostile 1 MiB requests (4 at a time): the process grew by %d MiB (stack in use %d MiB)", grew, after.StackInuse>>20)
	if grew > 96 {
		t.Errorf("the process grew by %d MiB, want under 96 MiB", grew)
	}
	for range 4 {
		if ev := <-events; !strings.Contains(ev, "-32700") || !strings.Contains(ev, "nested deeper") {
			t.Errorf("legacy SSE: want a parse error event, got %.200s", ev)
		}
	}
	if n := st.emu.Stats().Total; n != 0 {
		t.Errorf("the emulator saw %d requests", n)
	}
}

// openLegacy opens a legacy SSE stream and returns its session id and the
// data of its later events.
func openLegacy(t *testing.T, base string) (string, <-chan string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/v1/sse", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	sid := ""
	for sid == "" && sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "sessionId="); ok {
			sid = after
		}
	}
	if sid == "" {
		t.Fatalf("no endpoint event: %v", sc.Err())
	}
	events := make(chan string, 4096)
	go func() {
		defer close(events)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				select {
				case events <- data:
				case <-time.After(10 * time.Second):
					return
				}
			}
		}
	}()
	return sid, events
}

// hostileJSON sends one request and checks it was refused cleanly, saying
// why (the legacy transport answers 202 and puts the error on its stream).
func hostileJSON(t *testing.T, base, name, path, body, mentions string, want int) {
	req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("X-Privileged-Call", "1")
	if mentions != "" {
		req.Header.Set("X-Allowed-Mentions", mentions)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want || resp.Header.Get("X-Response-Src") != "mcp" {
		t.Errorf("%s: %d, want %d: %.200s", name, resp.StatusCode, want, got)
	}
	if want != 202 && !strings.Contains(string(got), "nested deeper than 64") {
		t.Errorf("%s: the error does not say why: %.200s", name, got)
	}
}
