package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Guild templates, in the guild toolset: a server's settings, roles and
// channels saved as a code others can create servers from. A server has
// at most one.

var (
	codeParam      = param{name: "code", desc: "The template's code.", typ: strT{min: 1, max: 64}, in: inPath, required: true}
	templateFields = []field{
		{name: "code", src: "code", typ: oString},
		{name: "name", src: "name", typ: oString, untrusted: true},
		{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
		{name: "usage_count", src: "usage_count", typ: oInt},
		{name: "updated_at", src: "updated_at", typ: oString},
		{name: "is_dirty", src: "is_dirty", typ: oBool, nullable: true, desc: "the server changed since the last sync"},
	}
	templateText = []param{
		{name: "name", desc: "The template's name (1-100 characters).", typ: strT{min: 1, max: 100}, in: inBody},
		{name: "description", desc: "Up to 120 characters.", typ: str(120), in: inBody},
	}
)

var templateSpecs = []*spec{
	guildRead("list_guild_templates", "List server templates", "A server's template (at most one), with its code.",
		route.TGuildsGuildIDTemplates, manageGuild, []field{{name: "templates", src: "@this", typ: oArray, items: templateFields}}),
	{
		name: "create_guild_template", title: "Create server template", toolset: tsGuild,
		desc:   "Save a server's settings, roles and channels as a template (a server has at most one).",
		params: append([]param{guildParam, {name: "name", desc: templateText[0].desc, typ: templateText[0].typ, in: inBody, required: true}}, templateText[1]),
		ann:    mcp.Annotations{Title: "Create server template", OpenWorldHint: true},
		needs:  manageGuild,
		method: "POST", path: route.TGuildsGuildIDTemplates,
		out:      templateFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","name":"base"}`, `POST /guilds/` + exGuild + `/templates {"name":"base"}`}},
	},
	{
		name: "sync_guild_template", title: "Sync server template", toolset: tsGuild,
		desc:   "Update a template to the server's current settings, roles and channels.",
		params: []param{guildParam, codeParam},
		ann:    mcp.Annotations{Title: "Sync server template", IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "PUT", path: route.TGuildsGuildIDTemplatesCode,
		out:      templateFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","code":"hgM48av5Q69A"}`, `PUT /guilds/` + exGuild + `/templates/hgM48av5Q69A`}},
	},
	{
		name: "modify_guild_template", title: "Modify server template", toolset: tsGuild,
		desc:   "Rename a template or change its description.",
		params: append([]param{guildParam, codeParam}, templateText...),
		oneOf:  []string{"name", "description"},
		ann:    mcp.Annotations{Title: "Modify server template", IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "PATCH", path: route.TGuildsGuildIDTemplatesCode,
		out:      templateFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","code":"hgM48av5Q69A","description":"our setup"}`, `PATCH /guilds/` + exGuild + `/templates/hgM48av5Q69A {"description":"our setup"}`}},
	},
	{
		name: "delete_guild_template", title: "Delete server template", toolset: tsGuild,
		desc:   "Delete a server's template; its code stops working.",
		params: []param{guildParam, codeParam},
		ann:    mcp.Annotations{Title: "Delete server template", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "DELETE", path: route.TGuildsGuildIDTemplatesCode,
		out:      templateFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","code":"hgM48av5Q69A"}`, `DELETE /guilds/` + exGuild + `/templates/hgM48av5Q69A`}},
	},
}
