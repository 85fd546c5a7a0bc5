package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestPublicAnswersDoNotVouchForTokens is the reviewer's repro: with
// --invalid-budget 100, 150 made-up tokens each get an answer Discord
// gives without authenticating (GET /gateway, GET /invites/{code}, an
// unpublished path: 2xx or 404), then try /users/@me (401). Those answers
// must not count as Discord accepting the token, so the 401s stay within
// the unknown tokens' share (10) and the operator's token still works.
func TestPublicAnswersDoNotVouchForTokens(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_INVALID_BUDGET": "100"})
	addr := strings.TrimPrefix(st.base, "http://")
	public := []string{"/api/v10/gateway", "/api/v10/invites/abc", "/api/v10/nothing/here"}
	for i := 0; i < 150; i++ {
		h := [][2]string{{"X-Privileged-Call", "1"}, {"Authorization", fmt.Sprintf("Bot bogusB%d.x", i)}}
		path := public[0]
		if i%10 == 9 {
			path = public[i/10%len(public)]
		}
		rawRequest(t, addr, "GET", path, h, "")
		if resp, _ := rawRequest(t, addr, "GET", "/api/v10/users/@me", h, ""); resp.StatusCode == 200 {
			t.Fatalf("bogus token %d read /users/@me", i)
		}
	}
	stats := st.emu.Stats()
	t.Logf("Discord answered %d 401s for 150 bogus tokens", stats.Statuses[401])
	if stats.Statuses[401] > 10 {
		t.Errorf("Discord answered %d 401s: public answers let made-up tokens out of their share (10)", stats.Statuses[401])
	}
	for _, auth := range []string{"", "Bot " + st.emu.Token()} {
		h := [][2]string{{"X-Privileged-Call", "1"}}
		if auth != "" {
			h = append(h, [2]string{"Authorization", auth})
		}
		if resp, body := rawRequest(t, addr, "GET", "/api/v10/users/@me", h, ""); resp.StatusCode != 200 {
			t.Errorf("operator token after the attack: %d %s", resp.StatusCode, body)
		}
	}
}
