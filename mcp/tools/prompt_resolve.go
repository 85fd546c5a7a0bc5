package tools

import (
	"context"
	"strings"
)

// resolver resolves a prompt's guild, channel, role and member arguments
// within the caller's scope, remembering the guild for the others.
type resolver struct {
	f                *Full
	ctx              context.Context
	guild, channel   string
	guildN, channelN string
}

// check validates one argument and returns how the prompt shows it.
func (r *resolver) check(a promptArg, v string) (string, error) {
	switch a.kind {
	case argGuild:
		e, ok := r.find(lookGuilds, "", v)
		if !ok {
			return "", badPromptArg(a.name, "no guild "+quoteArg(v)+" you can see")
		}
		r.guild, r.guildN = e.id, e.name
		return e.name + " (id " + e.id + ")", nil
	case argChannel:
		e, ok := r.findChannel(v)
		if !ok {
			return "", badPromptArg(a.name, "no channel "+quoteArg(v)+" you can see")
		}
		if a.name == "channel" {
			r.channel, r.channelN = e.id, e.name
		}
		return "#" + e.name + " (id " + e.id + ")", nil
	case argRole, argMember:
		kind := lookRoles
		if a.kind == argMember {
			kind = lookMembers
		}
		e, ok := r.find(kind, r.guildOf(), v)
		if !ok {
			return "", badPromptArg(a.name, "no such "+map[lookupKind]string{lookRoles: "role", lookMembers: "member"}[kind]+" "+quoteArg(v)+" you can see")
		}
		return e.name + " (id " + e.id + ")", nil
	}
	return checkPlain(a, v)
}

func quoteArg(v string) string {
	if len(v) > 100 {
		v = v[:100] + "…"
	}
	return `"` + v + `"`
}

// guildOf is the guild named so far, or the channel's guild.
func (r *resolver) guildOf() string {
	if r.guild == "" && r.channel != "" {
		if info, ok := r.f.p.Cache().Peek(r.channel); ok {
			return info.GuildID
		}
	}
	return r.guild
}

// find looks v (an id, or a name without case) up in a list.
func (r *resolver) find(kind lookupKind, guild, v string) (entry, bool) {
	if kind != lookGuilds && guild == "" {
		return entry{}, false
	}
	es, err := r.f.list(r.ctx, kind, guild)
	if err != nil {
		return entry{}, false
	}
	for _, e := range es {
		if e.id == v || strings.EqualFold(e.name, v) || e.alt != "" && strings.EqualFold(e.alt, v) {
			return e, true
		}
	}
	return entry{}, false
}

// findChannel resolves a channel id through the scope check and the
// metadata cache, or a name in the prompt's guild (or any guild the
// caller sees when none was named).
func (r *resolver) findChannel(v string) (entry, bool) {
	if isID(v) {
		u := resURI{kind: resChannel, channel: v}
		if r.f.allowed(r.ctx, &u) != nil {
			return entry{}, false
		}
		info, ok := r.f.p.Cache().Peek(v)
		if !ok {
			return entry{}, false
		}
		if r.guild != "" && info.GuildID != r.guild {
			return entry{}, false
		}
		return entry{id: v, name: info.Name, parent: info.ParentID, typ: info.Type}, true
	}
	name := strings.TrimPrefix(v, "#")
	guilds := []string{r.guild}
	if r.guild == "" {
		gs, _ := r.f.list(r.ctx, lookGuilds, "")
		guilds = guilds[:0]
		for i, g := range gs {
			if i < maxListedGuilds {
				guilds = append(guilds, g.id)
			}
		}
	}
	for _, g := range guilds {
		if e, ok := r.find(lookChannels, g, name); ok {
			return e, true
		}
	}
	return entry{}, false
}

// placeholders are the values the prompt text names.
func (r *resolver) placeholders(vals map[string]string) map[string]string {
	out := map[string]string{
		"guild_id": r.guild, "channel_id": r.channel,
		"count": "50", "rules": "the server's rules and Discord's Community Guidelines", "tone": "friendly",
		"alert_channel": "a staff channel of your choice", "message": "a short, friendly greeting",
		"type": "voice", "log_channel": "a staff channel", "since": "one day ago",
		"focus_clause": "", "role_clause": "", "member_clause": "",
	}
	for k, v := range vals {
		out[k] = v
	}
	if v := vals["focus"]; v != "" {
		out["focus_clause"] = ", especially channel " + v
	}
	if v := vals["role"]; v != "" {
		out["role_clause"] = ", especially role " + v
	}
	if v := vals["member"]; v != "" {
		out["member_clause"] = "Look only at messages by " + v + ". "
	}
	return out
}
