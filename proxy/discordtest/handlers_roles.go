package discordtest

import (
	"strconv"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Roles: create, modify, delete, member counts, and granting a role to a
// member. Every write needs MANAGE_ROLES and respects the hierarchy: the
// bot touches only roles below its highest, and grants only bits it holds.

// roleInput is a role create or modify body, checked.
type roleInput struct {
	name               *string
	perms              *Perm
	color              *int
	hoist, mentionable *bool
}

// parseRole reads a role body with Discord's form errors.
func parseRole(body gjson.Result) (*roleInput, *apiError) {
	in := &roleInput{}
	fe := formErrors{}
	if v := body.Get("name"); v.Exists() && v.Type != gjson.Null {
		if v.Type != gjson.String || utf8.RuneCountInString(v.Str) > 100 {
			fe.add("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.", "name")
		}
		in.name = &v.Str
	}
	if v := body.Get("permissions"); v.Exists() && v.Type != gjson.Null {
		n, err := strconv.ParseUint(v.String(), 10, 64)
		if err != nil || n > uint64(allPerms) {
			fe.add("NUMBER_TYPE_COERCE", "Value \""+v.String()+"\" is not int.", "permissions")
		}
		p := Perm(n)
		in.perms = &p
	}
	if v := body.Get("color"); v.Exists() && v.Type != gjson.Null {
		n := int(v.Int())
		if v.Type != gjson.Number || n < 0 || n > 0xffffff {
			fe.add("NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.", "color")
		}
		in.color = &n
	}
	in.hoist = optBool(body, "hoist", fe)
	in.mentionable = optBool(body, "mentionable", fe)
	return in, fe.err()
}

func optBool(body gjson.Result, key string, fe formErrors) *bool {
	v := body.Get(key)
	if !v.Exists() || v.Type == gjson.Null {
		return nil
	}
	if v.Type != gjson.True && v.Type != gjson.False {
		fe.add("BASE_TYPE_BOOLEAN", "Must be either true or false.", key)
	}
	b := v.Bool()
	return &b
}

// apply writes the input onto r and returns the audit changes.
func (in *roleInput) apply(r *Role) []auditChange {
	var ch []auditChange
	if in.name != nil {
		ch = append(ch, auditChange{Key: "name", OldValue: r.Name, NewValue: *in.name})
		r.Name = *in.name
	}
	if in.perms != nil {
		ch = append(ch, auditChange{Key: "permissions", OldValue: strconv.FormatUint(uint64(r.Permissions), 10), NewValue: strconv.FormatUint(uint64(*in.perms), 10)})
		r.Permissions = *in.perms
	}
	if in.color != nil {
		ch = append(ch, auditChange{Key: "color", OldValue: r.Color, NewValue: *in.color})
		r.Color = *in.color
	}
	if in.hoist != nil {
		ch = append(ch, auditChange{Key: "hoist", OldValue: r.Hoist, NewValue: *in.hoist})
		r.Hoist = *in.hoist
	}
	if in.mentionable != nil {
		ch = append(ch, auditChange{Key: "mentionable", OldValue: r.Mentionable, NewValue: *in.mentionable})
		r.Mentionable = *in.mentionable
	}
	return ch
}

func (e *Emulator) createRole(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	in, ferr := parseRole(body)
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageRoles)
	if err != nil {
		return fail(err)
	}
	if in.perms != nil && !e.grantable(gs, *in.perms) {
		return fail(errMissingPerms)
	}
	// A new role sits just above @everyone, as on Discord.
	for _, r := range gs.roles {
		if r.ID != gs.g.ID {
			r.Position++
		}
	}
	// Unless told otherwise, a new role has @everyone's permissions.
	r := &Role{ID: st.mint(c.now), Name: "new role", Permissions: gs.role(gs.g.ID).Permissions, Position: 1}
	in.apply(r)
	gs.roles = append(gs.roles, r)
	e.logAudit(c, gs, auditRoleCreate, r.ID,
		auditChange{Key: "name", NewValue: r.Name},
		auditChange{Key: "permissions", NewValue: strconv.FormatUint(uint64(r.Permissions), 10)},
		auditChange{Key: "color", NewValue: r.Color},
		auditChange{Key: "hoist", NewValue: r.Hoist},
		auditChange{Key: "mentionable", NewValue: r.Mentionable})
	return ok(toWireRole(r))
}

