package tools

import (
	"context"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// Complete implements mcp.Completer: guild, channel, role and member ids
// (resource-template parameters) and names or ids (prompt arguments)
// within the caller's scope, prefix-matched without case, from the lookup
// cache (one fetch through the limiter on a miss).
func (f *Full) Complete(ctx context.Context, req mcp.CompleteRequest) (mcp.Completion, error) {
	kind, byID, ok := completionKind(req)
	if !ok {
		return mcp.Completion{}, nil
	}
	guild := f.contextGuild(ctx, req)
	var guilds []string
	if kind == lookGuilds {
		guilds = []string{""}
	} else if guild != "" {
		guilds = []string{guild}
	} else if kind == lookChannels {
		gs, _ := f.list(ctx, lookGuilds, "")
		for i, g := range gs {
			if i < maxListedGuilds {
				guilds = append(guilds, g.id)
			}
		}
	}
	prefix := strings.ToLower(strings.TrimPrefix(req.Value, "#"))
	var values []string
	seen := map[string]bool{}
	for _, g := range guilds {
		es, err := f.list(ctx, kind, g)
		if err != nil {
			if refused(err) {
				continue // the scope may not list these (e.g. members without the intent)
			}
			return mcp.Completion{}, readError(err)
		}
		for _, e := range es {
			if v, ok := match(e, prefix, byID || isDigits(prefix) && prefix != ""); ok && !seen[v] {
				seen[v] = true
				values = append(values, v)
			}
		}
	}
	c := mcp.Completion{Values: values, Total: len(values)}
	if len(values) > mcp.MaxCompletionValues {
		c.Values, c.HasMore = values[:mcp.MaxCompletionValues], true
	}
	return c, nil
}

// completionKind maps the argument to the list it completes from; byID
// says the value is an id (a template parameter).
func completionKind(req mcp.CompleteRequest) (kind lookupKind, byID, ok bool) {
	if req.URITemplate != "" {
		switch req.Argument {
		case "guild_id":
			return lookGuilds, true, true
		case "channel_id":
			return lookChannels, true, true
		}
		return 0, false, false
	}
	p := promptByName(req.Prompt)
	if p == nil {
		return 0, false, false
	}
	for _, a := range p.args {
		if a.name != req.Argument {
			continue
		}
		switch a.kind {
		case argGuild:
			return lookGuilds, false, true
		case argChannel:
			return lookChannels, false, true
		case argRole:
			return lookRoles, false, true
		case argMember:
			return lookMembers, false, true
		}
	}
	return 0, false, false
}

// contextGuild is the guild the other arguments name: an id in guild_id
// or guild, a guild name, or the caller's current guild.
func (f *Full) contextGuild(ctx context.Context, req mcp.CompleteRequest) string {
	for _, k := range []string{"guild_id", "guild"} {
		v := req.Context[k]
		if v == "" {
			continue
		}
		r := &resolver{f: f, ctx: ctx}
		if e, ok := r.find(lookGuilds, "", v); ok {
			return e.id
		}
		return ""
	}
	if ch := req.Context["channel_id"]; ch != "" {
		if info, ok := f.p.Cache().Peek(ch); ok {
			return info.GuildID
		}
	}
	if s := policy.FromContext(ctx); s != nil && s.CurrentGuild != "" {
		return s.CurrentGuild
	}
	return ""
}

// match reports the value to offer for e: its id when ids are wanted,
// else its name; prefix is lower case.
func match(e entry, prefix string, byID bool) (string, bool) {
	name := strings.ToLower(e.name)
	hit := strings.HasPrefix(name, prefix) || strings.HasPrefix(e.id, prefix) || e.alt != "" && strings.HasPrefix(strings.ToLower(e.alt), prefix)
	if !hit {
		return "", false
	}
	if byID {
		return e.id, true
	}
	return e.name, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
