package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestGoSDKModeratorJourney is what a new user would try, through the
// official Go SDK and the real server: create a role by name with
// permissions given by name, give it to a member named by user name, time
// the member out for 10 minutes, then read the audit log and find both
// entries with the reasons sent.
func TestGoSDKModeratorJourney(t *testing.T) {
	t.Parallel()
	// With Discord-like rate limits: the names resolve in the server the
	// call names, so the four calls list the bot's guilds four times, within
	// the 5 per 5 s that route allows, and nothing waits.
	st := startStackWith(t, discordtest.Options{Seed: adminSeed()}, map[string]string{"DMP_TOOLSETS": "all"})
	cs := connect(t, st.base+"/mcp", "")
	server := "Emulator Guild"

	res := callTool(t, cs, "create_role", map[string]any{"guild_name": server, "name": "helpers",
		"permissions": []string{"ManageMessages", "KickMembers"}, "reason": "more hands"})
	role := structured(t, res)
	if res.IsError || role["permissions"] != "8194" || role["name"] != "helpers" {
		t.Fatalf("create_role: %s", text(res))
	}
	res = callTool(t, cs, "add_member_role", map[string]any{"guild_name": server, "user_name": "grace",
		"role_name": "helpers", "reason": "volunteered"})
	if res.IsError {
		t.Fatalf("add_member_role: %s", text(res))
	}
	before := time.Now()
	res = callTool(t, cs, "modify_member", map[string]any{"guild_name": server, "user_name": "grace",
		"timeout": "10m", "reason": "heated thread"})
	if res.IsError {
		t.Fatalf("modify_member: %s", text(res))
	}
	until, err := time.Parse(time.RFC3339, structured(t, res)["timed_out_until"].(string))
	if err != nil || until.Sub(before) < 9*time.Minute || until.Sub(before) > 11*time.Minute {
		t.Errorf("timed out until %v (%v), want about 10 minutes from %v", until, err, before)
	}

	res = callTool(t, cs, "get_audit_log", map[string]any{"guild_name": server})
	if res.IsError {
		t.Fatalf("get_audit_log: %s", text(res))
	}
	b, _ := json.Marshal(structured(t, res))
	entries := gjson.GetBytes(b, "entries")
	grace := discordtest.HumanUserID.String()
	grant := entries.Get(`#(action_type==25)`)
	timeout := entries.Get(`#(action_type==24)`)
	if grant.Get("target_id").String() != grace || grant.Get("reason").String() != "volunteered" || !strings.Contains(grant.Get("changes").String(), "helpers") {
		t.Errorf("no role grant entry with its reason: %s", entries.Raw)
	}
	if timeout.Get("target_id").String() != grace || timeout.Get("reason").String() != "heated thread" || !strings.Contains(timeout.Get("changes").String(), "communication_disabled_until") {
		t.Errorf("no timeout entry with its reason: %s", entries.Raw)
	}
	if created := entries.Get(`#(action_type==30)`); created.Get("reason").String() != "more hands" {
		t.Errorf("no role creation entry with its reason: %s", entries.Raw)
	}
	if n := st.emu.Stats().Routes["GET /users/@me/guilds"]; n != 4 {
		t.Errorf("the four calls listed the bot's guilds %d times, want once each", n)
	}
}

// TestAccessContextKeepsScopeIDs: get_access_context tells a narrowed
// caller what is restricted and its permission ceiling by name, without
// the ids of its targets or the token, and sends nothing to Discord.
func TestAccessContextKeepsScopeIDs(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Seed: adminSeed()}, map[string]string{"DMP_TOOLSETS": "all"})
	guild, human := discordtest.GuildID.String(), discordtest.HumanUserID.String()
	cs := connectWith(t, st.base, [2]string{"X-Target-Guilds", guild}, [2]string{"X-Target-Users", human},
		[2]string{"X-Permission-Bits", "3072"}, [2]string{"X-Allowed-Methods", "GET,POST"})
	st.emu.ResetStats()
	res := callTool(t, cs, "get_access_context", map[string]any{})
	got := structured(t, res)
	if res.IsError || got["guilds_restricted"] != true || got["users_restricted"] != true || got["channels_restricted"] != false ||
		got["permission_ceiling"] != "ViewChannel,SendMessages" || got["methods"] != "GET,POST" {
		t.Errorf("get_access_context: %s", text(res))
	}
	for _, secret := range []string{guild, human, st.emu.Token()} {
		if strings.Contains(text(res), secret) {
			t.Errorf("get_access_context shows %q: %s", secret, text(res))
		}
	}
	if n := st.emu.Stats().Total; n != 0 {
		t.Errorf("get_access_context sent %d requests", n)
	}
}
