package discordtest

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Prune (count and begin) and role reordering: the mass actions.

type wirePrune struct {
	Pruned *int `json:"pruned"`
}

// prunable lists the members a prune of days would remove: no roles
// beyond those included, joined more than days ago, not the owner or the
// bot (the emulator keeps no activity, so joining stands in for it).
func (e *Emulator) prunable(c *call, gs *guildState, days int, include []Snowflake) []Snowflake {
	var out []Snowflake
	for id, m := range gs.members {
		joined, _ := time.Parse(time.RFC3339Nano, m.JoinedAt)
		if id == gs.g.OwnerID || id == e.st.botID || c.now.Sub(joined) < time.Duration(days)*24*time.Hour {
			continue
		}
		if slices.ContainsFunc(m.Roles, func(r Snowflake) bool { return !slices.Contains(include, r) }) {
			continue
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// includeRoles reads include_roles: a comma list (query) or an array (body).
func includeRoles(v gjson.Result, raw string) []Snowflake {
	var out []Snowflake
	add := func(s string) {
		if id, ok := ParseSnowflake(strings.TrimSpace(s)); ok {
			out = append(out, id)
		}
	}
	if v.IsArray() {
		for _, x := range v.Array() {
			add(x.String())
		}
		return out
	}
	for _, s := range strings.Split(raw, ",") {
		add(s)
	}
	return out
}

func (e *Emulator) pruneCount(c *call) response {
	days, ferr := c.intQuery("days", 7, 1, 30)
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionKickMembers)
	if err != nil {
		return fail(err)
	}
	n := len(e.prunable(c, gs, days, includeRoles(gjson.Result{}, string(c.ctx.QueryArgs().Peek("include_roles")))))
	return ok(wirePrune{Pruned: &n})
}

func (e *Emulator) prune(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	days := 7
	if v := body.Get("days"); v.Exists() {
		if days = int(v.Int()); v.Type != gjson.Number || days < 1 || days > 30 {
			return fail(formError("NUMBER_TYPE_MAX", "int value should be between 1 and 30.", "days"))
		}
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionKickMembers|discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	gone := e.prunable(c, gs, days, includeRoles(body.Get("include_roles"), ""))
	for _, id := range gone {
		delete(gs.members, id)
	}
	e.logAudit(c, gs, auditMemberPrune, gs.g.ID)
	n := len(gone)
	a := st.adm().audit[gs.g.ID]
	a[len(a)-1].TargetID = nil // a prune names no one
	a[len(a)-1].Options = map[string]string{"delete_member_days": strconv.Itoa(days), "members_removed": strconv.Itoa(n)}
	if v := body.Get("compute_prune_count"); v.Exists() && !v.Bool() {
		return ok(wirePrune{})
	}
	return ok(wirePrune{Pruned: &n})
}

// reorderRoles moves roles to new positions (PATCH /guilds/{id}/roles):
// only roles below the bot's highest, to positions below it.
func (e *Emulator) reorderRoles(c *call) response {
	b := c.ctx.PostBody()
	if !gjson.ValidBytes(b) || !gjson.ParseBytes(b).IsArray() {
		return fail(formError("BASE_TYPE_ARRAY", "Must be an array."))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageRoles)
	if err != nil {
		return fail(err)
	}
	top := gs.highest(st.botID)
	moves := gjson.ParseBytes(b).Array()
	for _, m := range moves {
		id, _ := ParseSnowflake(m.Get("id").String())
		r := gs.role(id)
		switch {
		case r == nil:
			return fail(errUnknownRole)
		case r.ID == gs.g.ID || !e.canManageRole(gs, r) || int(m.Get("position").Int()) >= top:
			return fail(errHierarchy)
		}
	}
	for _, m := range moves {
		id, _ := ParseSnowflake(m.Get("id").String())
		r := gs.role(id)
		old := r.Position
		r.Position = int(m.Get("position").Int())
		e.logAudit(c, gs, auditRoleUpdate, r.ID, auditChange{Key: "position", OldValue: old, NewValue: r.Position})
	}
	out := make([]wireRole, 0, len(gs.roles))
	for _, r := range gs.roles {
		out = append(out, toWireRole(r))
	}
	return ok(out)
}
