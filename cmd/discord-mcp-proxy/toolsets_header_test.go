package main

import (
	"strings"
	"testing"
)

// TestToolsetsHeaderRefused: a malformed X-Toolsets is a 400 naming the
// header, on every endpoint, before any tool runs: the emulator receives
// nothing. A well-formed one passes.
func TestToolsetsHeaderRefused(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	addr := strings.TrimPrefix(st.base, "http://")
	call := `{"name":"send_message","arguments":{"channel_id":"` + general + `","content":"hi"}}`
	rpc := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":` + call + `}`
	for _, v := range []string{"Messages", "messages,,pins", "a b", strings.Repeat("x", 65), " "} {
		for _, ep := range []struct{ uri, body string }{{"/v1/tools/call", call}, {"/mcp", rpc}, {"/v1", rpc}} {
			st.emu.ResetStats()
			resp, body := rawRequest(t, addr, "POST", ep.uri, [][2]string{{"Accept", "application/json, text/event-stream"}, {"X-Toolsets", v}}, ep.body)
			if resp.StatusCode != 400 || !strings.Contains(body, "X-Toolsets") || resp.Header.Get("X-Response-Src") != "mcp" {
				t.Errorf("%s X-Toolsets %q: %d %s", ep.uri, v, resp.StatusCode, body)
			}
			if n := st.emu.Stats().Total; n != 0 {
				t.Errorf("%s X-Toolsets %q: the emulator received %d requests", ep.uri, v, n)
			}
		}
	}
	resp, body := rawRequest(t, addr, "GET", "/v1/tools/list", [][2]string{{"X-Toolsets", "messages, pins"}}, "")
	if resp.StatusCode != 200 {
		t.Errorf("well-formed X-Toolsets: %d %s", resp.StatusCode, body)
	}
}
