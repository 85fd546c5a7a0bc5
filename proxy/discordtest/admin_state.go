package discordtest

import (
	"math"
	"net/url"
	"slices"

	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"
)

// Server administration: the state bans and the audit log need, and the
// checks Discord makes before a moderator acts on a role or a member.

// adminState is what the administration routes keep beside the guilds.
type adminState struct {
	bans  map[Snowflake]map[Snowflake]*ban // by guild, then user
	audit map[Snowflake][]auditEntry       // by guild, oldest first
	rules map[Snowflake][]*automodRule     // auto-moderation rules by guild
	// settings are what the guild model lacks (widget, welcome, onboarding).
	settings map[Snowflake]*guildSettings
}

// ban is one guild ban.
type ban struct {
	user   *User
	reason *string
}

// adm is the admin state, made on first use; st.mu must be held.
func (st *state) adm() *adminState {
	if st.admin == nil {
		st.admin = &adminState{bans: map[Snowflake]map[Snowflake]*ban{}, audit: map[Snowflake][]auditEntry{}}
	}
	return st.admin
}

// Audit log action types (Discord's AuditLogActionTypes).
const (
	auditMemberKick        = 20
	auditMemberBanAdd      = 22
	auditMemberBanRemove   = 23
	auditMemberUpdate      = 24
	auditMemberRoleUpdate  = 25
	auditRoleCreate        = 30
	auditRoleUpdate        = 31
	auditRoleDelete        = 32
	auditMemberPrune       = 21
	auditGuildUpdate       = 1
	auditIntegrationDelete = 82
	auditOnboardingUpdate  = 167
	auditAutomodCreate     = 140
	auditAutomodUpdate     = 141
	auditAutomodDelete     = 142
)

// auditChange is one changed key of an audit entry.
type auditChange struct {
	Key      string `json:"key"`
	NewValue any    `json:"new_value,omitempty"`
	OldValue any    `json:"old_value,omitempty"`
}

// auditEntry is one audit log entry, in Discord's shape.
type auditEntry struct {
	ID         string            `json:"id"`
	ActionType int               `json:"action_type"`
	UserID     string            `json:"user_id"`
	TargetID   *string           `json:"target_id"`
	Changes    []auditChange     `json:"changes,omitempty"`
	Options    map[string]string `json:"options,omitempty"`
	Reason     string            `json:"reason,omitempty"`
}

// reason is the request's X-Audit-Log-Reason, URL-decoded as Discord reads it.
func (c *call) reason() string {
	r := string(c.ctx.Request.Header.Peek("X-Audit-Log-Reason"))
	if v, err := url.PathUnescape(r); err == nil {
		return v
	}
	return r
}

// logAudit records what the bot just did in gs; st.mu must be held.
func (e *Emulator) logAudit(c *call, gs *guildState, action int, target Snowflake, changes ...auditChange) {
	st := e.st
	id := st.mint(c.now).String()
	t := target.String()
	a := st.adm()
	a.audit[gs.g.ID] = append(a.audit[gs.g.ID], auditEntry{ID: id, ActionType: action, UserID: st.botID.String(),
		TargetID: &t, Changes: changes, Reason: c.reason()})
}

// highest is the position of uid's highest role; the owner outranks all.
func (gs *guildState) highest(uid Snowflake) int {
	if gs.g.OwnerID == uid {
		return math.MaxInt
	}
	top := 0
	m := gs.members[uid]
	for _, r := range gs.roles {
		if m != nil && slices.Contains(m.Roles, r.ID) && r.Position > top {
			top = r.Position
		}
	}
	return top
}

