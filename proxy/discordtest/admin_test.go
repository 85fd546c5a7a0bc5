package discordtest

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// moderatorSeed is the default seed with a bot that may manage roles,
// kick, ban, time out and read the audit log (its role sits above
// moderators, below nothing else; the owner outranks it).
func moderatorSeed() *Seed {
	s := DefaultSeed()
	for i := range s.Guilds[0].Roles {
		if s.Guilds[0].Roles[i].ID == BotRoleID {
			s.Guilds[0].Roles[i].Permissions |= discordgo.PermissionManageRoles | discordgo.PermissionKickMembers |
				discordgo.PermissionBanMembers | discordgo.PermissionModerateMembers | discordgo.PermissionViewAuditLogs | discordgo.PermissionVoiceMuteMembers
		}
	}
	// An administrator below the bot: Discord still never times one out.
	s.Guilds[0].Roles = append(s.Guilds[0].Roles, Role{ID: adminRoleID, Name: "admins", Permissions: discordgo.PermissionAdministrator, Position: 1})
	s.Guilds[0].Members = append(s.Guilds[0].Members, Member{User: User{ID: adminUserID, Username: "root"}, Roles: []Snowflake{adminRoleID}})
	return s
}

const (
	adminRoleID Snowflake = 1085504162365571999
	adminUserID Snowflake = 779413251686531999
)

// step is one request and the answer Discord gives it.
type step struct {
	name, method, path, body, reason string
	status, code                     int
}

func runSteps(t *testing.T, e *Emulator, base string, steps []step) {
	t.Helper()
	for _, s := range steps {
		r := do(t, e, s.method, base+s.path, s.body, "X-Audit-Log-Reason", s.reason)
		if r.status != s.status || s.code != 0 && gjson.Get(r.body, "code").Int() != int64(s.code) {
			t.Errorf("%s: %d %s, want %d (code %d)", s.name, r.status, r.body, s.status, s.code)
		}
	}
}

// TestModerationChecks: Discord's permission bits and role hierarchy on
// roles, grants, kicks, bans and timeouts, and the audit entries the
// mutations leave with their reasons.
func TestModerationChecks(t *testing.T) {
	plain, plainBase := start(t, Options{Limits: noLimits()})
	g := "/guilds/" + GuildID.String()
	runSteps(t, plain, plainBase, []step{
		{name: "create a role without MANAGE_ROLES", method: "POST", path: g + "/roles", body: `{"name":"x"}`, status: 403, code: CodeMissingPerms},
		{name: "kick without KICK_MEMBERS", method: "DELETE", path: g + "/members/" + HumanUserID.String(), status: 403, code: CodeMissingPerms},
		{name: "audit log without VIEW_AUDIT_LOG", method: "GET", path: g + "/audit-logs", status: 403, code: CodeMissingPerms},
	})

	e, base := start(t, Options{Seed: moderatorSeed(), Limits: noLimits()})
	human, owner := HumanUserID.String(), OwnerUserID.String()
	until := func(d time.Duration) string {
		return `{"communication_disabled_until":"` + time.Now().Add(d).UTC().Format(time.RFC3339) + `"}`
	}
	runSteps(t, e, base, []step{
		{name: "create a role with bits the bot lacks", method: "POST", path: g + "/roles", body: `{"name":"root","permissions":"8"}`, status: 403, code: CodeMissingPerms},
		{name: "create a role with bits the bot holds", method: "POST", path: g + "/roles", body: `{"name":"helpers","permissions":8192}`, reason: "new", status: 200},
		{name: "edit the bot's own role (not below it)", method: "PATCH", path: g + "/roles/" + BotRoleID.String(), body: `{"color":1}`, status: 403, code: CodeMissingPerms},
		{name: "grant the bot's own role", method: "PUT", path: g + "/members/" + human + "/roles/" + BotRoleID.String(), status: 403, code: CodeMissingPerms},
		{name: "grant @everyone", method: "PUT", path: g + "/members/" + human + "/roles/" + GuildID.String(), status: 400, code: CodeInvalidRole},
		{name: "grant a role below the bot", method: "PUT", path: g + "/members/" + human + "/roles/" + ModRoleID.String(), reason: "helping", status: 204},
		{name: "time out the owner", method: "PATCH", path: g + "/members/" + owner, body: until(time.Hour), status: 403, code: CodeMissingPerms},
		{name: "time out an administrator", method: "PATCH", path: g + "/members/" + adminUserID.String(), body: until(time.Hour), status: 403, code: CodeMissingPerms},
		{name: "time out for 29 days", method: "PATCH", path: g + "/members/" + human, body: until(29 * 24 * time.Hour), status: 400, code: CodeInvalidFormBody},
		{name: "time out for 10 minutes", method: "PATCH", path: g + "/members/" + human, body: until(10 * time.Minute), reason: "cool down", status: 200},
		{name: "mute a member not in voice", method: "PATCH", path: g + "/members/" + human, body: `{"mute":true}`, status: 400, code: CodeNotInVoice},
		{name: "deafen without DEAFEN_MEMBERS", method: "PATCH", path: g + "/members/" + human, body: `{"deaf":true}`, status: 403, code: CodeMissingPerms},
		{name: "kick the owner", method: "DELETE", path: g + "/members/" + owner, status: 403, code: CodeMissingPerms},
		{name: "ban the owner", method: "PUT", path: g + "/bans/" + owner, status: 403, code: CodeMissingPerms},
		{name: "kick a member", method: "DELETE", path: g + "/members/" + human, reason: "spam", status: 204},
		{name: "kick them again", method: "DELETE", path: g + "/members/" + human, status: 404, code: CodeUnknownMember},
		{name: "ban a former member", method: "PUT", path: g + "/bans/" + human, body: `{"delete_message_seconds":60}`, reason: "raid", status: 204},
		{name: "read the ban", method: "GET", path: g + "/bans/" + human, status: 200},
		{name: "unban", method: "DELETE", path: g + "/bans/" + human, status: 204},
		{name: "unban again", method: "DELETE", path: g + "/bans/" + human, status: 404, code: CodeUnknownBan},
	})
	log := do(t, e, "GET", base+g+"/audit-logs", "")
	want := map[int]string{auditRoleCreate: "new", auditMemberRoleUpdate: "helping", auditMemberUpdate: "cool down",
		auditMemberKick: "spam", auditMemberBanAdd: "raid", auditMemberBanRemove: ""}
	for action, reason := range want {
		got := gjson.Get(log.body, `audit_log_entries.#(action_type==`+itoa(int64(action))+`)`)
		if !got.Exists() || got.Get("reason").String() != reason || got.Get("user_id").String() != BotUserID.String() {
			t.Errorf("action %d: entry %s, want reason %q", action, got.Raw, reason)
		}
	}
	if n := gjson.Get(log.body, "audit_log_entries.#").Int(); n != int64(len(want)) || !strings.Contains(log.body, `"username":"grace"`) {
		t.Errorf("audit log: %d entries (want %d), users %s", n, len(want), gjson.Get(log.body, "users").Raw)
	}
	kicks := do(t, e, "GET", base+g+"/audit-logs?action_type=20", "")
	if gjson.Get(kicks.body, "audit_log_entries.#").Int() != 1 {
		t.Errorf("filtered audit log: %s", kicks.body)
	}
}

