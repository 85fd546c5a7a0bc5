package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The members toolset. Listing and searching members needs the
// server_members intent, as on Discord; handing out a role is refused by
// the firewall while X-Permission-Bits is set (a role's bits are unknown
// to the proxy).

var (
	memberTarget = []param{guildParam, memberParam}
	timeoutT     = durationT{max: maxTimeout}
)

var memberSpecs = []*spec{
	{
		name: "get_member", title: "Get member", toolset: tsMembers,
		desc:   "Describe a member of a server: name, nickname, roles, when they joined, timeout.",
		params: memberTarget,
		ann:    mcp.Annotations{Title: "Get member", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDMembersUserID,
		out:      memberFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `"}`, `GET /guilds/` + exGuild + `/members/` + exUsr}},
	},
	{
		name: "list_members", title: "List members", toolset: tsMembers,
		desc: "List a server's members by user id, up to 1000 a page; page on with after (the last user id seen).",
		params: []param{guildParam,
			{name: "limit", desc: "How many members (1-1000).", typ: intRange(1, 1000, i64(100)), in: inQuery},
			{name: "after", desc: "Only members whose user id is above this one.", typ: tSnowflake, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "List members", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{intents: []string{"server_members"}},
		method: "GET", path: route.TGuildsGuildIDMembers,
		out:      []field{{name: "members", src: "@this", typ: oArray, items: memberFields}},
		examples: []example{{`{"guild_id":"` + exGuild + `","after":"` + exUsr + `"}`, `GET /guilds/` + exGuild + `/members?after=` + exUsr + `&limit=100`}},
	},
	{
		name: "search_members", title: "Search members", toolset: tsMembers,
		desc: "Find members whose username, display name or nickname starts with a query.",
		params: []param{guildParam,
			{name: "query", desc: "The start of a name.", typ: strT{min: 1, max: 100}, in: inQuery, required: true},
			{name: "limit", desc: "Most members to return (1-1000).", typ: intRange(1, 1000, i64(25)), in: inQuery},
		},
		ann:    mcp.Annotations{Title: "Search members", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{intents: []string{"server_members"}},
		method: "GET", path: route.TGuildsGuildIDMembersSearch,
		out:      []field{{name: "members", src: "@this", typ: oArray, items: memberFields}},
		examples: []example{{`{"guild_id":"` + exGuild + `","query":"gra"}`, `GET /guilds/` + exGuild + `/members/search?limit=25&query=gra`}},
	},
	{
		name: "modify_member", title: "Modify member", toolset: tsMembers,
		desc: "Change a member: nickname, roles (the full list), voice mute/deafen/move, or a timeout (e.g. 10m, 2h, 7d; up to 28d) and clearing it.",
		params: append(memberTarget,
			param{name: "nick", desc: "New nickname (up to 32 characters; empty removes it).", typ: str(32), in: inBody},
			param{name: "roles", desc: "The member's full new list of role ids.", typ: arrayT{item: tSnowflake, max: 250, unique: true}, in: inBody},
			param{name: "mute", desc: "Mute in voice (the member must be connected).", typ: tBool, in: inBody},
			param{name: "deaf", desc: "Deafen in voice (the member must be connected).", typ: tBool, in: inBody},
			param{name: "move_to_channel_id", desc: "A voice channel to move the member to (the member must be connected).", typ: tSnowflake, in: inBody, key: "channel_id"},
			param{name: "timeout", desc: "Time the member out for this long: 60s, 10m, 2h, 7d (at most 28d).", typ: timeoutT, in: inBody, key: "communication_disabled_until"},
			param{name: "clear_timeout", desc: "true ends the member's timeout now.", typ: clearT{}, in: inBody, key: "communication_disabled_until"},
			auditReason),
		oneOf:     []string{"nick", "roles", "mute", "deaf", "move_to_channel_id", "timeout", "clear_timeout"},
		exclusive: [][]string{{"timeout", "clear_timeout"}},
		ann:       mcp.Annotations{Title: "Modify member", IdempotentHint: true, OpenWorldHint: true},
		method:    "PATCH", path: route.TGuildsGuildIDMembersUserID,
		out: memberFields,
		examples: []example{
			{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `","nick":"grace"}`, `PATCH /guilds/` + exGuild + `/members/` + exUsr + ` {"nick":"grace"}`},
			{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `","clear_timeout":true}`, `PATCH /guilds/` + exGuild + `/members/` + exUsr + ` {"communication_disabled_until":null}`},
		},
	},
	{
		name: "add_member_role", title: "Add role to member", toolset: tsMembers,
		desc:   "Give a member a role (below the bot's highest role).",
		params: []param{guildParam, memberParam, roleParam, auditReason},
		ann:    mcp.Annotations{Title: "Add role to member", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permRoles},
		method: "PUT", path: route.TGuildsGuildIDMembersUserIDRolesRoleID,
		out:      doneFields("user_id", "role_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `","role_id":"` + exRole + `"}`, `PUT /guilds/` + exGuild + `/members/` + exUsr + `/roles/` + exRole}},
	},
	{
		name: "remove_member_role", title: "Remove role from member", toolset: tsMembers,
		desc:   "Take a role away from a member.",
		params: []param{guildParam, memberParam, roleParam, auditReason},
		ann:    mcp.Annotations{Title: "Remove role from member", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permRoles},
		method: "DELETE", path: route.TGuildsGuildIDMembersUserIDRolesRoleID,
		out:      doneFields("user_id", "role_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `","role_id":"` + exRole + `"}`, `DELETE /guilds/` + exGuild + `/members/` + exUsr + `/roles/` + exRole}},
	},
	{
		name: "set_bot_nick", title: "Set the bot's nickname", toolset: tsMembers,
		desc: "Change the bot's own nickname in a server (empty removes it).",
		params: []param{guildParam,
			{name: "nick", desc: "The new nickname (up to 32 characters).", typ: str(32), in: inBody, required: true},
			auditReason},
		ann:    mcp.Annotations{Title: "Set the bot's nickname", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionChangeNickname},
		method: "PATCH", path: route.TGuildsGuildIDMembersMe,
		out:      memberFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","nick":"helper"}`, `PATCH /guilds/` + exGuild + `/members/@me {"nick":"helper"}`}},
	},
}
