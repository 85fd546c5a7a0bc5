package discordtest

import (
	api "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
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
	joins    map[Snowflake][]*joinRequest // join requests by guild
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

// Buckets of the administration routes.
const (
	BucketGuildModify = "guild_modify" // role, member and ban writes
	BucketAuditLog    = "audit_log"    // GET audit-logs
)

var adminRoutes = []route{
	{method: "POST", template: api.TGuildsGuildIDRoles, bucket: BucketGuildModify, handle: (*Emulator).createRole},
	{method: "PATCH", template: api.TGuildsGuildIDRolesRoleID, bucket: BucketGuildModify, handle: (*Emulator).modifyRole},
	{method: "DELETE", template: api.TGuildsGuildIDRolesRoleID, bucket: BucketGuildModify, handle: (*Emulator).deleteRole},
	{method: "GET", template: api.TGuildsGuildIDRolesMemberCounts, bucket: BucketGuildRead, handle: (*Emulator).roleMemberCounts},
	{method: "PUT", template: api.TGuildsGuildIDMembersUserIDRolesRoleID, bucket: BucketGuildModify, handle: (*Emulator).addMemberRole},
	{method: "DELETE", template: api.TGuildsGuildIDMembersUserIDRolesRoleID, bucket: BucketGuildModify, handle: (*Emulator).removeMemberRole},
	{method: "PATCH", template: api.TGuildsGuildIDMembersUserID, bucket: BucketGuildModify, handle: (*Emulator).modifyMember},
	{method: "PATCH", template: api.TGuildsGuildIDMembersMe, bucket: BucketGuildModify, handle: (*Emulator).modifyMe},
	{method: "DELETE", template: api.TGuildsGuildIDMembersUserID, bucket: BucketGuildModify, handle: (*Emulator).kickMember},
	{method: "GET", template: api.TGuildsGuildIDMembersSearch, bucket: BucketGuildMembers, handle: (*Emulator).searchMembers},
	{method: "GET", template: api.TGuildsGuildIDBans, bucket: BucketGuildRead, handle: (*Emulator).listBans},
	{method: "GET", template: api.TGuildsGuildIDBansUserID, bucket: BucketGuildRead, handle: (*Emulator).getBan},
	{method: "PUT", template: api.TGuildsGuildIDBansUserID, bucket: BucketGuildModify, handle: (*Emulator).banMember},
	{method: "DELETE", template: api.TGuildsGuildIDBansUserID, bucket: BucketGuildModify, handle: (*Emulator).unbanMember},
	{method: "POST", template: api.TGuildsGuildIDBulkBan, bucket: BucketGuildModify, handle: (*Emulator).bulkBan},
	{method: "GET", template: api.TGuildsGuildIDAuditLogs, bucket: BucketAuditLog, handle: (*Emulator).auditLog},
	{method: "GET", template: api.TGuildsGuildIDAutoModerationRules, bucket: BucketGuildRead, handle: (*Emulator).listRules},
	{method: "POST", template: api.TGuildsGuildIDAutoModerationRules, bucket: BucketGuildModify, handle: (*Emulator).createRule},
	{method: "GET", template: api.TGuildsGuildIDAutoModerationRulesRuleID, bucket: BucketGuildRead, handle: (*Emulator).getRule},
	{method: "PATCH", template: api.TGuildsGuildIDAutoModerationRulesRuleID, bucket: BucketGuildModify, handle: (*Emulator).modifyRule},
	{method: "DELETE", template: api.TGuildsGuildIDAutoModerationRulesRuleID, bucket: BucketGuildModify, handle: (*Emulator).deleteRule},
	{method: "PATCH", template: api.TGuildsGuildIDRoles, bucket: BucketGuildModify, handle: (*Emulator).reorderRoles},
	{method: "PATCH", template: api.TGuildsGuildID, bucket: BucketGuildModify, handle: (*Emulator).modifyGuild},
	{method: "GET", template: api.TGuildsGuildIDPreview, bucket: BucketGuildRead, handle: (*Emulator).guildPreview},
	{method: "GET", template: api.TGuildsGuildIDVanityUrl, bucket: BucketGuildRead, handle: (*Emulator).vanityURL},
	{method: "GET", template: api.TGuildsGuildIDRegions, bucket: BucketGuildRead, handle: (*Emulator).guildRegions},
	{method: "GET", template: api.TGuildsGuildIDWidget, bucket: BucketGuildRead, handle: (*Emulator).widgetSettings},
	{method: "PATCH", template: api.TGuildsGuildIDWidget, bucket: BucketGuildModify, handle: (*Emulator).modifyWidget},
	{method: "GET", template: api.TGuildsGuildIDWidgetJSON, bucket: BucketGuildRead, handle: (*Emulator).widget},
	{method: "GET", template: api.TGuildsGuildIDWelcomeScreen, bucket: BucketGuildRead, handle: (*Emulator).welcomeScreen},
	{method: "PATCH", template: api.TGuildsGuildIDWelcomeScreen, bucket: BucketGuildModify, handle: (*Emulator).modifyWelcome},
	{method: "GET", template: api.TGuildsGuildIDOnboarding, bucket: BucketGuildRead, handle: (*Emulator).onboarding},
	{method: "PUT", template: api.TGuildsGuildIDOnboarding, bucket: BucketGuildModify, handle: (*Emulator).putOnboarding},
	{method: "GET", template: api.TGuildsGuildIDIntegrations, bucket: BucketGuildRead, handle: (*Emulator).integrations},
	{method: "GET", template: api.TGuildsGuildIDTemplates, bucket: BucketGuildRead, handle: (*Emulator).listTemplates},
	{method: "POST", template: api.TGuildsGuildIDTemplates, bucket: BucketGuildModify, handle: (*Emulator).createTemplate},
	{method: "PUT", template: api.TGuildsGuildIDTemplatesCode, bucket: BucketGuildModify, handle: (*Emulator).syncTemplate},
	{method: "PATCH", template: api.TGuildsGuildIDTemplatesCode, bucket: BucketGuildModify, handle: (*Emulator).modifyTemplate},
	{method: "DELETE", template: api.TGuildsGuildIDTemplatesCode, bucket: BucketGuildModify, handle: (*Emulator).deleteTemplate},
	{method: "DELETE", template: api.TGuildsGuildIDIntegrationsIntegrationID, bucket: BucketGuildModify, handle: (*Emulator).deleteIntegration},
	{method: "GET", template: api.TGuildsGuildIDPrune, bucket: BucketGuildRead, handle: (*Emulator).pruneCount},
	{method: "POST", template: api.TGuildsGuildIDPrune, bucket: BucketGuildModify, handle: (*Emulator).prune},
	{method: "DELETE", template: api.TUsersMeGuildsGuildID, bucket: BucketGuildModify, handle: (*Emulator).leaveGuild},
	{method: "GET", template: api.TGuildsTemplatesCode, bucket: BucketGuildRead, handle: (*Emulator).templateByCode},
	{method: "PUT", template: api.TGuildsGuildIDIncidentActions, bucket: BucketGuildModify, handle: (*Emulator).incidentActions},
	{method: "PATCH", template: api.TUsersMe, bucket: BucketUserRead, handle: (*Emulator).modifyMeUser},
	{method: "GET", template: api.TGuildsGuildIDNewMemberWelcome, bucket: BucketGuildRead, handle: (*Emulator).newMemberWelcome},
	{method: "GET", template: api.TGuildsGuildIDRequests, bucket: BucketGuildRead, handle: (*Emulator).listJoinRequests},
	{method: "PATCH", template: api.TGuildsGuildIDRequestsRequestID, bucket: BucketGuildModify, handle: (*Emulator).reviewJoinRequest},
}
