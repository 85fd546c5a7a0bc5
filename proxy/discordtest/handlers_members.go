package discordtest

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Members: modify (nick, roles, voice, timeout), the bot's own nick,
// kick and search. Each field needs its own permission, as on Discord.

// maxTimeout is the longest timeout Discord accepts.
const maxTimeout = 28 * 24 * time.Hour

// memberPatch is the permission each member field needs.
var memberPatch = []struct {
	key  string
	need Perm
}{
	{"nick", discordgo.PermissionManageNicknames},
	{"roles", discordgo.PermissionManageRoles},
	{"mute", discordgo.PermissionVoiceMuteMembers},
	{"deaf", discordgo.PermissionVoiceDeafenMembers},
	{"channel_id", discordgo.PermissionVoiceMoveMembers},
	{"communication_disabled_until", discordgo.PermissionModerateMembers},
}

func (e *Emulator) modifyMember(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	uid, err := c.snowflake("user_id")
	if err != nil {
		return fail(err)
	}
	m := gs.members[uid]
	if m == nil {
		return fail(errUnknownMember)
	}
	have := gs.basePerms(st.botID)
	for _, f := range memberPatch {
		if body.Get(f.key).Exists() && have&f.need != f.need {
			return fail(errMissingPerms)
		}
	}
	if uid != st.botID && !e.outranks(gs, uid) {
		return fail(errHierarchy)
	}
	// Discord never times out an administrator.
	if v := body.Get("communication_disabled_until"); v.Type == gjson.String && gs.basePerms(uid)&discordgo.PermissionAdministrator != 0 {
		return fail(errMissingPerms)
	}
	upd := *m
	changes, aerr := e.patchMember(c, gs, &upd, body)
	if aerr != nil {
		return fail(aerr)
	}
	e.logRoleDiff(c, gs, uid, m.Roles, upd.Roles)
	*m = upd
	if len(changes) > 0 {
		e.logAudit(c, gs, auditMemberUpdate, uid, changes...)
	}
	return ok(toWireMember(m))
}

// logRoleDiff writes the MEMBER_ROLE_UPDATE entry of a role list change.
func (e *Emulator) logRoleDiff(c *call, gs *guildState, uid Snowflake, old, cur []Snowflake) {
	var ch []auditChange
	for _, d := range []struct {
		key      string
		from, to []Snowflake
	}{{"$add", old, cur}, {"$remove", cur, old}} {
		for _, id := range d.to {
			if r := gs.role(id); r != nil && !containsSnowflake(d.from, id) {
				ch = append(ch, roleChange(d.key, r))
			}
		}
	}
	if len(ch) > 0 {
		e.logAudit(c, gs, auditMemberRoleUpdate, uid, ch...)
	}
}

// patchMember applies a member body to m (a copy) and returns the audit
// changes; nothing is kept when it fails.
func (e *Emulator) patchMember(c *call, gs *guildState, m *Member, body gjson.Result) ([]auditChange, *apiError) {
	var ch []auditChange
	if v := body.Get("nick"); v.Exists() {
		if v.Type != gjson.Null && (v.Type != gjson.String || utf8.RuneCountInString(v.Str) > 32) {
			return nil, formError("BASE_TYPE_MAX_LENGTH", "Must be 32 or fewer in length.", "nick")
		}
		var nick *string
		if v.Type == gjson.String && v.Str != "" {
			nick = &v.Str
		}
		ch = append(ch, auditChange{Key: "nick", OldValue: m.Nick, NewValue: nick})
		m.Nick = nick
	}
	if v := body.Get("roles"); v.Exists() {
		roles, err := e.memberRoles(gs, m, v)
		if err != nil {
			return nil, err
		}
		m.Roles = roles
	}
	for _, k := range []string{"mute", "deaf"} {
		if v := body.Get(k); v.Exists() {
			return nil, errNotInVoice // the emulator has no voice connections
		}
	}
	if v := body.Get("channel_id"); v.Exists() && v.Type != gjson.Null {
		return nil, errNotInVoice
	}
	if v := body.Get("communication_disabled_until"); v.Exists() {
		until, err := timeoutUntil(c, v)
		if err != nil {
			return nil, err
		}
		ch = append(ch, auditChange{Key: "communication_disabled_until", OldValue: m.CommunicationDisabledUntil, NewValue: until})
		m.CommunicationDisabledUntil = until
	}
	return ch, nil
}

