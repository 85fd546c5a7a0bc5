package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Names instead of ids: every channel_id, guild_id, user_id or role_id
// parameter has a <kind>_name sibling. A name resolves by listing what the
// caller's scope reaches, through proxy.Do (whose answers are filtered to
// the scope): a name outside the scope is simply not in the list, so it
// answers exactly as a name that does not exist.

// nameKind is one kind of named thing.
type nameKind struct {
	id, name, noun string
}

var nameKinds = []nameKind{
	{"channel_id", "channel_name", "channel"},
	{"guild_id", "guild_name", "server"},
	{"user_id", "user_name", "user"},
	{"role_id", "role_name", "role"},
}

// withNames is a copy of sp whose id parameters each have a name sibling,
// exclusive with the id, and that takes the extra parameters after them:
// one copy of the row for every parameter the catalog adds.
func withNames(sp *spec, extra ...param) *spec {
	var add []param
	var groups [][]string
	for _, p := range sp.params {
		for _, k := range nameKinds {
			if p.name == k.id {
				add = append(add, param{name: k.name, typ: strT{min: 1, max: 100}, resolves: k.id,
					desc: "Or the " + k.noun + "'s name."})
				groups = append(groups, []string{k.id, k.name})
			}
		}
	}
	if len(add) == 0 && len(extra) == 0 {
		return sp
	}
	cp := *sp
	cp.params = make([]param, 0, len(sp.params)+len(add)+len(extra))
	cp.params = append(append(append(cp.params, sp.params...), add...), extra...)
	for i := range cp.params {
		for _, a := range add {
			if cp.params[i].name == a.resolves {
				cp.params[i].named = a.name
			}
		}
	}
	if len(groups) > 0 {
		cp.exclusive = append(append([][]string(nil), sp.exclusive...), groups...)
	}
	return &cp
}

// resolveNames fills each id from its given name; the result is the
// failure to give the model when a name does not resolve. The server is
// resolved first: a call's other names (role, member, channel) are then
// looked for in its server only, as the ids they stand for must be.
func (c *Catalog) resolveNames(ctx context.Context, sp *spec, a *args) *mcp.ToolResult {
	for _, guildPass := range [2]bool{true, false} {
		for i := range sp.params {
			p := &sp.params[i]
			if p.resolves == "" || (p.resolves == "guild_id") != guildPass {
				continue
			}
			name, ok := a.given(p.name)
			if !ok {
				continue
			}
			id, res := c.resolve(ctx, p.resolves, name.Str, a.str("guild_id"))
			if res != nil {
				return res
			}
			for j := range sp.params {
				if sp.params[j].name == p.resolves {
					a.vals[j].filled = id
				}
			}
		}
	}
	return nil
}

// candidate is one named thing in reach.
type candidate struct{ id, name string }

// resolve finds name among the things of kind in reach; guild, when the
// call names one, narrows the search to it.
func (c *Catalog) resolve(ctx context.Context, kind, name, guild string) (string, *mcp.ToolResult) {
	var cands []candidate
	var res *mcp.ToolResult
	switch kind {
	case "guild_id":
		cands, res = c.guildsInReach(ctx)
	case "channel_id":
		cands, res = c.inGuilds(ctx, guild, route.TGuildsGuildIDChannels, "", "name")
	case "role_id":
		cands, res = c.inGuilds(ctx, guild, route.TGuildsGuildIDRoles, "", "name")
	case "user_id":
		cands, res = c.inGuilds(ctx, guild, route.TGuildsGuildIDMembers, "limit=1000", "user.username", "user.global_name", "nick")
	}
	if res != nil {
		return "", res
	}
	return pick(kind, name, cands)
}