// TestAdminBadBodies: malformed bodies on the administration routes get
// Discord's 400s, never a crash or a change.
func TestAdminBadBodies(t *testing.T) {
	seed := moderatorSeed()
	for i := range seed.Guilds[0].Roles {
		if seed.Guilds[0].Roles[i].ID == BotRoleID {
			seed.Guilds[0].Roles[i].Permissions |= discordgo.PermissionManageGuild
		}
	}
	e, base := start(t, Options{Seed: seed, Limits: noLimits()})
	g := "/guilds/" + GuildID.String()
	human := HumanUserID.String()
	runSteps(t, e, base, []step{
		{name: "role body not an object", method: "POST", path: g + "/roles", body: `[]`, status: 400},
		{name: "role permissions not a number", method: "POST", path: g + "/roles", body: `{"permissions":"x"}`, status: 400, code: CodeInvalidFormBody},
		{name: "role color out of range", method: "POST", path: g + "/roles", body: `{"color":-1}`, status: 400, code: CodeInvalidFormBody},
		{name: "member roles not a list", method: "PATCH", path: g + "/members/" + human, body: `{"roles":"x"}`, status: 400, code: CodeInvalidFormBody},
		{name: "member unknown role", method: "PATCH", path: g + "/members/" + human, body: `{"roles":["1"]}`, status: 404, code: CodeUnknownRole},
		{name: "timeout not a date", method: "PATCH", path: g + "/members/" + human, body: `{"communication_disabled_until":5}`, status: 400, code: CodeInvalidFormBody},
		{name: "bulk ban without ids", method: "POST", path: g + "/bulk-ban", body: `{"user_ids":"x"}`, status: 400, code: CodeInvalidFormBody},
		{name: "reorder not a list", method: "PATCH", path: g + "/roles", body: `{}`, status: 400, code: CodeInvalidFormBody},
		{name: "automod bad trigger", method: "POST", path: g + "/auto-moderation/rules", body: `{"name":"x","trigger_type":2,"event_type":1,"actions":[{"type":1}]}`, status: 400, code: CodeInvalidFormBody},
		{name: "automod no actions", method: "POST", path: g + "/auto-moderation/rules", body: `{"name":"x","trigger_type":3,"event_type":1,"actions":5}`, status: 400, code: CodeInvalidFormBody},
		{name: "prune days out of range", method: "POST", path: g + "/prune", body: `{"days":"x"}`, status: 400, code: CodeInvalidFormBody},
		{name: "template without a name", method: "POST", path: g + "/templates", body: `{"name":5}`, status: 400, code: CodeInvalidFormBody},
		{name: "welcome channel unknown", method: "PATCH", path: g + "/welcome-screen", body: `{"welcome_channels":[5]}`, status: 400, code: CodeInvalidFormBody},
		{name: "ban window too long", method: "PUT", path: g + "/bans/" + human, body: `{"delete_message_seconds":604801}`, status: 400, code: CodeInvalidFormBody},
	})
	if got := do(t, e, "GET", base+g+"/audit-logs", ""); gjson.Get(got.body, "audit_log_entries.#").Int() != 0 {
		t.Errorf("refused requests left audit entries: %s", got.body)
	}
}
