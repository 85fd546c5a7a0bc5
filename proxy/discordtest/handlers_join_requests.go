package discordtest

import (
	"slices"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Join requests (membership screening): list them, approve or reject
// one; approving makes the user a member. MANAGE_GUILD. The seed's
// join_requests are users whose requests are SUBMITTED.

type joinRequest struct {
	id, user       Snowflake
	created        string
	reviewed       *string
	status, reason *string
}

type wireJoinRequest struct {
	ID              string    `json:"id"`
	CreatedAt       string    `json:"created_at"`
	ReviewedAt      *string   `json:"reviewed_at"`
	Status          *string   `json:"application_status"`
	RejectionReason *string   `json:"rejection_reason"`
	GuildID         string    `json:"guild_id"`
	UserID          string    `json:"user_id"`
	User            *wireUser `json:"user"`
}

type wireJoinRequests struct {
	Total    int               `json:"total"`
	Requests []wireJoinRequest `json:"guild_join_requests"`
}

// joinRequests is gs's requests, made from the seed on first use; st.mu
// must be held.
func (e *Emulator) joinRequests(c *call, gs *guildState) []*joinRequest {
	a := e.st.adm()
	if a.joins == nil {
		a.joins = map[Snowflake][]*joinRequest{}
	}
	if _, made := a.joins[gs.g.ID]; !made {
		list := []*joinRequest{}
		for _, u := range gs.g.JoinRequests {
			submitted := "SUBMITTED"
			e.st.addUser(u)
			list = append(list, &joinRequest{id: e.st.mint(c.now), user: u.ID, created: formatTime(c.now), status: &submitted})
		}
		a.joins[gs.g.ID] = list
	}
	return a.joins[gs.g.ID]
}

func (e *Emulator) wireJoin(gs *guildState, r *joinRequest) wireJoinRequest {
	w := wireJoinRequest{ID: r.id.String(), CreatedAt: r.created, ReviewedAt: r.reviewed, Status: r.status,
		RejectionReason: r.reason, GuildID: gs.g.ID.String(), UserID: r.user.String()}
	if u := e.st.users[r.user]; u != nil {
		wu := toWireUser(u)
		w.User = &wu
	}
	return w
}

func (e *Emulator) listJoinRequests(c *call) response {
	limit, ferr := c.intQuery("limit", 100, 1, 100)
	if ferr != nil {
		return fail(ferr)
	}
	status := string(c.ctx.QueryArgs().Peek("status"))
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	out := wireJoinRequests{Requests: []wireJoinRequest{}}
	for _, r := range e.joinRequests(c, gs) {
		if status != "" && (r.status == nil || *r.status != status) || len(out.Requests) == limit {
			continue
		}
		out.Requests = append(out.Requests, e.wireJoin(gs, r))
	}
	out.Total = len(out.Requests)
	return ok(out)
}

func (e *Emulator) reviewJoinRequest(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	action := body.Get("action").String()
	if action != "APPROVED" && action != "REJECTED" {
		return fail(formError("BASE_TYPE_CHOICES", "Value must be one of ('APPROVED', 'REJECTED').", "action"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	id, err := c.snowflake("request_id")
	if err != nil {
		return fail(err)
	}
	list := e.joinRequests(c, gs)
	i := slices.IndexFunc(list, func(r *joinRequest) bool { return r.id == id })
	if i < 0 {
		return fail(errNotFound)
	}
	r := list[i]
	now := formatTime(c.now)
	r.status, r.reviewed = &action, &now
	if v := body.Get("rejection_reason"); action == "REJECTED" && v.Type == gjson.String {
		r.reason = &v.Str
	}
	if action == "APPROVED" && gs.members[r.user] == nil {
		gs.members[r.user] = &Member{User: *st.users[r.user], Roles: []Snowflake{}, JoinedAt: now}
	}
	return ok(e.wireJoin(gs, r))
}
