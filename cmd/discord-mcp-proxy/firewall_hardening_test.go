package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// The hardening suite (issue "what a hostile or careless caller can still
// do today"): answers that carry secrets or other targets, grants and pings
// through side doors, ambiguous input. Refusals are real requests through
// the real server and the emulator must see none of them; filtered answers
// are real answers, checked for what must not be in them.

type hardenCase struct {
	name, method, uri, body string
	headers                 [][2]string // on top of X-Privileged-Call: 1
}

var (
	hGuild   = discordtest.GuildID.String()
	hGuild2  = discordtest.SecondGuildID.String()
	hRandom  = discordtest.RandomID.String()
	hPrivate = discordtest.PrivateID.String()
	hOwner   = discordtest.OwnerUserID.String()
	hHuman   = discordtest.HumanUserID.String()
	hBot     = discordtest.BotUserID.String()
	hAnyID   = "1085503155732611999"
)

func hardenStack(t *testing.T) (*stack, string) {
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	return st, strings.TrimPrefix(st.base, "http://")
}

// expectRefused sends each case twice: the first may cost the proxy's own
// channel metadata reads (never answered to the caller), the second, with
// the metadata cached, must reach the emulator not at all.
func expectRefused(t *testing.T, st *stack, addr string, cases []hardenCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			headers := append([][2]string{{"X-Privileged-Call", "1"}}, c.headers...)
			for pass := 1; pass <= 2; pass++ {
				st.emu.ResetStats()
				resp, body := rawRequest(t, addr, c.method, c.uri, headers, c.body)
				if resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("status %d, want a 4xx refusal: %s", resp.StatusCode, body)
				}
				if src := resp.Header.Get("X-Response-Src"); src != "mcp" {
					t.Errorf("X-Response-Src %q: the answer did not come from the proxy", src)
				}
				if strings.Contains(body, st.emu.Token()) {
					t.Errorf("the refusal quotes the bot token")
				}
				stats := st.emu.Stats()
				metadata := stats.Routes["GET /channels/{channel_id}"]
				if pass == 2 && stats.Total != 0 || stats.Total != metadata || metadata > 2 {
					t.Errorf("pass %d: the emulator saw %v", pass, stats.Routes)
				}
			}
		})
	}
}

const api = "/api/v10"

