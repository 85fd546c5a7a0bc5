package tools

import (
	dg "github.com/bwmarrin/discordgo"
)

// Server administration toolsets (guild, members, moderation, roles,
// users): their shared parameters, output shapes and example ids.

const (
	tsGuild   = "guild"
	tsMembers = "members"
	tsRoles   = "roles"
	tsUsers   = "users"
)

// adminToolsets describe them for list_toolsets.
var adminToolsets = []toolsetInfo{
	{tsGuild, "Read a server and its audit log."},
	{tsMembers, "Read, search and edit members: nicknames, roles, timeouts."},
	{tsRoles, "List, create, edit and delete roles."},
	{tsUsers, "Read users, the bot itself and its servers; leave a server."},
	{tsMCP, "The proxy's own tools: the caller's access context, and validating a call without making it."},
}

// Example ids of the administration rows (not sent).
const (
	exGuild = "444444444444444444"
	exRole  = "555555555555555555"
)

var (
	memberParam = param{name: "user_id", desc: "The member's user id.", typ: tSnowflake, in: inPath, required: true}
	roleParam   = param{name: "role_id", desc: "The role's id.", typ: tSnowflake, in: inPath, required: true}
	permsParam  = param{name: "permissions", desc: "Permissions by name (e.g. [\"ManageMessages\",\"KickMembers\"]) or Discord's permission integer. Only bits the bot holds, within X-Permission-Bits.", typ: permsT{}, in: inBody}
	auditReason = param{name: "reason", desc: "Why, shown in the server's audit log (up to 512 characters).", typ: str(512), in: inReason}
	roleFields  = []field{
		{name: "id", src: "id", typ: oString},
		{name: "name", src: "name", typ: oString, untrusted: true},
		{name: "permissions", src: "permissions", typ: oString, desc: "Discord's permission integer"},
		{name: "position", src: "position", typ: oInt},
		{name: "color", src: "color", typ: oInt},
		{name: "hoist", src: "hoist", typ: oBool, desc: "shown apart in the member list"},
		{name: "mentionable", src: "mentionable", typ: oBool},
		{name: "managed", src: "managed", typ: oBool, desc: "owned by an integration (a bot's role); cannot be edited"},
	}
	memberFields = []field{
		{name: "user_id", src: "user.id", typ: oString},
		{name: "username", src: "user.username", typ: oString, untrusted: true},
		{name: "global_name", src: "user.global_name", typ: oString, nullable: true, untrusted: true},
		{name: "nick", src: "nick", typ: oString, nullable: true, untrusted: true},
		{name: "role_ids", src: "roles", typ: oString, desc: "the member's role ids, as a JSON list"},
		{name: "joined_at", src: "joined_at", typ: oString, nullable: true},
		{name: "timed_out_until", src: "communication_disabled_until", typ: oString, nullable: true},
		{name: "bot", src: "user.bot", typ: oBool},
	}
	doneFields = func(keys ...string) []field {
		out := []field{{name: "ok", src: "const:true", typ: oBool}}
		for _, k := range keys {
			out = append(out, field{name: k, src: "arg:" + k, typ: oString})
		}
		return out
	}
)

// Permissions the administration rows need.
const (
	permRoles       = dg.PermissionManageRoles
	permKick        = dg.PermissionKickMembers
	permBan         = dg.PermissionBanMembers
	permModerate    = dg.PermissionModerateMembers
	permManageGuild = dg.PermissionManageGuild
)
