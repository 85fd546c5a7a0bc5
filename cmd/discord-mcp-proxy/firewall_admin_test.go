package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	dg "github.com/bwmarrin/discordgo"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// adminSeed is the default seed with a bot that may manage roles, kick,
// ban and time out, so that the controls below reach a Discord that
// would act, and the refusals are the firewall's alone.
func adminSeed() *discordtest.Seed {
	seed := discordtest.DefaultSeed()
	g := &seed.Guilds[0]
	for i := range g.Roles {
		if g.Roles[i].ID == discordtest.BotRoleID {
			g.Roles[i].Permissions |= dg.PermissionManageRoles | dg.PermissionKickMembers | dg.PermissionBanMembers |
				dg.PermissionModerateMembers | dg.PermissionViewAuditLogs | dg.PermissionManageGuild
		}
	}
	return seed
}

// adminAttempt is one administration call that must be refused: a tool
// over MCP, or the same request on the passthrough.
type adminAttempt struct {
	name   string
	tool   string
	args   map[string]any
	method string // the passthrough request
	path   string
	body   string
}

// TestFirewallAdministration: roles granting bits beyond X-Permission-Bits,
// members given roles while it is set, kicks and bans outside
// X-Target-Users or X-Target-Guilds, through the tools and the
// passthrough: each is refused and the emulator receives nothing. Controls
// with the same headers go through, so the refusals are the firewall's.
func TestFirewallAdministration(t *testing.T) {
	t.Parallel()
	guild, guild2 := discordtest.GuildID.String(), discordtest.SecondGuildID.String()
	human, owner := discordtest.HumanUserID.String(), discordtest.OwnerUserID.String()
	mod := discordtest.ModRoleID.String()
	st := startStackWith(t, discordtest.Options{Seed: adminSeed()}, map[string]string{
		"DMP_ENABLE_PASSTHROUGH": "true", "DMP_TOOLSETS": "all",
	})
	addr := strings.TrimPrefix(st.base, "http://")
	// The caller may view, send, manage roles, kick, ban and time out in
	// one guild, acting on one user.
	bits := strconv.FormatInt(dg.PermissionViewChannel|dg.PermissionSendMessages|dg.PermissionManageRoles|
		dg.PermissionKickMembers|dg.PermissionBanMembers|dg.PermissionModerateMembers|dg.PermissionManageGuild, 10)
	scope := [][2]string{{"X-Permission-Bits", bits}, {"X-Target-Guilds", guild}, {"X-Target-Users", human}, {"X-Privileged-Call", "1"}}
	cs := connectWith(t, st.base, scope...)

	// Controls: within the scope, each kind of request reaches Discord.
	controls := []struct {
		tool string
		args map[string]any
	}{
		{"create_role", map[string]any{"guild_id": guild, "name": "readers", "permissions": []string{"ViewChannel"}}},
		{"modify_member", map[string]any{"guild_id": guild, "user_id": human, "timeout": "10m"}},
		{"kick_member", map[string]any{"guild_id": guild, "user_id": human, "confirm": true}},
		{"ban_member", map[string]any{"guild_id": guild, "user_id": human, "confirm": true}},
	}
	for _, c := range controls {
		st.emu.ResetStats()
		if res := callTool(t, cs, c.tool, c.args); res.IsError || st.emu.Stats().Total == 0 {
			t.Fatalf("control %s: %s (emulator %d)", c.tool, text(res), st.emu.Stats().Total)
		}
	}

	listed := allToolNames(t, cs)
	admin := "/api/v10/guilds/" + guild
	for _, c := range []adminAttempt{
		{name: "role created with administrator", tool: "create_role",
			args:   map[string]any{"guild_id": guild, "name": "root", "permissions": []string{"Administrator"}},
			method: "POST", path: admin + "/roles", body: `{"name":"root","permissions":"8"}`},
		{name: "role created with bits as an integer", tool: "create_role",
			args:   map[string]any{"guild_id": guild, "name": "root", "permissions": dg.PermissionManageWebhooks | dg.PermissionViewChannel},
			method: "POST", path: admin + "/roles", body: `{"name":"root","permissions":536871936}`},
		{name: "role edited to grant manage_webhooks", tool: "modify_role",
			args:   map[string]any{"guild_id": guild, "role_id": mod, "permissions": []string{"ManageWebhooks"}},
			method: "PATCH", path: admin + "/roles/" + mod, body: `{"permissions":"536870912"}`},
		{name: "member given a role", tool: "add_member_role",
			args:   map[string]any{"guild_id": guild, "user_id": human, "role_id": mod},
			method: "PUT", path: admin + "/members/" + human + "/roles/" + mod},
		{name: "member given roles by modify", tool: "modify_member",
			args:   map[string]any{"guild_id": guild, "user_id": human, "roles": []string{mod}},
			method: "PATCH", path: admin + "/members/" + human, body: `{"roles":["` + mod + `"]}`},
		{name: "kick outside X-Target-Users", tool: "kick_member",
			args:   map[string]any{"guild_id": guild, "user_id": owner, "confirm": true},
			method: "DELETE", path: admin + "/members/" + owner},
		{name: "ban outside X-Target-Users", tool: "ban_member",
			args:   map[string]any{"guild_id": guild, "user_id": owner, "confirm": true},
			method: "PUT", path: admin + "/bans/" + owner, body: `{}`},
		{name: "timeout outside X-Target-Users", tool: "modify_member",
			args:   map[string]any{"guild_id": guild, "user_id": owner, "timeout": "10m"},
			method: "PATCH", path: admin + "/members/" + owner, body: `{"communication_disabled_until":"2030-01-01T00:00:00Z"}`},
		{name: "kick outside X-Target-Guilds", tool: "kick_member",
			args:   map[string]any{"guild_id": guild2, "user_id": human, "confirm": true},
			method: "DELETE", path: "/api/v10/guilds/" + guild2 + "/members/" + human},
		{name: "ban outside X-Target-Guilds", tool: "ban_member",
			args:   map[string]any{"guild_id": guild2, "user_id": human, "confirm": true},
			method: "PUT", path: "/api/v10/guilds/" + guild2 + "/bans/" + human, body: `{}`},
		{name: "prune while X-Target-Users is restricted", tool: "begin_prune",
			args:   map[string]any{"guild_id": guild, "days": 7, "confirm": true},
			method: "POST", path: admin + "/prune", body: `{"days":7}`},
		{name: "auto-moderation rule while X-Target-Users is restricted", tool: "create_automod_rule",
			args:   map[string]any{"guild_id": guild, "trigger": "spam", "name": "s", "event": "message_send", "actions": []any{map[string]any{"type": 1}}},
			method: "POST", path: admin + "/auto-moderation/rules", body: `{"name":"s","event_type":1,"trigger_type":3,"actions":[{"type":1}]}`},
		{name: "role reordered while X-Permission-Bits is set", tool: "reorder_roles",
			args:   map[string]any{"guild_id": guild, "positions": []any{map[string]any{"id": mod, "position": 1}}},
			method: "PATCH", path: admin + "/roles", body: `[{"id":"` + mod + `","position":1}]`},
		{name: "join request approved while X-Target-Users is restricted", tool: "review_join_request",
			args:   map[string]any{"guild_id": guild, "request_id": human, "action": "APPROVED"},
			method: "PATCH", path: admin + "/requests/" + human, body: `{"action":"APPROVED"}`},
		{name: "bulk ban naming a user outside X-Target-Users", tool: "bulk_ban",
			args:   map[string]any{"guild_id": guild, "user_ids": []string{human, owner}, "confirm": true},
			method: "POST", path: admin + "/bulk-ban", body: `{"user_ids":["` + human + `","` + owner + `"]}`},
	} {
		st.emu.ResetStats()
		res := callTool(t, cs, c.tool, c.args)
		// Refused by the firewall's rule, not by the tool being hidden.
		if !res.IsError || !strings.Contains(text(res), "PermissionDenied") ||
			!strings.Contains(text(res), "X-Permission-Bits") && !strings.Contains(text(res), "X-Target-") {
			t.Errorf("%s (tool): not refused: %s", c.name, text(res))
		}
		resp, body := rawRequest(t, addr, c.method, c.path, scope, c.body)
		if resp.StatusCode != 403 || resp.Header.Get("X-Response-Src") != "mcp" {
			t.Errorf("%s (passthrough): %d %s %s", c.name, resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
		}
		// validate_tool_call foresees the refusal, sending nothing either:
		// by the scope for a tool every call of which the firewall refuses
		// (so not listed), else by the firewall on these arguments.
		v := structured(t, callTool(t, cs, "validate_tool_call", map[string]any{"tool": c.tool, "arguments": c.args}))
		hidden := !slices.Contains(listed, c.tool)
		if v["valid"] != false || v["refused_by"] != map[bool]string{true: "scope", false: "firewall"}[hidden] {
			t.Errorf("%s: validate_tool_call says %v (listed: %v)", c.name, v, !hidden)
		}
		if n := st.emu.Stats().Total; n != 0 {
			t.Errorf("%s: the emulator received %d requests: %v", c.name, n, st.emu.Stats().Routes)
		}
	}
	hiddenWithoutBits(t, st)
}

// hiddenWithoutBits: a scope without Manage Roles, Kick or Ban Members
// does not see the tools that need them, and a call answers as refused.
func hiddenWithoutBits(t *testing.T, st *stack) {
	cs := connectWith(t, st.base, [2]string{"X-Permission-Bits", strconv.FormatInt(dg.PermissionViewChannel, 10)})
	names := strings.Join(allToolNames(t, cs), ",")
	for _, tool := range []string{"create_role", "kick_member", "ban_member", "add_member_role", "get_audit_log"} {
		if strings.Contains(","+names+",", ","+tool+",") {
			t.Errorf("%s is listed to a scope without its permission", tool)
		}
	}
	// Restricted users hide what reaches users unnamed; a named kick stays.
	narrow := "," + strings.Join(allToolNames(t, connectWith(t, st.base, [2]string{"X-Target-Users", discordtest.HumanUserID.String()})), ",") + ","
	for tool, want := range map[string]bool{"get_audit_log": false, "begin_prune": false, "modify_role": false, "list_automod_rules": false, "kick_member": true, "get_prune_count": true} {
		if strings.Contains(narrow, ","+tool+",") != want {
			t.Errorf("under X-Target-Users, %s listed: %v, want %v", tool, !want, want)
		}
	}
	st.emu.ResetStats()
	res := callTool(t, cs, "kick_member", map[string]any{"guild_id": discordtest.GuildID.String(), "user_id": discordtest.HumanUserID.String(), "confirm": true})
	if !res.IsError || st.emu.Stats().Total != 0 {
		t.Errorf("hidden kick_member: %s (emulator %d)", text(res), st.emu.Stats().Total)
	}
}

// allToolNames reads every page of tools/list.
func allToolNames(t *testing.T, cs *sdk.ClientSession) []string {
	t.Helper()
	var all []string
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tool.Name)
	}
	return all
}