// role finds a role of gs by id.
func (gs *guildState) role(id Snowflake) *Role {
	for _, r := range gs.roles {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// errHierarchy is Discord's answer when a moderator acts on someone or
// something at or above its own highest role.
var errHierarchy = errMissingPerms

// moderated resolves guild_id to a guild where the bot holds need; st.mu
// must be held.
func (e *Emulator) moderated(c *call, need Perm) (*guildState, *apiError) {
	gs, err := e.guild(c)
	if err != nil {
		return nil, err
	}
	if gs.basePerms(e.st.botID)&need != need {
		return nil, errMissingPerms
	}
	return gs, nil
}

// outranks reports whether the bot may act on member uid: Discord refuses
// the owner and anyone whose highest role is not below the bot's.
func (e *Emulator) outranks(gs *guildState, uid Snowflake) bool {
	bot := e.st.botID
	return uid != gs.g.OwnerID && (gs.g.OwnerID == bot || gs.highest(bot) > gs.highest(uid))
}

// canManageRole reports whether the bot may edit, grant or delete r: a
// role below its own highest, not @everyone (for grants), not managed.
func (e *Emulator) canManageRole(gs *guildState, r *Role) bool {
	bot := e.st.botID
	return gs.g.OwnerID == bot || gs.highest(bot) > r.Position
}

// grantable reports whether the bot may give a role these bits: Discord
// lets a moderator grant only permissions it holds itself.
func (e *Emulator) grantable(gs *guildState, p Perm) bool {
	have := gs.basePerms(e.st.botID)
	return have&discordgo.PermissionAdministrator != 0 || have == allPerms || p&^have == 0
}

// Discord's answers specific to administration.
const (
	CodeUnknownBan  = 10026
	CodeInvalidRole = 50028
	CodeNotInVoice  = 40032
	CodeUnknownRule = 10066
)

var (
	errUnknownBan  = &apiError{fasthttp.StatusNotFound, CodeUnknownBan, "Unknown Ban", nil}
	errInvalidRole = &apiError{fasthttp.StatusBadRequest, CodeInvalidRole, "Invalid Role", nil}
	errNotInVoice  = &apiError{fasthttp.StatusBadRequest, CodeNotInVoice, "Target user is not connected to voice.", nil}
	errUnknownRule = &apiError{fasthttp.StatusNotFound, CodeUnknownRule, "Unknown auto moderation rule", nil}
)

func concatRoutes(parts ...[]route) []route {
	var out []route
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Buckets of the administration routes.
const (
	BucketGuildModify = "guild_modify" // role, member and ban writes
	BucketAuditLog    = "audit_log"    // GET audit-logs
)

var adminRoutes = []route{
	{method: "POST", template: "/guilds/{guild_id}/roles", bucket: BucketGuildModify, handle: (*Emulator).createRole},
	{method: "PATCH", template: "/guilds/{guild_id}/roles/{role_id}", bucket: BucketGuildModify, handle: (*Emulator).modifyRole},
	{method: "DELETE", template: "/guilds/{guild_id}/roles/{role_id}", bucket: BucketGuildModify, handle: (*Emulator).deleteRole},
	{method: "GET", template: "/guilds/{guild_id}/roles/member-counts", bucket: BucketGuildRead, handle: (*Emulator).roleMemberCounts},
	{method: "PUT", template: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", bucket: BucketGuildModify, handle: (*Emulator).addMemberRole},
	{method: "DELETE", template: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", bucket: BucketGuildModify, handle: (*Emulator).removeMemberRole},
	{method: "PATCH", template: "/guilds/{guild_id}/members/{user_id}", bucket: BucketGuildModify, handle: (*Emulator).modifyMember},
	{method: "PATCH", template: "/guilds/{guild_id}/members/@me", bucket: BucketGuildModify, handle: (*Emulator).modifyMe},
	{method: "DELETE", template: "/guilds/{guild_id}/members/{user_id}", bucket: BucketGuildModify, handle: (*Emulator).kickMember},
	{method: "GET", template: "/guilds/{guild_id}/members/search", bucket: BucketGuildMembers, handle: (*Emulator).searchMembers},
	{method: "GET", template: "/guilds/{guild_id}/bans", bucket: BucketGuildRead, handle: (*Emulator).listBans},
	{method: "GET", template: "/guilds/{guild_id}/bans/{user_id}", bucket: BucketGuildRead, handle: (*Emulator).getBan},
	{method: "PUT", template: "/guilds/{guild_id}/bans/{user_id}", bucket: BucketGuildModify, handle: (*Emulator).banMember},
	{method: "DELETE", template: "/guilds/{guild_id}/bans/{user_id}", bucket: BucketGuildModify, handle: (*Emulator).unbanMember},
	{method: "POST", template: "/guilds/{guild_id}/bulk-ban", bucket: BucketGuildModify, handle: (*Emulator).bulkBan},
	{method: "GET", template: "/guilds/{guild_id}/audit-logs", bucket: BucketAuditLog, handle: (*Emulator).auditLog},
	{method: "GET", template: "/guilds/{guild_id}/auto-moderation/rules", bucket: BucketGuildRead, handle: (*Emulator).listRules},
	{method: "POST", template: "/guilds/{guild_id}/auto-moderation/rules", bucket: BucketGuildModify, handle: (*Emulator).createRule},
	{method: "GET", template: "/guilds/{guild_id}/auto-moderation/rules/{rule_id}", bucket: BucketGuildRead, handle: (*Emulator).getRule},
	{method: "PATCH", template: "/guilds/{guild_id}/auto-moderation/rules/{rule_id}", bucket: BucketGuildModify, handle: (*Emulator).modifyRule},
	{method: "DELETE", template: "/guilds/{guild_id}/auto-moderation/rules/{rule_id}", bucket: BucketGuildModify, handle: (*Emulator).deleteRule},
	{method: "PATCH", template: "/guilds/{guild_id}/roles", bucket: BucketGuildModify, handle: (*Emulator).reorderRoles},
	{method: "PATCH", template: "/guilds/{guild_id}", bucket: BucketGuildModify, handle: (*Emulator).modifyGuild},
	{method: "GET", template: "/guilds/{guild_id}/preview", bucket: BucketGuildRead, handle: (*Emulator).guildPreview},
	{method: "GET", template: "/guilds/{guild_id}/vanity-url", bucket: BucketGuildRead, handle: (*Emulator).vanityURL},
	{method: "GET", template: "/guilds/{guild_id}/regions", bucket: BucketGuildRead, handle: (*Emulator).guildRegions},
	{method: "GET", template: "/guilds/{guild_id}/widget", bucket: BucketGuildRead, handle: (*Emulator).widgetSettings},
	{method: "PATCH", template: "/guilds/{guild_id}/widget", bucket: BucketGuildModify, handle: (*Emulator).modifyWidget},
	{method: "GET", template: "/guilds/{guild_id}/widget.json", bucket: BucketGuildRead, handle: (*Emulator).widget},
	{method: "GET", template: "/guilds/{guild_id}/welcome-screen", bucket: BucketGuildRead, handle: (*Emulator).welcomeScreen},
	{method: "PATCH", template: "/guilds/{guild_id}/welcome-screen", bucket: BucketGuildModify, handle: (*Emulator).modifyWelcome},
	{method: "GET", template: "/guilds/{guild_id}/onboarding", bucket: BucketGuildRead, handle: (*Emulator).onboarding},
	{method: "PUT", template: "/guilds/{guild_id}/onboarding", bucket: BucketGuildModify, handle: (*Emulator).putOnboarding},
	{method: "GET", template: "/guilds/{guild_id}/integrations", bucket: BucketGuildRead, handle: (*Emulator).integrations},
	{method: "GET", template: "/guilds/{guild_id}/templates", bucket: BucketGuildRead, handle: (*Emulator).listTemplates},
	{method: "POST", template: "/guilds/{guild_id}/templates", bucket: BucketGuildModify, handle: (*Emulator).createTemplate},
	{method: "PUT", template: "/guilds/{guild_id}/templates/{code}", bucket: BucketGuildModify, handle: (*Emulator).syncTemplate},
	{method: "PATCH", template: "/guilds/{guild_id}/templates/{code}", bucket: BucketGuildModify, handle: (*Emulator).modifyTemplate},
	{method: "DELETE", template: "/guilds/{guild_id}/templates/{code}", bucket: BucketGuildModify, handle: (*Emulator).deleteTemplate},
	{method: "DELETE", template: "/guilds/{guild_id}/integrations/{integration_id}", bucket: BucketGuildModify, handle: (*Emulator).deleteIntegration},
	{method: "GET", template: "/guilds/{guild_id}/prune", bucket: BucketGuildRead, handle: (*Emulator).pruneCount},
	{method: "POST", template: "/guilds/{guild_id}/prune", bucket: BucketGuildModify, handle: (*Emulator).prune},
	{method: "DELETE", template: "/users/@me/guilds/{guild_id}", bucket: BucketGuildModify, handle: (*Emulator).leaveGuild},
}
