package discordtest

import (
	"github.com/bwmarrin/discordgo"
)

// The audit log: the entries the emulator's own mutations wrote (roles,
// members, kicks, bans), newest first, with Discord's filters.

// wireAuditLog is GuildAuditLogResponse.
type wireAuditLog struct {
	Entries       []auditEntry `json:"audit_log_entries"`
	Users         []wireUser   `json:"users"`
	Integrations  []struct{}   `json:"integrations"`
	Webhooks      []struct{}   `json:"webhooks"`
	Events        []struct{}   `json:"guild_scheduled_events"`
	Threads       []struct{}   `json:"threads"`
	Commands      []struct{}   `json:"application_commands"`
	AutoModerated []struct{}   `json:"auto_moderation_rules"`
}

func (e *Emulator) auditLog(c *call) response {
	f, ferr := auditFilterOf(c)
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionViewAuditLogs)
	if err != nil {
		return fail(err)
	}
	out := wireAuditLog{Entries: []auditEntry{}, Users: []wireUser{}, Integrations: []struct{}{}, Webhooks: []struct{}{},
		Events: []struct{}{}, Threads: []struct{}{}, Commands: []struct{}{}, AutoModerated: []struct{}{}}
	seen := map[string]bool{}
	list := st.adm().audit[gs.g.ID]
	for i := len(list) - 1; i >= 0 && len(out.Entries) < f.limit; i-- {
		a := list[i]
		if !f.keeps(a) {
			continue
		}
		out.Entries = append(out.Entries, a)
		ids := []string{a.UserID}
		if a.TargetID != nil {
			ids = append(ids, *a.TargetID)
		}
		for _, id := range ids {
			sf, _ := ParseSnowflake(id)
			if u := st.users[sf]; u != nil && !seen[id] {
				seen[id] = true
				out.Users = append(out.Users, toWireUser(u))
			}
		}
	}
	return ok(out)
}

// auditFilter is the audit log's query: user_id, action_type, before,
// after, limit (1-100, default 50).
type auditFilter struct {
	user, before, after Snowflake
	action, limit       int
}

func auditFilterOf(c *call) (auditFilter, *apiError) {
	var f auditFilter
	var err *apiError
	if f.limit, err = c.intQuery("limit", 50, 1, 100); err != nil {
		return f, err
	}
	if f.action, err = c.intQuery("action_type", 0, 0, 1<<16); err != nil {
		return f, err
	}
	if f.user, err = c.snowflakeQuery("user_id"); err != nil {
		return f, err
	}
	if f.before, err = c.snowflakeQuery("before"); err != nil {
		return f, err
	}
	f.after, err = c.snowflakeQuery("after")
	return f, err
}

func (f auditFilter) keeps(a auditEntry) bool {
	id, _ := ParseSnowflake(a.ID)
	user, _ := ParseSnowflake(a.UserID)
	return (f.action == 0 || a.ActionType == f.action) && (f.user == 0 || user == f.user) &&
		(f.before == 0 || id < f.before) && id > f.after
}
