package discordtest

import (
	"slices"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Users and guilds: read-only routes.

func (e *Emulator) getMe(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	return ok(wireMe{wireUser: toWireUser(st.users[st.botID]), Locale: "en-US", Verified: true})
}

func (e *Emulator) getUser(c *call) response {
	id, err := c.snowflake("user_id")
	if err != nil {
		return fail(err)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	u := st.users[id]
	if u == nil {
		return fail(errUnknownUser)
	}
	return ok(toWireUser(u))
}

func (e *Emulator) getMyGuilds(c *call) response {
	limit, ferr := c.intQuery("limit", 200, 1, 200)
	if ferr != nil {
		return fail(ferr)
	}
	before, ferr := c.snowflakeQuery("before")
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
	ids := slices.Clone(st.order)
	slices.Sort(ids)
	out := []wirePartialGuild{}
	for _, id := range ids {
		gs := st.guilds[id]
		if gs.members[st.botID] == nil || (before != 0 && id >= before) || id <= after {
			continue
		}
		if len(out) == limit {
			break
		}
		g := &gs.g
		out = append(out, wirePartialGuild{ID: id.String(), Name: g.Name, Icon: g.Icon, Owner: g.OwnerID == st.botID,
			Permissions: strconv.FormatUint(uint64(gs.basePerms(st.botID)), 10), Features: g.Features})
	}
	return ok(out)
}

// guild resolves guild_id to a guild the bot is in; st.mu must be held.
func (e *Emulator) guild(c *call) (*guildState, *apiError) {
	id, err := c.snowflake("guild_id")
	if err != nil {
		return nil, err
	}
	gs := e.st.guilds[id]
	if gs == nil {
		return nil, errUnknownGuild
	}
	if gs.members[e.st.botID] == nil {
		return nil, errMissingAccess
	}
	return gs, nil
}

func (e *Emulator) getGuild(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	return ok(toWireGuild(gs, string(c.ctx.QueryArgs().Peek("with_counts")) == "true"))
}

func (e *Emulator) getGuildChannels(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	// Threads are not guild channels here, as on Discord.
	var list []*Channel
	for _, ch := range st.channels {
		if ch.GuildID == gs.g.ID && !isThread(ch.Type) {
			list = append(list, ch)
		}
	}
	slices.SortFunc(list, func(a, b *Channel) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return cmpSnowflake(a.ID, b.ID)
	})
	out := make([]wireChannel, 0, len(list))
	for _, ch := range list {
		out = append(out, toWireChannel(ch, 0))
	}
	return ok(out)
}

func (e *Emulator) getGuildRoles(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	out := make([]wireRole, 0, len(gs.roles))
	for _, r := range gs.roles {
		out = append(out, toWireRole(r))
	}
	return ok(out)
}

func (e *Emulator) getGuildRole(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	id, err := c.snowflake("role_id")
	if err != nil {
		return fail(err)
	}
	for _, r := range gs.roles {
		if r.ID == id {
			return ok(toWireRole(r))
		}
	}
	return fail(errUnknownRole)
}

func (e *Emulator) listMembers(c *call) response {
	limit, ferr := c.intQuery("limit", 1, 1, 1000)
	if ferr != nil {
		return fail(ferr)
	}
	after, ferr := c.snowflakeQuery("after")
	if ferr != nil {
		return fail(ferr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	ids := make([]Snowflake, 0, len(gs.members))
	for id := range gs.members {
		if id > after {
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

func (e *Emulator) getMember(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	uid, err := c.snowflake("user_id")
	if err != nil {
		return fail(err)
	}
	m := gs.members[uid]
	switch {
	case m != nil:
		return ok(toWireMember(m))
	case e.st.users[uid] == nil:
		return fail(errUnknownUser)
	}
	return fail(errUnknownMember)
}

// channel resolves channel_id and checks the bot may see it and holds
// need; st.mu must be held. Missing VIEW_CHANNEL is Discord's 50001.
func (e *Emulator) channel(c *call, need Perm) (*Channel, *apiError) {
	id, err := c.snowflake("channel_id")
	if err != nil {
		return nil, err
	}
	ch := e.st.channels[id]
	if ch == nil {
		return nil, errUnknownChannel
	}
	p := e.st.channelPerms(ch, e.st.botID)
	if p&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	if p&need != need {
		return nil, errMissingPerms
	}
	return ch, nil
}

// perms is the bot's permissions in ch; st.mu must be held.
func (e *Emulator) perms(ch *Channel) Perm { return e.st.channelPerms(ch, e.st.botID) }
