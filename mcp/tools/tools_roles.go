package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The roles toolset. Creating or editing a role needs Manage Roles, acts
// only on roles below the bot's highest, and grants only bits the bot
// holds; the firewall refuses bits beyond X-Permission-Bits, and edits or
// deletes of existing roles while X-Target-Users is restricted (a role
// reaches every member holding it).

var roleBody = []param{
	{name: "name", desc: "The role's name (up to 100 characters).", typ: strT{min: 1, max: 100}, in: inBody},
	permsParam,
	{name: "color", desc: "RGB color as an integer (0 for none), e.g. 3447003.", typ: intRange(0, 0xffffff, nil), in: inBody},
	{name: "hoist", desc: "Show its members apart in the member list.", typ: tBool, in: inBody},
	{name: "mentionable", desc: "Anyone may @mention it.", typ: tBool, in: inBody},
	auditReason,
}

var roleSpecs = []*spec{
	{
		name: "list_roles", title: "List roles", toolset: tsRoles,
		desc:   "List a server's roles with their permissions and positions (higher positions outrank lower ones).",
		params: []param{guildParam},
		ann:    mcp.Annotations{Title: "List roles", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDRoles,
		out:      []field{{name: "roles", src: "@this", typ: oArray, items: roleFields}},
		examples: []example{{`{"guild_id":"` + exGuild + `"}`, `GET /guilds/` + exGuild + `/roles`}},
	},
	{
		name: "get_role", title: "Get role", toolset: tsRoles,
		desc:   "Describe one role: name, permissions, position, color.",
		params: []param{guildParam, roleParam},
		ann:    mcp.Annotations{Title: "Get role", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDRolesRoleID,
		out:      roleFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","role_id":"` + exRole + `"}`, `GET /guilds/` + exGuild + `/roles/` + exRole}},
	},
	{
		name: "create_role", title: "Create role", toolset: tsRoles,
		desc:   "Create a role, with permissions given by name. It is placed just above @everyone.",
		params: append([]param{guildParam}, roleBody...),
		ann:    mcp.Annotations{Title: "Create role", OpenWorldHint: true},
		needs:  access{perms: permRoles},
		method: "POST", path: route.TGuildsGuildIDRoles,
		out: roleFields,
		examples: []example{
			{`{"guild_id":"` + exGuild + `","name":"helpers","permissions":["ManageMessages","KickMembers"],"color":3447003,"hoist":true}`,
				`POST /guilds/` + exGuild + `/roles {"name":"helpers","permissions":8194,"color":3447003,"hoist":true}`},
			{`{"guild_id":"` + exGuild + `","name":"quiet","permissions":1024}`, `POST /guilds/` + exGuild + `/roles {"name":"quiet","permissions":1024}`},
		},
	},
	{
		name: "modify_role", title: "Modify role", toolset: tsRoles,
		desc:   "Change a role's name, permissions (by name or integer; replaces them all), color, hoist or mentionable.",
		params: append([]param{guildParam, roleParam}, roleBody...),
		oneOf:  []string{"name", "permissions", "color", "hoist", "mentionable"},
		ann:    mcp.Annotations{Title: "Modify role", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permRoles},
		method: "PATCH", path: route.TGuildsGuildIDRolesRoleID,
		out: roleFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","role_id":"` + exRole + `","mentionable":false,"permissions":["ViewChannel"]}`,
			`PATCH /guilds/` + exGuild + `/roles/` + exRole + ` {"permissions":1024,"mentionable":false}`}},
	},
	{
		name: "delete_role", title: "Delete role", toolset: tsRoles,
		desc:   "Delete a role; every member holding it loses it.",
		params: []param{guildParam, roleParam, auditReason},
		ann:    mcp.Annotations{Title: "Delete role", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permRoles},
		method: "DELETE", path: route.TGuildsGuildIDRolesRoleID,
		out:      doneFields("role_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","role_id":"` + exRole + `"}`, `DELETE /guilds/` + exGuild + `/roles/` + exRole}},
	},
}
