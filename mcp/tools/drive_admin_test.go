package tools

import (
	"strconv"
	"strings"

	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// The administration tools in the drive test: a seed where the bot may
// moderate, and the calls that use every guild, members, moderation,
// roles and users tool.

// Ids adminSeed adds: two plain members to kick and ban, a guild whose
// bot integration is deleted and one to leave.
const (
	linusID    discordtest.Snowflake = 779413251686531100
	margaretID discordtest.Snowflake = 779413251686531200
	newbieID   discordtest.Snowflake = 779413251686531300
	leaveID    discordtest.Snowflake = 1102897269964931200
	leave2ID   discordtest.Snowflake = 1102897269964931300
)

// adminBotPerms are what the bot's role needs to drive every admin tool.
const adminBotPerms = dg.PermissionManageRoles | dg.PermissionKickMembers | dg.PermissionBanMembers |
	dg.PermissionModerateMembers | dg.PermissionManageGuild | dg.PermissionViewAuditLogs |
	dg.PermissionManageNicknames | dg.PermissionChangeNickname | dg.PermissionVoiceMuteMembers

// adminSeed lets the bot moderate the first guild and adds whom to act on.
func adminSeed(seed *discordtest.Seed) {
	g := &seed.Guilds[0]
	for i := range g.Roles {
		if g.Roles[i].ID == discordtest.BotRoleID {
			g.Roles[i].Permissions |= adminBotPerms
		}
	}
	g.JoinRequests = []discordtest.User{{ID: newbieID, Username: "newbie"}, {ID: newbieID + 1, Username: "spammer"}}
	for _, u := range []discordtest.User{{ID: linusID, Username: "linus"}, {ID: margaretID, Username: "margaret"}} {
		g.Members = append(g.Members, discordtest.Member{User: u})
	}
	for i, id := range []discordtest.Snowflake{leaveID, leave2ID} {
		seed.Guilds = append(seed.Guilds, discordtest.Guild{ID: id, Name: "Leavable Guild " + strconv.Itoa(i), OwnerID: discordtest.OwnerUserID,
			Roles:   []discordtest.Role{{ID: id, Name: "@everyone", Permissions: dg.PermissionManageGuild}},
			Members: []discordtest.Member{{User: seed.User}}})
	}
}

// admin drives the administration tools, in an order where each finds
// what it needs.
func (r *driveRun) admin() {
	g := `"guild_id":"` + discordtest.GuildID.String() + `"`
	grace, linus, margaret := discordtest.HumanUserID.String(), linusID.String(), margaretID.String()
	r.call("get_guild", `{`+g+`,"with_counts":true}`)
	r.settings(g)
	r.call("list_roles", `{`+g+`}`)
	role := r.call("create_role", `{`+g+`,"name":"helpers","permissions":["ManageMessages","KickMembers"],"color":3447003,"hoist":true,"mentionable":true,"reason":"new helpers"}`).Get("id").String()
	r.call("get_role", `{`+g+`,"role_id":"`+role+`"}`)
	if p := r.call("modify_role", `{`+g+`,"role_name":"helpers","permissions":1024,"color":0}`).Get("permissions").String(); p != "1024" {
		r.t.Errorf("modify_role: permissions %s", p)
	}
	r.call("reorder_roles", `{`+g+`,"positions":[{"id":"`+role+`","position":2}],"reason":"tidy"}`)
	r.call("role_member_counts", `{`+g+`}`)
	r.automod(g)
	r.call("list_members", `{`+g+`,"limit":10}`)
	r.call("search_members", `{`+g+`,"query":"gra"}`)
	reqs := r.call("list_join_requests", `{`+g+`,"status":"SUBMITTED"}`).Get("requests")
	if reqs.Get("#").Int() != 2 {
		r.t.Errorf("join requests: %s", reqs.Raw)
	}
	r.call("review_join_request", `{`+g+`,"request_id":"`+reqs.Get("0.id").String()+`","action":"APPROVED"}`)
	r.call("review_join_request", `{`+g+`,"request_id":"`+reqs.Get("1.id").String()+`","action":"REJECTED","rejection_reason":"spam"}`)
	r.call("get_member", `{`+g+`,"user_name":"grace"}`)
	r.call("add_member_role", `{`+g+`,"user_id":"`+grace+`","role_id":"`+role+`","reason":"helping out"}`)
	out := r.call("modify_member", `{`+g+`,"user_id":"`+grace+`","nick":"gh","timeout":"10m","reason":"cool down"}`)
	if out.Get("timed_out_until").String() == "" || !strings.Contains(out.Get("role_ids").String(), role) {
		r.t.Errorf("modify_member: %s", out.Raw)
	}
	r.call("modify_member", `{`+g+`,"user_id":"`+grace+`","clear_timeout":true}`)
	r.drive("modify_member", `{`+g+`,"user_id":"`+grace+`","mute":true}`, true) // not in voice: Discord's 40032
	r.call("remove_member_role", `{`+g+`,"user_id":"`+grace+`","role_id":"`+role+`","confirm":true}`)
	r.call("set_bot_nick", `{`+g+`,"nick":"helper"}`)
	r.call("kick_member", `{`+g+`,"user_id":"`+linus+`","reason":"spam","confirm":true}`)
	r.call("ban_member", `{`+g+`,"user_id":"`+margaret+`","delete_message_seconds":3600,"reason":"raid","confirm":true}`)
	if got := r.call("get_ban", `{`+g+`,"user_id":"`+margaret+`"}`).Get("reason").String(); got != "raid" {
		r.t.Errorf("get_ban: reason %q", got)
	}
	r.call("list_bans", `{`+g+`}`)
	r.call("unban_user", `{`+g+`,"user_id":"`+margaret+`"}`)
	r.call("bulk_ban", `{`+g+`,"user_ids":["`+margaret+`","`+linus+`"],"reason":"raid","confirm":true}`)
	r.call("delete_role", `{`+g+`,"role_id":"`+role+`","confirm":true}`)
	r.adminReads(g)
}

func (r *driveRun) adminReads(g string) {
	log := r.call("get_audit_log", `{`+g+`,"limit":50}`)
	if n := log.Get("entries.#").Int(); n < 10 {
		r.t.Errorf("audit log has %d entries: %s", n, log.Raw)
	}
	kicks := r.call("get_audit_log", `{`+g+`,"action_type":"member_kick","user_id":"@B"}`)
	if kicks.Get("entries.#").Int() != 1 || kicks.Get("entries.0.reason").String() != "spam" {
		r.t.Errorf("audit log of kicks: %s", kicks.Raw)
	}
	r.call("get_user", `{"user_id":"`+discordtest.HumanUserID.String()+`"}`)
	r.call("get_current_user", `{}`)
	r.call("modify_current_user", `{"username":"emulator-bot"}`)
	r.call("list_my_guilds", `{"limit":10}`)
	r.call("delete_integration", `{"guild_id":"`+leaveID.String()+`","integration_id":"@B","confirm":true}`)
	r.call("leave_guild", `{"guild_id":"`+leave2ID.String()+`","confirm":true}`)
}

// adminUntrusted are the administration tools whose results carry names
// users wrote (usernames, nicknames, role names, ban and audit reasons).
var adminUntrusted = map[string]bool{"get_guild": true, "get_audit_log": true, "get_member": true, "list_members": true,
	"search_members": true, "modify_member": true, "set_bot_nick": true, "list_bans": true, "get_ban": true,
	"list_roles": true, "get_role": true, "create_role": true, "modify_role": true, "get_user": true,
	"get_current_user": true, "list_my_guilds": true, "reorder_roles": true, "list_automod_rules": true, "get_automod_rule": true, "create_automod_rule": true, "modify_automod_rule": true, "modify_guild": true, "get_guild_preview": true, "get_widget": true, "get_welcome_screen": true, "modify_welcome_screen": true, "list_integrations": true, "list_guild_templates": true, "create_guild_template": true, "sync_guild_template": true, "modify_guild_template": true, "delete_guild_template": true, "get_guild_template": true, "modify_current_user": true, "get_new_member_welcome": true, "list_join_requests": true, "review_join_request": true}

// local drives the mcp toolset: it answers without a request of its own.
func (r *driveRun) local() {
	ac := r.call("get_access_context", `{}`)
	if ac.Get("tools").Int() < 40 || !strings.Contains(ac.Get("toolsets").String(), "moderation") {
		r.t.Errorf("get_access_context: %s", ac.Raw)
	}
	g := `"guild_id":"` + discordtest.GuildID.String() + `"`
	ok := r.call("validate_tool_call", `{"tool":"kick_member","arguments":{`+g+`,"user_name":"grace","reason":"spam"}}`)
	if !ok.Get("valid").Bool() || !strings.Contains(ok.Get("would_send").String(), "DELETE /guilds/") || !ok.Get("destructive").Bool() {
		r.t.Errorf("validate_tool_call of a good kick: %s", ok.Raw)
	}
	bad := r.call("validate_tool_call", `{"tool":"modify_member","arguments":{`+g+`,"user_id":"@O","timeout":"29d"}}`)
	if bad.Get("valid").Bool() || bad.Get("refused_by").String() != "arguments" {
		r.t.Errorf("validate_tool_call of a 29-day timeout: %s", bad.Raw)
	}
	none := r.call("validate_tool_call", `{"tool":"no_such_tool"}`)
	if none.Get("refused_by").String() != "tool" {
		r.t.Errorf("validate_tool_call of no tool: %s", none.Raw)
	}
	// Last: a prune removes grace, whom the steps above name.
	n := r.call("get_prune_count", `{`+g+`,"days":30,"include_roles":["`+discordtest.ModRoleID.String()+`"]}`).Get("pruned").Int()
	if got := r.call("begin_prune", `{`+g+`,"days":30,"compute_prune_count":true,"reason":"inactive","confirm":true}`).Get("pruned").Int(); n < 1 || got != n {
		r.t.Errorf("prune count %d, pruned %d", n, got)
	}
}

func (r *driveRun) settings(g string) {
	r.call("modify_guild", `{`+g+`,"name":"Emulator Guild","description":"still emulated","verification_level":1,"system_channel_id":"@G","reason":"tidy"}`)
	r.call("get_guild_preview", `{`+g+`}`)
	r.call("get_vanity_url", `{`+g+`}`)
	r.call("list_guild_voice_regions", `{`+g+`}`)
	r.call("modify_widget", `{`+g+`,"enabled":true,"channel_id":"@G"}`)
	r.call("get_widget_settings", `{`+g+`}`)
	r.call("get_widget", `{`+g+`}`)
	r.call("modify_welcome_screen", `{`+g+`,"description":"Hello!","welcome_channels":[{"channel_id":"@G","description":"Say hi","emoji_name":"👋"}],"enabled":true}`)
	if n := r.call("get_welcome_screen", `{`+g+`}`).Get("welcome_channels.#").Int(); n != 1 {
		r.t.Errorf("welcome screen has %d channels", n)
	}
	r.call("modify_onboarding", `{`+g+`,"default_channel_ids":["@G"],"mode":0,"enabled":false}`)
	r.call("get_onboarding", `{`+g+`}`)
	r.call("get_new_member_welcome", `{`+g+`}`)
	r.call("list_integrations", `{`+g+`}`)
	code := r.call("create_guild_template", `{`+g+`,"name":"base","description":"our setup"}`).Get("code").String()
	r.call("list_guild_templates", `{`+g+`}`)
	r.call("sync_guild_template", `{`+g+`,"code":"`+code+`"}`)
	r.call("modify_guild_template", `{`+g+`,"code":"`+code+`","name":"base v2"}`)
	r.call("get_guild_template", `{"code":"`+code+`"}`)
	r.call("delete_guild_template", `{`+g+`,"code":"`+code+`","confirm":true}`)
	r.call("set_incident_actions", `{`+g+`,"pause_invites_for":"2h","pause_dms_for":"30m","reason":"raid"}`)
	r.call("set_incident_actions", `{`+g+`,"resume_invites":true,"resume_dms":true}`)
}

func (r *driveRun) automod(g string) {
	rule := r.call("create_automod_rule", `{`+g+`,"trigger":"keyword","name":"no spoilers","event":"message_send","keywords":["spoiler*"],"regex_patterns":["s[p]oil"],"allow_list":["spoilers-ok"],"actions":[{"type":1,"metadata":{"custom_message":"no spoilers"}},{"type":2,"metadata":{"channel_id":"@G"}},{"type":3,"metadata":{"duration_seconds":60}}],"exempt_roles":["`+discordtest.ModRoleID.String()+`"],"reason":"spoilers"}`).Get("id").String()
	r.call("create_automod_rule", `{`+g+`,"trigger":"mention_spam","name":"mentions","event":"message_send","mention_limit":5,"actions":[{"type":1}],"enabled":true}`)
	r.call("create_automod_rule", `{`+g+`,"trigger":"keyword_preset","name":"presets","event":"message_send","presets":[1,3],"actions":[{"type":1}]}`)
	r.call("list_automod_rules", `{`+g+`}`)
	r.call("get_automod_rule", `{`+g+`,"rule_id":"`+rule+`"}`)
	r.call("modify_automod_rule", `{`+g+`,"rule_id":"`+rule+`","enabled":false,"exempt_channels":["@G"]}`)
	r.call("delete_automod_rule", `{`+g+`,"rule_id":"`+rule+`","confirm":true}`)
}
