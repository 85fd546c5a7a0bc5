package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestRequestStateKeySharedByReplicas: two proxies naming the same
// request-state key file (the default one in a shared data dir) accept
// each other's requestState: a stateless (2026-07-28) confirmation asked
// by one is answered on the other, and the delete is sent. A replica with
// its own key refuses the state and sends nothing.
func TestRequestStateKeySharedByReplicas(t *testing.T) {
	t.Parallel()
	shared := t.TempDir()
	a := startStack(t, map[string]string{"DMP_DATA_DIR": shared})
	b := startStack(t, map[string]string{"DMP_DATA_DIR": shared})
	c := startStack(t, nil) // its own data dir, its own key
	if fi, err := os.Stat(filepath.Join(shared, "request-state.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("request-state key: %v %v", fi, err)
	}
	gen := discordtest.GeneralID.String()
	msg := discordtest.DefaultSeed().Messages[gen][4].ID.String()
	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},` +
		`"io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}}}`
	call := func(st *stack, extra string) gjson.Result {
		t.Helper()
		h := [][2]string{{"Accept", "application/json, text/event-stream"}, {"Mcp-Protocol-Version", "2026-07-28"},
			{"Mcp-Method", "tools/call"}, {"Mcp-Name", "delete_message"}}
		body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_message","arguments":{"channel_id":"` + gen +
			`","message_id":"` + msg + `"},` + extra + meta + `}}`
		resp, out := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "POST", "/mcp", h, body)
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, out)
		}
		return gjson.Get(out, "result")
	}
	first := call(a, "")
	state := first.Get("requestState").String()
	if first.Get("resultType").String() != "input_required" || state == "" {
		t.Fatalf("first round: %s", first.Raw)
	}
	var key string
	first.Get("inputRequests").ForEach(func(k, _ gjson.Result) bool { key = k.String(); return false })
	answer := `"inputResponses":{"` + key + `":{"action":"accept","content":{}}},"requestState":"` + state + `",`
	if res := call(c, answer); res.Get("resultType").String() != "input_required" || c.emu.Stats().Total != 0 {
		t.Errorf("a replica with another key took the state: %s (Discord saw %d)", res.Raw, c.emu.Stats().Total)
	}
	res := call(b, answer)
	if res.Get("resultType").String() != "complete" || res.Get("isError").Bool() {
		t.Fatalf("the replica sharing the key: %s", res.Raw)
	}
	if n := b.emu.Stats().Routes["DELETE /channels/{channel_id}/messages/{message_id}"]; n != 1 {
		t.Errorf("the delete reached Discord %d times, want 1 (%v)", n, b.emu.Stats().Routes)
	}
}