// memberRoles checks a new role list: every role exists, and those it
// adds or removes are below the bot's highest.
func (e *Emulator) memberRoles(gs *guildState, m *Member, v gjson.Result) ([]Snowflake, *apiError) {
	if !v.IsArray() {
		return nil, formError("BASE_TYPE_ARRAY", "Must be an array.", "roles")
	}
	var out []Snowflake
	for _, x := range v.Array() {
		id, ok := ParseSnowflake(x.String())
		r := gs.role(id)
		if !ok || r == nil || r.ID == gs.g.ID {
			return nil, errUnknownRole
		}
		out = append(out, id)
	}
	for _, id := range append(slices.Clone(out), m.Roles...) {
		if containsSnowflake(out, id) != containsSnowflake(m.Roles, id) {
			if r := gs.role(id); r != nil && (r.Managed || !e.canManageRole(gs, r)) {
				return nil, errHierarchy
			}
		}
	}
	return out, nil
}

// timeoutUntil reads communication_disabled_until: null clears it; a
// time must be in the future and at most 28 days ahead.
func timeoutUntil(c *call, v gjson.Result) (*string, *apiError) {
	if v.Type == gjson.Null {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v.String())
	if v.Type != gjson.String || err != nil {
		return nil, formError("DATE_TYPE_PARSE", "Could not parse "+v.Raw+". Should be ISO8601.", "communication_disabled_until")
	}
	if t.Sub(c.now) > maxTimeout {
		return nil, formError("COMMUNICATION_DISABLED_UNTIL_TOO_LONG", "Timeouts can only be up to 28 days in the future.", "communication_disabled_until")
	}
	s := formatTime(t)
	return &s, nil
}

func (e *Emulator) modifyMe(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionChangeNickname)
	if err != nil {
		return fail(err)
	}
	m := gs.members[st.botID]
	upd := *m
	changes, aerr := e.patchMember(c, gs, &upd, gjson.Parse(`{"nick":`+orNull(body.Get("nick").Raw)+`}`))
	if aerr != nil {
		return fail(aerr)
	}
	*m = upd
	e.logAudit(c, gs, auditMemberUpdate, st.botID, changes...)
	return ok(toWireMember(m))
}

func orNull(raw string) string {
	if raw == "" {
		return "null"
	}
	return raw
}

func (e *Emulator) kickMember(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionKickMembers)
	if err != nil {
		return fail(err)
	}
	uid, err := c.snowflake("user_id")
	if err != nil {
		return fail(err)
	}
	switch {
	case gs.members[uid] == nil:
		return fail(errUnknownMember)
	case !e.outranks(gs, uid):
		return fail(errHierarchy)
	}
	delete(gs.members, uid)
	e.logAudit(c, gs, auditMemberKick, uid)
	return noContent()
}

func (e *Emulator) searchMembers(c *call) response {
	limit, ferr := c.intQuery("limit", 1, 1, 1000)
	if ferr != nil {
		return fail(ferr)
	}
	q := strings.ToLower(string(c.ctx.QueryArgs().Peek("query")))
	if !c.ctx.QueryArgs().Has("query") {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "query"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	ids := make([]Snowflake, 0, len(gs.members))
	for id, m := range gs.members {
		if strings.HasPrefix(strings.ToLower(m.User.Username), q) || m.Nick != nil && strings.HasPrefix(strings.ToLower(*m.Nick), q) ||
			m.User.GlobalName != nil && strings.HasPrefix(strings.ToLower(*m.User.GlobalName), q) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]wireMember, 0, min(limit, len(ids)))
	for _, id := range ids[:min(limit, len(ids))] {
		out = append(out, toWireMember(gs.members[id]))
	}
	return ok(out)
}

// leaveGuild removes the bot from a guild (DELETE /users/@me/guilds/{id}).
func (e *Emulator) leaveGuild(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	if gs.g.OwnerID == st.botID {
		return fail(formError("BASE_TYPE_INVALID", "The owner cannot leave the guild."))
	}
	delete(gs.members, st.botID)
	return noContent()
}