// Class 2: answers that carry secrets or other targets.
func TestHardeningAnswers(t *testing.T) {
	t.Parallel()
	st, addr := hardenStack(t)
	secret := "emu-webhook-secret-"
	type answerCase struct {
		name, uri string
		headers   [][2]string
		absent    []string // must not be in the answer
		present   []string // must be: the filter kept what is allowed
	}
	for _, c := range []answerCase{
		{name: "channel webhooks, caller limited to GET", uri: api + "/channels/" + general + "/webhooks",
			headers: [][2]string{{"X-Allowed-Methods", "GET"}}, absent: []string{secret, `"url"`}, present: []string{`"channel_id":"` + general + `"`}},
		{name: "channel webhooks, channels restricted (webhook routes refused)", uri: api + "/channels/" + general + "/webhooks",
			headers: [][2]string{{"X-Target-Channels", general}}, absent: []string{secret, `"url"`}},
		{name: "channel webhooks, guilds restricted", uri: api + "/channels/" + general + "/webhooks",
			headers: [][2]string{{"X-Target-Guilds", hGuild}}, absent: []string{secret}},
		{name: "channel webhooks, webhook paths not allowed", uri: api + "/channels/" + general + "/webhooks",
			headers: [][2]string{{"X-Allowed-Paths", "/channels/**"}}, absent: []string{secret}},
		{name: "guild webhooks, channels restricted", uri: api + "/guilds/" + hGuild + "/webhooks",
			headers: [][2]string{{"X-Target-Channels", general}}, absent: []string{secret, `"channel_id":"` + hRandom + `"`}, present: []string{`"channel_id":"` + general + `"`}},
		{name: "guild webhooks, caller limited to GET", uri: api + "/guilds/" + hGuild + "/webhooks",
			headers: [][2]string{{"X-Allowed-Methods", "GET"}}, absent: []string{secret}, present: []string{`"channel_id":"` + hRandom + `"`}},
		{name: "guild channel list, channels restricted", uri: api + "/guilds/" + hGuild + "/channels",
			headers: [][2]string{{"X-Target-Channels", general}}, absent: []string{`"id":"` + hRandom + `"`, `"id":"` + hPrivate + `"`, `"id":"` + discordtest.CategoryID.String() + `"`}, present: []string{`"id":"` + general + `"`}},
		{name: "member list, users restricted", uri: api + "/guilds/" + hGuild + "/members?limit=100",
			headers: [][2]string{{"X-Target-Users", hOwner}}, absent: []string{`"id":"` + hHuman + `"`, `"id":"` + hBot + `"`}, present: []string{`"id":"` + hOwner + `"`}},
		{name: "active threads, channels restricted to another parent", uri: api + "/guilds/" + hGuild + "/threads/active",
			headers: [][2]string{{"X-Target-Channels", hRandom}}, absent: []string{discordtest.ThreadID.String()}, present: []string{`"threads":[]`}},
		{name: "active threads, channels restricted to the parent", uri: api + "/guilds/" + hGuild + "/threads/active",
			headers: [][2]string{{"X-Target-Channels", general}}, present: []string{`"id":"` + discordtest.ThreadID.String() + `"`}},
		{name: "bot's guild list, guilds restricted", uri: api + "/users/@me/guilds",
			headers: [][2]string{{"X-Target-Guilds", hGuild}}, absent: []string{`"id":"` + hGuild2 + `"`}, present: []string{`"id":"` + hGuild + `"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			headers := append([][2]string{{"X-Privileged-Call", "1"}}, c.headers...)
			resp, body := rawRequest(t, addr, "GET", c.uri, headers, "")
			if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" {
				t.Fatalf("status %d src %q: %s", resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
			}
			if resp.ContentLength != int64(len(body)) {
				t.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, len(body))
			}
			for _, s := range c.absent {
				if strings.Contains(body, s) {
					t.Errorf("the answer holds %q: %s", s, body)
				}
			}
			for _, s := range c.present {
				if !strings.Contains(body, s) {
					t.Errorf("the answer lost %q: %s", s, body)
				}
			}
		})
	}
	// Control: a caller that may execute webhooks itself (and whose scope
	// forces nothing on messages, see firewall_review_test.go) sees the
	// tokens, so the masking above is the filter's doing, not the emulator's.
	open := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOWED_MENTIONS": openMentions})
	resp, body := rawRequest(t, strings.TrimPrefix(open.base, "http://"), "GET", api+"/channels/"+general+"/webhooks", [][2]string{{"X-Privileged-Call", "1"}}, "")
	if resp.StatusCode != 200 || !strings.Contains(body, discordtest.WebhookToken(discordtest.GeneralID)) {
		t.Fatalf("control: an unrestricted caller did not get the token: %d %s", resp.StatusCode, body)
	}

	// Mass actions and unfilterable reads are refused before Discord.
	users := [][2]string{{"X-Target-Users", hOwner}}
	expectRefused(t, st, addr, []hardenCase{
		{name: "prune while users restricted", method: "POST", uri: api + "/guilds/" + hGuild + "/prune", headers: users, body: `{"days":1}`},
		{name: "prune with include_roles while users restricted", method: "POST", uri: api + "/guilds/" + hGuild + "/prune", headers: users, body: `{"days":1,"include_roles":["` + hGuild + `"]}`},
		{name: "bulk ban naming a user outside targets", method: "POST", uri: api + "/guilds/" + hGuild + "/bulk-ban", headers: users, body: `{"user_ids":["` + hOwner + `","` + hHuman + `"]}`},
		{name: "clear every reaction while users restricted", method: "DELETE", uri: api + "/channels/" + general + "/messages/" + hAnyID + "/reactions", headers: users},
		{name: "clear one emoji's reactions while users restricted", method: "DELETE", uri: api + "/channels/" + general + "/messages/" + hAnyID + "/reactions/%F0%9F%91%8D", headers: users},
		{name: "lobby naming members while users restricted", method: "POST", uri: api + "/lobbies", headers: users, body: `{"members":[{"id":"` + hHuman + `"}]}`},
		{name: "incident actions while users restricted", method: "PUT", uri: api + "/guilds/" + hGuild + "/incident-actions", headers: users, body: `{"dms_disabled_until":null}`},
		{name: "audit log while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/audit-logs", headers: [][2]string{{"X-Target-Channels", general}}},
		{name: "audit log while users restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/audit-logs", headers: users},
		{name: "widget while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/widget.json", headers: [][2]string{{"X-Target-Channels", general}}},
		{name: "join requests while users restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/requests", headers: users},
	})
}

// Class 3: grants and pings through side doors.
func TestHardeningSideDoors(t *testing.T) {
	t.Parallel()
	st, addr := hardenStack(t)
	bits := [][2]string{{"X-Permission-Bits", strconv.Itoa(1<<10 | 1<<11)}}
	admin := hGuild // any role id: its bits are unknown to the proxy
	expectRefused(t, st, addr, []hardenCase{
		{name: "onboarding option grants a role", method: "PUT", uri: api + "/guilds/" + hGuild + "/onboarding", headers: bits,
			body: `{"prompts":[{"id":"1","title":"t","options":[{"title":"o","role_ids":["` + admin + `"],"channel_ids":[]}]}],"enabled":true}`},
		{name: "onboarding role_ids spelled with an escape", method: "PUT", uri: api + "/guilds/" + hGuild + "/onboarding", headers: bits,
			body: `{"prompts":[{"options":[{"title":"o","rol\u0065_ids":["` + admin + `"]}]}]}`},
		{name: "member add with roles", method: "PUT", uri: api + "/guilds/" + hGuild + "/members/" + hOwner, headers: bits,
			body: `{"access_token":"x","roles":["` + admin + `"]}`},
		{name: "member edit with roles", method: "PATCH", uri: api + "/guilds/" + hGuild + "/members/" + hOwner, headers: bits,
			body: `{"nick":"n","roles":["` + admin + `"]}`},
		{name: "invite that grants roles", method: "POST", uri: api + "/channels/" + general + "/invites", headers: bits,
			body: `{"max_age":0,"role_ids":["` + admin + `"]}`},
		{name: "command permissions", method: "PUT", uri: api + "/applications/" + hAnyID + "/guilds/" + hGuild + "/commands/" + hAnyID + "/permissions", headers: bits,
			body: `{"permissions":[{"id":"` + admin + `","type":1,"permission":true}]}`},
		{name: "role connection metadata", method: "PUT", uri: api + "/applications/" + hAnyID + "/role-connections/metadata", headers: bits, body: `[]`},
		{name: "user role connection", method: "PUT", uri: api + "/users/@me/applications/" + hAnyID + "/role-connection", headers: bits, body: `{"platform_name":"x"}`},
		{name: "role grant by path", method: "PUT", uri: api + "/guilds/" + hGuild + "/members/" + hOwner + "/roles/" + admin, headers: bits},
		{name: "role reorder", method: "PATCH", uri: api + "/guilds/" + hGuild + "/roles", headers: bits, body: `[{"id":"` + admin + `","position":1}]`},
		{name: "stage start notification pings everyone", method: "POST", uri: api + "/stage-instances",
			body: `{"channel_id":"` + general + `","topic":"t","send_start_notification":true}`},
		{name: "stage start notification as a string", method: "POST", uri: api + "/stage-instances",
			body: `{"channel_id":"` + general + `","topic":"t","send_start_notification":"true"}`},
		{name: "stage start notification as a number", method: "POST", uri: api + "/stage-instances",
			body: `{"channel_id":"` + general + `","topic":"t","send_start_notification":1}`},
		{name: "stage start notification escaped key", method: "POST", uri: api + "/stage-instances",
			body: `{"channel_id":"` + general + `","topic":"t","send_start_notific\u0061tion":true}`},
		{name: "forum post as multipart", method: "POST", uri: api + "/channels/" + general + "/threads",
			body: "--x\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"name\":\"t\",\"message\":{\"content\":\"@everyone\"}}\r\n--x--"},
	})
	// Controls: the same requests without the rule's trigger reach Discord
	// (the emulator answers 404 for routes it does not serve).
	for _, c := range []hardenCase{
		{name: "onboarding without roles", method: "PUT", uri: api + "/guilds/" + hGuild + "/onboarding", headers: bits, body: `{"enabled":true,"prompts":[{"options":[{"title":"o","role_ids":[]}]}]}`},
		{name: "stage without notification", method: "POST", uri: api + "/stage-instances", body: `{"channel_id":"` + general + `","topic":"t","send_start_notification":false}`},
	} {
		st.emu.ResetStats()
		headers := append([][2]string{{"X-Privileged-Call", "1"}}, c.headers...)
		resp, body := rawRequest(t, addr, c.method, c.uri, headers, c.body)
		if resp.Header.Get("X-Response-Src") != "discord" || st.emu.Stats().Total == 0 {
			t.Errorf("control %s: %d src=%q: %s", c.name, resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
		}
	}
	// An operator who lets @everyone ping lets the stage notification go.
	loud := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOWED_MENTIONS": `{"parse":["everyone"]}`})
	resp, body := rawRequest(t, strings.TrimPrefix(loud.base, "http://"), "POST", api+"/stage-instances", [][2]string{{"X-Privileged-Call", "1"}},
		`{"channel_id":"`+general+`","topic":"t","send_start_notification":true}`)
	if resp.Header.Get("X-Response-Src") != "discord" || loud.emu.Stats().Total == 0 {
		t.Errorf("control: stage notification with @everyone allowed: %d %s", resp.StatusCode, body)
	}
}
