package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The moderation toolset: kicks and bans. Discord refuses the owner and
// anyone at or above the bot's highest role; the firewall refuses users
// outside X-Target-Users and servers outside X-Target-Guilds.

var banFields = []field{
	{name: "user_id", src: "user.id", typ: oString},
	{name: "username", src: "user.username", typ: oString, untrusted: true},
	{name: "reason", src: "reason", typ: oString, nullable: true, untrusted: true},
}

var moderationSpecs = []*spec{
	{
		name: "kick_member", title: "Kick member", toolset: tsModeration,
		desc:   "Remove a member from a server (they may rejoin with an invite).",
		params: []param{guildParam, memberParam, auditReason},
		ann:    mcp.Annotations{Title: "Kick member", DestructiveHint: true, OpenWorldHint: true},
		needs:  access{perms: permKick},
		method: "DELETE", path: route.TGuildsGuildIDMembersUserID,
		out:      doneFields("user_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `","reason":"spam"}`, `DELETE /guilds/` + exGuild + `/members/` + exUsr}},
	},
	{
		name: "ban_member", title: "Ban user", toolset: tsModeration,
		desc: "Ban a user from a server (members are removed), optionally deleting their messages of the last delete_message_seconds (up to 7 days).",
		params: []param{guildParam,
			{name: "user_id", desc: "The user to ban.", typ: tSnowflake, in: inPath, required: true},
			{name: "delete_message_seconds", desc: "Delete their messages this many seconds back (0-604800).", typ: intRange(0, 604800, nil), in: inBody},
			auditReason},
		ann:    mcp.Annotations{Title: "Ban user", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permBan},
		method: "PUT", path: route.TGuildsGuildIDBansUserID,
		out: doneFields("user_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `","delete_message_seconds":3600}`,
			`PUT /guilds/` + exGuild + `/bans/` + exUsr + ` {"delete_message_seconds":3600}`}},
	},
	{
		name: "bulk_ban", title: "Ban users in bulk", toolset: tsModeration,
		desc: "Ban up to 200 users at once; the answer lists who was banned and who was not.",
		params: []param{guildParam,
			{name: "user_ids", desc: "The users to ban (1-200).", typ: arrayT{item: tSnowflake, min: 1, max: 200, unique: true}, in: inBody, required: true},
			{name: "delete_message_seconds", desc: "Delete their messages this many seconds back (0-604800).", typ: intRange(0, 604800, nil), in: inBody},
			auditReason},
		ann:    mcp.Annotations{Title: "Ban users in bulk", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permBan | dg.PermissionManageGuild},
		method: "POST", path: route.TGuildsGuildIDBulkBan,
		out: []field{
			{name: "banned", src: "banned_users.#", typ: oInt, desc: "how many were banned"},
			{name: "failed", src: "failed_users.#", typ: oInt, desc: "how many could not be"},
			{name: "banned_user_ids", src: "banned_users", typ: oString, desc: "as a JSON list"},
			{name: "failed_user_ids", src: "failed_users", typ: oString, desc: "as a JSON list"},
		},
		examples: []example{{`{"guild_id":"` + exGuild + `","user_ids":["` + exUsr + `"]}`, `POST /guilds/` + exGuild + `/bulk-ban {"user_ids":["` + exUsr + `"]}`}},
	},
	{
		name: "unban_user", title: "Unban user", toolset: tsModeration,
		desc: "Lift a user's ban.",
		params: []param{guildParam,
			{name: "user_id", desc: "The banned user.", typ: tSnowflake, in: inPath, required: true},
			auditReason},
		ann:    mcp.Annotations{Title: "Unban user", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permBan},
		method: "DELETE", path: route.TGuildsGuildIDBansUserID,
		out:      doneFields("user_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `"}`, `DELETE /guilds/` + exGuild + `/bans/` + exUsr}},
	},
	{
		name: "list_bans", title: "List bans", toolset: tsModeration,
		desc: "List a server's bans with their reasons, by user id; page on with after.",
		params: []param{guildParam,
			{name: "limit", desc: "How many bans (1-1000).", typ: intRange(1, 1000, i64(100)), in: inQuery},
			{name: "after", desc: "Only bans of user ids above this one.", typ: tSnowflake, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "List bans", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permBan},
		method: "GET", path: route.TGuildsGuildIDBans,
		out:      []field{{name: "bans", src: "@this", typ: oArray, items: banFields}},
		examples: []example{{`{"guild_id":"` + exGuild + `"}`, `GET /guilds/` + exGuild + `/bans?limit=100`}},
	},
	{
		name: "get_ban", title: "Get ban", toolset: tsModeration,
		desc: "Read one user's ban and its reason.",
		params: []param{guildParam,
			{name: "user_id", desc: "The banned user.", typ: tSnowflake, in: inPath, required: true}},
		ann:    mcp.Annotations{Title: "Get ban", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permBan},
		method: "GET", path: route.TGuildsGuildIDBansUserID,
		out:      banFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `"}`, `GET /guilds/` + exGuild + `/bans/` + exUsr}},
	},
}
