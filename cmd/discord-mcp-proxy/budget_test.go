package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestBogusTokensCannotLockOutOperator: with --invalid-budget 30, 60
// callers each bring a Discord token of their own making, twice, half
// through the raw passthrough and half through the tool helper, all at
// once. Discord sees at most the unknown tokens' share (3) of them, none
// twice, and the operator's token still works on both roads.
func TestBogusTokensCannotLockOutOperator(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_INVALID_BUDGET": "30"})
	addr := strings.TrimPrefix(st.base, "http://")
	// call reports whether the request succeeded: a 200, and for the tool
	// a result that is not an error.
	call := func(auth string, i int) bool {
		headers := [][2]string{{"X-Privileged-Call", "1"}}
		if auth != "" {
			headers = append(headers, [2]string{"Authorization", auth})
		}
		if i%2 == 0 {
			resp, _ := rawRequest(t, addr, "GET", "/api/v10/channels/"+general+"/messages?limit=1", headers, "")
			return resp.StatusCode == 200
		}
		resp, body := rawRequest(t, addr, "POST", "/v1/tools/call", headers,
			`{"name":"get_messages","arguments":{"channel_id":"`+general+`","limit":1}}`)
		return resp.StatusCode == 200 && !strings.Contains(body, `"isError":true`)
	}
	attack := func() {
		var wg sync.WaitGroup
		for i := 0; i < 60; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if call(fmt.Sprintf("Bot bogus-%02d.token.x", i), i) {
					t.Errorf("bogus token %d succeeded", i)
				}
			}()
		}
		wg.Wait()
	}
	attack()
	first := st.emu.Stats()
	attack()
	second := st.emu.Stats()
	t.Logf("Discord saw %d requests (%d answered 401) for 120 bogus calls", second.Total, second.Statuses[401])
	if first.Total > 3 || first.Statuses[401] != first.Total {
		t.Errorf("first round: Discord saw %d requests, %d of them 401; want at most 3, all 401", first.Total, first.Statuses[401])
	}
	if second.Total != first.Total {
		t.Errorf("second round reached Discord %d more times: a token was tried again", second.Total-first.Total)
	}
	for i, auth := range []string{"", "Bot " + st.emu.Token()} {
		for road := 0; road < 2; road++ {
			if !call(auth, road) {
				t.Errorf("operator token (%d) on road %d failed after the attack", i, road)
			}
		}
	}
}

// TestInvisibleChannelReadOnce: with no target restriction, repeated
// reads of a channel the bot cannot see, through the passthrough and the
// tools, reach Discord once and spend one invalid request.
func TestInvisibleChannelReadOnce(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	private := discordtest.PrivateID.String()
	priv := [][2]string{{"X-Privileged-Call", "1"}}
	for i := 0; i < 10; i++ {
		resp, body := rawRequest(t, addr, "GET", "/api/v10/channels/"+private+"/messages?limit=1", priv, "")
		if resp.StatusCode != 403 || !strings.Contains(body, "50001") {
			t.Fatalf("passthrough read %d: %d %s", i, resp.StatusCode, body)
		}
		if src := resp.Header.Get("X-Response-Src"); (i == 0) != (src == "discord") {
			t.Errorf("read %d: X-Response-Src %q", i, src)
		}
		for _, tool := range []string{"get_messages", "get_channel_info"} {
			_, body = rawRequest(t, addr, "POST", "/v1/tools/call", nil, `{"name":"`+tool+`","arguments":{"channel_id":"`+private+`"}}`)
			if !strings.Contains(body, "50001") {
				t.Fatalf("%s %d: %s", tool, i, body)
			}
		}
	}
	s := st.emu.Stats()
	if s.Total != 1 || s.Invalid != 1 {
		t.Errorf("30 reads of an invisible channel: Discord saw %d requests (%v), %d invalid; want 1", s.Total, s.Routes, s.Invalid)
	}
}
