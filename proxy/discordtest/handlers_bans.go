package discordtest

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// Bans: ban (removing the member), unban, list, get, bulk ban. BAN_MEMBERS
// and the hierarchy, as on Discord.

// maxDeleteSeconds is the longest message-deletion window a ban takes (7 days).
const maxDeleteSeconds = 604800

type wireBan struct {
	User   wireUser `json:"user"`
	Reason *string  `json:"reason"`
}

func (e *Emulator) banMember(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	if v := body.Get("delete_message_seconds"); v.Exists() && (v.Int() < 0 || v.Int() > maxDeleteSeconds) {
		return fail(formError("NUMBER_TYPE_MAX", "int value should be less than or equal to 604800.", "delete_message_seconds"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, uid, err := e.banTarget(c)
	if err != nil {
		return fail(err)
	}
	if aerr := e.ban(c, gs, uid); aerr != nil {
		return fail(aerr)
	}
	return noContent()
}

// ban bans uid from gs; st.mu must be held.
func (e *Emulator) ban(c *call, gs *guildState, uid Snowflake) *apiError {
	u := e.st.users[uid]
	switch {
	case u == nil:
		return errUnknownUser
	case gs.members[uid] != nil && !e.outranks(gs, uid):
		return errHierarchy
	}
	bans := e.st.adm().bans
	if bans[gs.g.ID] == nil {
		bans[gs.g.ID] = map[Snowflake]*ban{}
	}
	b := &ban{user: u}
	if r := c.reason(); r != "" {
		b.reason = &r
	}
	bans[gs.g.ID][uid] = b
	delete(gs.members, uid)
	e.logAudit(c, gs, auditMemberBanAdd, uid)
	return nil
}

func (e *Emulator) unbanMember(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, uid, err := e.banTarget(c)
	if err != nil {
		return fail(err)
	}
	if st.adm().bans[gs.g.ID][uid] == nil {
		return fail(errUnknownBan)
	}
	delete(st.adm().bans[gs.g.ID], uid)
	e.logAudit(c, gs, auditMemberBanRemove, uid)
	return noContent()
}

func (e *Emulator) getBan(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, uid, err := e.banTarget(c)
	if err != nil {
		return fail(err)
	}
	b := st.adm().bans[gs.g.ID][uid]
	if b == nil {
		return fail(errUnknownBan)
	}
	return ok(wireBan{User: toWireUser(b.user), Reason: b.reason})
}

func (e *Emulator) listBans(c *call) response {
	limit, ferr := c.intQuery("limit", 1000, 1, 1000)
	if ferr != nil {
		return fail(ferr)
	}
	after, ferr := c.snowflakeQuery("after")
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionBanMembers)
	if err != nil {
		return fail(err)
	}
	bans := st.adm().bans[gs.g.ID]
	ids := make([]Snowflake, 0, len(bans))
	for id := range bans {
		if id > after {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]wireBan, 0, min(limit, len(ids)))
	for _, id := range ids[:min(limit, len(ids))] {
		out = append(out, wireBan{User: toWireUser(bans[id].user), Reason: bans[id].reason})
	}
	return ok(out)
}

type wireBulkBan struct {
	Banned []string `json:"banned_users"`
	Failed []string `json:"failed_users"`
}

// bulkBan bans up to 200 users; those it cannot ban are listed as failed.
func (e *Emulator) bulkBan(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	ids := body.Get("user_ids")
	users := ids.Array()
	if !ids.IsArray() || len(users) == 0 || len(users) > 200 {
		return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 200 in length.", "user_ids"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionBanMembers|discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	out := wireBulkBan{Banned: []string{}, Failed: []string{}}
	for _, v := range users {
		id, ok := ParseSnowflake(v.String())
		if ok && e.ban(c, gs, id) == nil {
			out.Banned = append(out.Banned, id.String())
		} else {
			out.Failed = append(out.Failed, v.String())
		}
	}
	return ok(out)
}

// banTarget is the guild of a ban route (the bot needs Ban Members there)
// and the user it names; st.mu must be held.
func (e *Emulator) banTarget(c *call) (*guildState, Snowflake, *apiError) {
	gs, err := e.moderated(c, discordgo.PermissionBanMembers)
	if err != nil {
		return nil, 0, err
	}
	uid, err := c.snowflake("user_id")
	if err != nil {
		return nil, 0, err
	}
	return gs, uid, nil
}
