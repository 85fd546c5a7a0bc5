package main

import (
	"strings"
	"testing"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// inviteSeed is the default seed with Manage Server for the bot, so that
// a guild's invite list reaches the emulator in the controls.
func inviteSeed() *discordtest.Seed {
	seed := discordtest.DefaultSeed()
	for i := range seed.Guilds[0].Roles {
		if r := &seed.Guilds[0].Roles[i]; r.ID == discordtest.BotRoleID {
			r.Permissions |= dg.PermissionManageGuild
		}
	}
	return seed
}

// TestFirewallInvites: the routes of invites by code cannot be tied to a
// channel, so they pass only while channels and guilds are unrestricted;
// an invite's target users (a CSV the answer filter cannot read, an upload
// replacing users it does not name) pass only while users are
// unrestricted; a guild's invite list is refused outside X-Target-Guilds
// and filtered to X-Target-Channels. Each refusal is proven by the
// emulator's counters; controls show the same requests reach it otherwise.
func TestFirewallInvites(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Seed: inviteSeed()},
		map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_TOOLSETS": "all"})
	addr := strings.TrimPrefix(st.base, "http://")
	code := createTestInvite(t, addr, general)
	joinTestThread(t, addr)
	elsewhere := createTestInvite(t, addr, hRandom)
	inv := api + "/invites/" + code
	for _, uri := range []string{inv, inv + "/target-users", inv + "/target-users/job-status", api + "/guilds/" + hGuild + "/invites",
		api + "/channels/" + discordtest.ThreadID.String() + "/thread-members/" + hBot} {
		resp, body := rawRequest(t, addr, "GET", uri, [][2]string{{"X-Privileged-Call", "1"}}, "")
		if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" {
			t.Fatalf("control GET %s: %d %s", uri, resp.StatusCode, body)
		}
	}
	gen := [][2]string{{"X-Target-Channels", general}}
	guild := [][2]string{{"X-Target-Guilds", hGuild}}
	users := [][2]string{{"X-Target-Users", hHuman}}
	expectRefused(t, st, addr, []hardenCase{
		{name: "resolve an invite while channels are restricted", method: "GET", uri: inv, headers: gen},
		{name: "resolve an invite while guilds are restricted", method: "GET", uri: inv + "?with_counts=true", headers: guild},
		{name: "revoke an invite while channels are restricted", method: "DELETE", uri: inv, headers: gen},
		{name: "revoke an invite while guilds are restricted", method: "DELETE", uri: inv, headers: guild},
		{name: "target users while channels are restricted", method: "GET", uri: inv + "/target-users", headers: gen},
		{name: "target users while users are restricted", method: "GET", uri: inv + "/target-users", headers: users},
		{name: "target-users job while guilds are restricted", method: "GET", uri: inv + "/target-users/job-status", headers: guild},
		{name: "a guild's invites outside X-Target-Guilds", method: "GET", uri: api + "/guilds/" + hGuild + "/invites", headers: [][2]string{{"X-Target-Guilds", hGuild2}}},
		{name: "a thread member outside X-Target-Users", method: "GET", uri: api + "/channels/" + discordtest.ThreadID.String() + "/thread-members/" + hHuman, headers: [][2]string{{"X-Target-Users", hOwner}}},
		{name: "a thread member of a thread outside X-Target-Channels", method: "GET", uri: api + "/channels/" + discordtest.ThreadID.String() + "/thread-members/" + hBot, headers: [][2]string{{"X-Target-Channels", hRandom}}},
	})

	// The guild list is filtered, not refused, to the listed channels.
	resp, body := rawRequest(t, addr, "GET", api+"/guilds/"+hGuild+"/invites", append([][2]string{{"X-Privileged-Call", "1"}}, gen...), "")
	if resp.StatusCode != 200 || !gjson.Get(body, `#(code=="`+code+`")`).Exists() || gjson.Get(body, `#(code=="`+elsewhere+`")`).Exists() {
		t.Errorf("guild invites under X-Target-Channels %s: %d %s", general, resp.StatusCode, body)
	}
	if resp, body := rawRequest(t, addr, "GET", inv, [][2]string{{"X-Privileged-Call", "1"}}, ""); resp.StatusCode != 200 {
		t.Errorf("the invite did not survive the refused revocations: %d %s", resp.StatusCode, body)
	}
}