// managedRole resolves role_id to a role the bot may change; st.mu must
// be held.
func (e *Emulator) managedRole(c *call) (*guildState, *Role, *apiError) {
	gs, err := e.moderated(c, discordgo.PermissionManageRoles)
	if err != nil {
		return nil, nil, err
	}
	id, err := c.snowflake("role_id")
	if err != nil {
		return nil, nil, err
	}
	r := gs.role(id)
	switch {
	case r == nil:
		return nil, nil, errUnknownRole
	case !e.canManageRole(gs, r):
		return nil, nil, errHierarchy
	}
	return gs, r, nil
}

func (e *Emulator) modifyRole(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	in, ferr := parseRole(body)
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, r, err := e.managedRole(c)
	if err != nil {
		return fail(err)
	}
	if in.perms != nil && !e.grantable(gs, *in.perms) {
		return fail(errMissingPerms)
	}
	if r.Managed && in.name != nil {
		return fail(errInvalidRole)
	}
	e.logAudit(c, gs, auditRoleUpdate, r.ID, in.apply(r)...)
	return ok(toWireRole(r))
}

func (e *Emulator) deleteRole(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, r, err := e.managedRole(c)
	if err != nil {
		return fail(err)
	}
	if r.ID == gs.g.ID || r.Managed {
		return fail(errInvalidRole)
	}
	for i, x := range gs.roles {
		if x == r {
			gs.roles = append(gs.roles[:i:i], gs.roles[i+1:]...)
			break
		}
	}
	for _, m := range gs.members {
		m.Roles = deleteID(m.Roles, r.ID)
	}
	e.logAudit(c, gs, auditRoleDelete, r.ID, auditChange{Key: "name", OldValue: r.Name})
	return noContent()
}

func deleteID(ids []Snowflake, id Snowflake) []Snowflake {
	out := ids[:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

func (e *Emulator) roleMemberCounts(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	out := map[string]int{}
	for _, r := range gs.roles {
		if r.ID == gs.g.ID {
			continue
		}
		n := 0
		for _, m := range gs.members {
			for _, id := range m.Roles {
				if id == r.ID {
					n++
				}
			}
		}
		out[r.ID.String()] = n
	}
	return ok(out)
}

// memberRole resolves the member and the role of a grant; st.mu must be held.
func (e *Emulator) memberRole(c *call) (*guildState, *Member, *Role, *apiError) {
	gs, r, err := e.managedRole(c)
	if err != nil {
		return nil, nil, nil, err
	}
	if r.ID == gs.g.ID || r.Managed {
		return nil, nil, nil, errInvalidRole
	}
	uid, err := c.snowflake("user_id")
	if err != nil {
		return nil, nil, nil, err
	}
	m := gs.members[uid]
	if m == nil {
		return nil, nil, nil, errUnknownMember
	}
	return gs, m, r, nil
}

func (e *Emulator) addMemberRole(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, m, r, err := e.memberRole(c)
	if err != nil {
		return fail(err)
	}
	if !containsSnowflake(m.Roles, r.ID) {
		m.Roles = append(m.Roles, r.ID)
		e.logAudit(c, gs, auditMemberRoleUpdate, m.User.ID, roleChange("$add", r))
	}
	return noContent()
}

func (e *Emulator) removeMemberRole(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, m, r, err := e.memberRole(c)
	if err != nil {
		return fail(err)
	}
	if containsSnowflake(m.Roles, r.ID) {
		m.Roles = deleteID(m.Roles, r.ID)
		e.logAudit(c, gs, auditMemberRoleUpdate, m.User.ID, roleChange("$remove", r))
	}
	return noContent()
}

// roleChange is the audit change of a grant: Discord's $add/$remove with
// the role's id and name.
func roleChange(key string, r *Role) auditChange {
	return auditChange{Key: key, NewValue: []map[string]string{{"id": r.ID.String(), "name": r.Name}}}
}

func containsSnowflake(ids []Snowflake, id Snowflake) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