// pick finds name among cands: case-insensitive, a leading # or @ ignored.
func pick(kind, name string, cands []candidate) (string, *mcp.ToolResult) {
	want := strings.ToLower(strings.TrimLeft(name, "#@"))
	var hits []candidate
	for _, cd := range cands {
		if strings.ToLower(cd.name) == want && !containsID(hits, cd.id) {
			hits = append(hits, cd)
		}
	}
	noun := strings.TrimSuffix(kind, "_id")
	switch len(hits) {
	case 0:
		return "", failure(proxy.InvalidInput, fmt.Sprintf("no %s named %q was found", noun, name),
			"Check the name, or give the "+kind+".")
	case 1:
		return hits[0].id, nil
	}
	var b strings.Builder
	for i, h := range hits[:min(10, len(hits))] {
		if i > 0 {
			b.WriteString(", ")
		}
		// Quoted: Discord's names are written by anyone on the server, so
		// they go into the message as data, never as free text.
		fmt.Fprintf(&b, "%q (%s)", h.name, h.id)
	}
	return "", failure(proxy.InvalidInput, fmt.Sprintf("%d %ss are named %q: %s", len(hits), noun, name, b.String()),
		"Give the "+kind+" of the one you mean.")
}

func containsID(cs []candidate, id string) bool {
	for _, c := range cs {
		if c.id == id {
			return true
		}
	}
	return false
}

// guildsInReach lists the guilds the bot is in that the scope allows.
func (c *Catalog) guildsInReach(ctx context.Context) ([]candidate, *mcp.ToolResult) {
	resp, res := c.send(ctx, &proxy.Request{Method: "GET", Path: route.TUsersMeGuilds})
	if res != nil {
		return nil, res
	}
	s := policy.FromContext(ctx)
	var out []candidate
	parse(resp.Body).ForEach(func(_, g gjson.Result) bool {
		if id := g.Get("id").Str; s == nil || s.AllowsGuild(id) {
			out = append(out, candidate{strings.Clone(id), strings.Clone(g.Get("name").Str)})
		}
		return true
	})
	return out, nil
}

// inGuilds lists template's items (channels, roles, members) in the
// call's guild when it names one (the firewall judges it as it lists),
// else in the current guild when the caller set one (and may reach it),
// else in every guild in reach, reading each item's name from the first
// of keys present.
func (c *Catalog) inGuilds(ctx context.Context, guild, template, query string, keys ...string) ([]candidate, *mcp.ToolResult) {
	s := policy.FromContext(ctx)
	guilds := []candidate{{id: guild}}
	if guild == "" {
		var res *mcp.ToolResult
		if guilds, res = c.guildsInReach(ctx); res != nil {
			return nil, res
		}
		if s != nil && s.CurrentGuild != "" && containsID(guilds, s.CurrentGuild) {
			guilds = []candidate{{id: s.CurrentGuild}}
		}
	}
	var out []candidate
	for _, g := range guilds {
		resp, res := c.send(ctx, &proxy.Request{Method: "GET", Path: fill(template, g.id), Query: query})
		if res != nil {
			return nil, res
		}
		parse(resp.Body).ForEach(func(_, v gjson.Result) bool {
			id := v.Get("id").Str
			if id == "" {
				id = v.Get("user.id").Str
			}
			if !inScope(s, template, id, v) {
				return true
			}
			for _, k := range keys {
				if n := v.Get(k); n.Type == gjson.String && n.Str != "" {
					out = append(out, candidate{strings.Clone(id), strings.Clone(n.Str)})
				}
			}
			return true
		})
	}
	return out, nil
}

// inScope re-checks an item against the scope (the proxy filters answers
// already; a name must never resolve to what the caller may not touch).
func inScope(s *policy.Scope, template, id string, v gjson.Result) bool {
	switch {
	case s == nil:
		return true
	case template == route.TGuildsGuildIDChannels:
		return s.AllowsListedChannel(id, v.Get("parent_id").Str, int(v.Get("type").Int()))
	case template == route.TGuildsGuildIDMembers:
		return s.AllowsUser(id)
	}
	return true
}