// TestFirewallInviteTools: the same through the tools, the multipart upload
// included; each refusal leaves the emulator untouched, each control
// without the restriction reaches it.
func TestFirewallInviteTools(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Seed: inviteSeed()},
		map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_TOOLSETS": "all"})
	code := createTestInvite(t, strings.TrimPrefix(st.base, "http://"), general)
	joinTestThread(t, strings.TrimPrefix(st.base, "http://"))
	c := `"code":"` + code + `"`
	for _, tc := range []struct {
		name, tool, args string
		scope            [2]string
	}{
		{"set target users while users are restricted", "set_invite_target_users", `{` + c + `,"user_ids":["` + hHuman + `"],"confirm":true}`, [2]string{"X-Target-Users", hHuman}},
		{"read target users while users are restricted", "get_invite_target_users", `{` + c + `}`, [2]string{"X-Target-Users", hHuman}},
		{"set target users while channels are restricted", "set_invite_target_users", `{` + c + `,"user_ids":["` + hHuman + `"],"confirm":true}`, [2]string{"X-Target-Channels", general}},
		{"job status while guilds are restricted", "get_invite_target_users_job_status", `{` + c + `}`, [2]string{"X-Target-Guilds", hGuild}},
		{"resolve an invite while channels are restricted", "get_invite", `{` + c + `}`, [2]string{"X-Target-Channels", general}},
		{"list a guild's invites outside X-Target-Guilds", "list_guild_invites", `{"guild_id":"` + hGuild + `"}`, [2]string{"X-Target-Guilds", hGuild2}},
		{"get a thread member outside X-Target-Users", "get_thread_member", `{"channel_id":"` + discordtest.ThreadID.String() + `","user_id":"` + hBot + `"}`, [2]string{"X-Target-Users", hHuman}},
		{"revoke an invite while channels are restricted", "delete_invite", `{` + c + `,"confirm":true}`, [2]string{"X-Target-Channels", general}},
	} {
		st.emu.ResetStats()
		body := toolCall(t, st, tc.tool, tc.args, tc.scope)
		if n := beyondLookups(st.emu.Stats()); n != 0 || !strings.Contains(body, "PermissionDeniedError") {
			t.Errorf("%s: the emulator received %d requests: %s", tc.name, n, body)
		}
		st.emu.ResetStats()
		if body := toolCall(t, st, tc.tool, tc.args); beyondLookups(st.emu.Stats()) == 0 || strings.Contains(body, `"isError":true`) {
			t.Errorf("%s: control without the restriction: %s", tc.name, body)
		}
	}
}

// createTestInvite makes an invite to channel through the proxy, unrestricted.
func createTestInvite(t *testing.T, addr, channel string) string {
	t.Helper()
	resp, body := rawRequest(t, addr, "POST", api+"/channels/"+channel+"/invites", [][2]string{{"X-Privileged-Call", "1"}}, `{"max_age":600}`)
	code := gjson.Get(body, "code").Str
	if resp.StatusCode != 200 || code == "" {
		t.Fatalf("control: create an invite in %s: %d %s", channel, resp.StatusCode, body)
	}
	return code
}

// joinTestThread makes the bot a member of the seeded thread.
func joinTestThread(t *testing.T, addr string) {
	t.Helper()
	resp, body := rawRequest(t, addr, "PUT", api+"/channels/"+discordtest.ThreadID.String()+"/thread-members/@me", [][2]string{{"X-Privileged-Call", "1"}}, "")
	if resp.StatusCode != 204 {
		t.Fatalf("control: join the thread: %d %s", resp.StatusCode, body)
	}
}
