package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The guild toolset: a server and its audit log. The audit log is refused
// by the firewall while X-Target-Users or X-Target-Channels is restricted
// (its entries name users and channels that cannot be filtered out).

// auditActions are Discord's audit log action types, by name.
var auditActions = namedIntT{
	names: []string{"guild_update", "channel_create", "channel_update", "channel_delete",
		"channel_overwrite_create", "channel_overwrite_update", "channel_overwrite_delete",
		"member_kick", "member_prune", "member_ban_add", "member_ban_remove", "member_update",
		"member_role_update", "member_move", "member_disconnect", "bot_add",
		"role_create", "role_update", "role_delete", "invite_create", "invite_update", "invite_delete",
		"webhook_create", "webhook_update", "webhook_delete", "emoji_create", "emoji_update", "emoji_delete",
		"message_delete", "message_bulk_delete", "message_pin", "message_unpin",
		"auto_moderation_rule_create", "auto_moderation_rule_update", "auto_moderation_rule_delete",
		"auto_moderation_block_message"},
	vals: []int64{1, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30, 31, 32, 40, 41, 42,
		50, 51, 52, 60, 61, 62, 72, 73, 74, 75, 140, 141, 142, 143},
}

var guildSpecs = []*spec{
	{
		name: "get_guild", title: "Get server", toolset: tsGuild,
		desc: "Describe a server: name, owner, description, features, member count, roles count.",
		params: []param{guildParam,
			{name: "with_counts", desc: "Include the approximate member count.", typ: tBool, in: inQuery}},
		ann:    mcp.Annotations{Title: "Get server", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildID,
		out: []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, untrusted: true},
			{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
			{name: "owner_id", src: "owner_id", typ: oString},
			{name: "features", src: "features", typ: oString, desc: "as a JSON list"},
			{name: "roles", src: "roles.#", typ: oInt, desc: "number of roles"},
			{name: "approximate_member_count", src: "approximate_member_count", typ: oInt, nullable: true, desc: "with with_counts"},
			{name: "preferred_locale", src: "preferred_locale", typ: oString},
			{name: "verification_level", src: "verification_level", typ: oInt},
		},
		examples: []example{{`{"guild_id":"` + exGuild + `","with_counts":true}`, `GET /guilds/` + exGuild + `?with_counts=true`}},
	},
	{
		name: "get_audit_log", title: "Read audit log", toolset: tsGuild,
		desc: "Read a server's audit log, newest first: who did what to whom, and why. Filter by the user who acted, the action, or before/after an entry id.",
		params: []param{guildParam,
			{name: "user_id", desc: "Only entries by this user (the one who acted).", typ: tSnowflake, in: inQuery},
			{name: "action_type", desc: "Only this kind of action.", typ: auditActions, in: inQuery},
			{name: "before", desc: "Only entries before this entry id.", typ: tSnowflake, in: inQuery},
			{name: "after", desc: "Only entries after this entry id.", typ: tSnowflake, in: inQuery},
			{name: "limit", desc: "How many entries (1-100).", typ: intRange(1, 100, i64(50)), in: inQuery},
		},
		ann:    mcp.Annotations{Title: "Read audit log", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewAuditLogs},
		method: "GET", path: route.TGuildsGuildIDAuditLogs,
		out: []field{{name: "entries", src: "audit_log_entries", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString},
			{name: "action_type", src: "action_type", typ: oInt},
			{name: "user_id", src: "user_id", typ: oString, nullable: true, desc: "who acted"},
			{name: "target_id", src: "target_id", typ: oString, nullable: true},
			{name: "reason", src: "reason", typ: oString, nullable: true, untrusted: true},
			{name: "changes", src: "changes", typ: oString, nullable: true, untrusted: true, desc: "what changed, as JSON"},
		}}},
		examples: []example{{`{"guild_id":"` + exGuild + `","action_type":"member_role_update","limit":5}`,
			`GET /guilds/` + exGuild + `/audit-logs?action_type=25&limit=5`}},
	},
}
