package main

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestRejectedWebhookTokenAskedOnce: Discord's 401 to a webhook token is
// remembered (by a digest of the token), so trying it again is refused
// here and spends no more of the invalid-request budget; another token
// is asked once too, and the bot token, which the 401 was not about,
// keeps working.
func TestRejectedWebhookTokenAskedOnce(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	hook := "/api/v10/webhooks/" + discordtest.WebhookID(discordtest.GeneralID).String()
	bot := [][2]string{{"X-Privileged-Call", "1"}, {"Authorization", "Bot " + st.emu.Token()}}
	for _, token := range []string{"wrong-token-1", "wrong-token-2"} {
		for i := 0; i < 4; i++ {
			resp, body := rawRequest(t, addr, "POST", hook+"/"+token, bot, `{"content":"hi"}`)
			wantSrc := map[bool]string{true: "discord", false: "mcp"}[i == 0]
			if resp.StatusCode != 401 || gjson.Get(body, "code").Int() != 50027 || resp.Header.Get("X-Response-Src") != wantSrc {
				t.Errorf("%s try %d: %d src=%s %s, want 401 50027 from %s", token, i, resp.StatusCode, resp.Header.Get("X-Response-Src"), body, wantSrc)
			}
			if strings.Contains(body, token) {
				t.Errorf("the answer quotes the webhook token")
			}
		}
	}
	if s := st.emu.Stats(); s.Statuses[401] != 2 || s.Invalid != 2 {
		t.Errorf("Discord answered %d 401s (%d invalid) for 8 tries of 2 bad tokens, want 2", s.Statuses[401], s.Invalid)
	}
	if resp, body := rawRequest(t, addr, "GET", "/api/v10/users/@me", bot, ""); resp.StatusCode != 200 {
		t.Errorf("the bot token after webhook 401s: %d %s", resp.StatusCode, body)
	}
	if logs := st.logs.String(); strings.Contains(logs, "wrong-token-1") {
		t.Error("the log holds a webhook token")
	}
}
