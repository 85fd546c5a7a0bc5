package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The users toolset: users, the bot itself and the servers it is in.
// Leaving a server is a write that names one guild, so it is refused for
// guilds outside X-Target-Guilds.

var userSpecs = []*spec{
	{
		name: "get_user", title: "Get user", toolset: tsUsers,
		desc:   "Describe a Discord user by id: username, display name, bot or not.",
		params: []param{{name: "user_id", desc: "The user's id.", typ: tSnowflake, in: inPath, required: true}},
		ann:    mcp.Annotations{Title: "Get user", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TUsersUserID,
		out:      userFields,
		examples: []example{{`{"user_id":"` + exUsr + `"}`, `GET /users/` + exUsr}},
	},
	{
		name: "get_current_user", title: "Get the bot's user", toolset: tsUsers,
		desc:   "Describe the bot's own user.",
		ann:    mcp.Annotations{Title: "Get the bot's user", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TUsersMe,
		out:      userFields,
		examples: []example{{`{}`, `GET /users/@me`}},
	},
	{
		name: "list_my_guilds", title: "List the bot's servers", toolset: tsUsers,
		desc: "List the servers the bot is in (within the caller's scope), by id; page with after.",
		params: []param{
			{name: "limit", desc: "How many servers (1-200).", typ: intRange(1, 200, i64(200)), in: inQuery},
			{name: "after", desc: "Only servers with ids above this one.", typ: tSnowflake, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "List the bot's servers", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TUsersMeGuilds,
		out: []field{{name: "guilds", src: "@this", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, untrusted: true},
			{name: "owner", src: "owner", typ: oBool, desc: "the bot owns it"},
			{name: "permissions", src: "permissions", typ: oString, desc: "the bot's permissions there"},
		}}},
		examples: []example{{`{"limit":10}`, `GET /users/@me/guilds?limit=10`}},
	},
	{
		name: "leave_guild", title: "Leave server", toolset: tsUsers,
		desc:   "Make the bot leave a server. It cannot come back without being invited again.",
		params: []param{{name: "guild_id", desc: "The server to leave.", typ: tSnowflake, in: inPath, required: true}},
		ann:    mcp.Annotations{Title: "Leave server", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "DELETE", path: route.TUsersMeGuildsGuildID,
		out:      doneFields("guild_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `"}`, `DELETE /users/@me/guilds/` + exGuild}},
	},
}
