package main

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// Firewall cases for the routes the channels, threads, forums, DM and
// guild search tools use: real requests through the real server, which
// the emulator must never see (expectRefused), beside controls that show
// the same harness lets the allowed form through.
func TestFirewallConversations(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Seed: discordtest.WithForum(discordtest.DefaultSeed())},
		map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	forum := discordtest.ForumID.String()
	gen := [][2]string{{"X-Target-Channels", general}}

	// A forum post (a thread whose parent is outside #general) to aim at.
	resp, body := rawRequest(t, addr, "POST", api+"/channels/"+forum+"/threads", [][2]string{{"X-Privileged-Call", "1"}},
		`{"name":"elsewhere","message":{"content":"a post outside the scope"}}`)
	post := gjson.Get(body, "id").Str
	if resp.StatusCode != 201 || post == "" {
		t.Fatalf("control: forum post without restrictions: %d %s", resp.StatusCode, body)
	}
	search := api + "/guilds/" + hGuild + "/messages/search?author_id=" + hOwner
	for _, c := range []hardenCase{
		{name: "control: guild search naming general", method: "GET", uri: search + "&channel_id=" + general, headers: gen},
		{name: "control: thread under general", method: "POST", uri: api + "/channels/" + general + "/threads", body: `{"name":"ok","type":11}`, headers: gen},
		{name: "control: DM to a listed user", method: "POST", uri: api + "/users/@me/channels", body: `{"recipient_id":"` + hHuman + `"}`, headers: [][2]string{{"X-Target-Users", hHuman}}},
	} {
		resp, body := rawRequest(t, addr, c.method, c.uri, append([][2]string{{"X-Privileged-Call", "1"}}, c.headers...), c.body)
		if resp.StatusCode >= 300 || resp.Header.Get("X-Response-Src") != "discord" {
			t.Fatalf("%s: %d %s", c.name, resp.StatusCode, body)
		}
	}

	expectRefused(t, st, addr, []hardenCase{
		{name: "thread under a forbidden parent", method: "POST", uri: api + "/channels/" + hRandom + "/threads", body: `{"name":"x","type":11}`, headers: gen},
		{name: "thread from a message of a forbidden parent", method: "POST", uri: api + "/channels/" + hRandom + "/messages/" + hAnyID + "/threads", body: `{"name":"x"}`, headers: gen},
		{name: "forum post into a forbidden forum", method: "POST", uri: api + "/channels/" + forum + "/threads", body: `{"name":"x","message":{"content":"y"}}`, headers: gen},
		{name: "thread search in a forbidden forum", method: "GET", uri: api + "/channels/" + forum + "/threads/search?name=x", headers: gen},
		{name: "overwrite granting bits beyond X-Permission-Bits", method: "PUT", uri: api + "/channels/" + general + "/permissions/" + discordtest.ModRoleID.String(),
			body: `{"type":0,"allow":"8","deny":"0"}`, headers: [][2]string{{"X-Permission-Bits", "3072"}}},
		{name: "DM to a user outside X-Target-Users", method: "POST", uri: api + "/users/@me/channels", body: `{"recipient_id":"` + hHuman + `"}`, headers: [][2]string{{"X-Target-Users", hOwner}}},
		{name: "DM while X-Target-Users is 0", method: "POST", uri: api + "/users/@me/channels", body: `{"recipient_id":"` + hOwner + `"}`, headers: [][2]string{{"X-Target-Users", "0"}}},
		{name: "guild search by a channel filter outside the scope", method: "GET", uri: search + "&channel_id=" + hRandom, headers: gen},
		{name: "guild search naming no channel", method: "GET", uri: search, headers: gen},
		{name: "guild search by a thread of a forbidden forum", method: "GET", uri: search + "&channel_id=" + post, headers: gen},
		{name: "guild search: one allowed, one forbidden channel", method: "GET", uri: search + "&channel_id=" + general + "&channel_id=" + hRandom, headers: gen},
		{name: "follow an announcement channel into a forbidden channel", method: "POST", uri: api + "/channels/" + general + "/followers", body: `{"webhook_channel_id":"` + hRandom + `"}`, headers: gen},
		{name: "join a thread under a forbidden forum", method: "PUT", uri: api + "/channels/" + post + "/thread-members/@me", headers: gen},
		{name: "archived threads of a forbidden channel", method: "GET", uri: api + "/channels/" + hRandom + "/threads/archived/public", headers: gen},
		{name: "add a thread member outside X-Target-Users", method: "PUT", uri: api + "/channels/" + discordtest.ThreadID.String() + "/thread-members/" + hHuman, headers: [][2]string{{"X-Target-Users", hOwner}}},
		{name: "archive a thread under a forbidden forum", method: "PATCH", uri: api + "/channels/" + post, body: `{"archived":true}`, headers: gen},
		{name: "invite for a forbidden channel", method: "POST", uri: api + "/channels/" + hRandom + "/invites", body: `{"max_age":60}`, headers: gen},
	})
}
