package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Reordering roles and counting their members. Reordering is refused by
// the firewall while X-Permission-Bits or X-Target-Users is restricted (a
// role's place decides whom it outranks).

var roleMoreSpecs = []*spec{
	{
		name: "reorder_roles", title: "Reorder roles", toolset: tsRoles,
		desc: "Move roles to new positions (only roles below the bot's highest, to places below it).",
		params: []param{guildParam,
			{name: "positions", desc: "The roles to move and their new positions.", required: true,
				typ: arrayT{min: 1, max: 250, item: objectT{props: []prop{
					{name: "id", typ: tSnowflake, required: true, desc: "the role's id"},
					{name: "position", typ: intRange(1, 250, nil), required: true, desc: "its new position (1 is just above @everyone)"},
				}}}},
			auditReason},
		ann:    mcp.Annotations{Title: "Reorder roles", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permRoles},
		method: "PATCH", path: route.TGuildsGuildIDRoles,
		plan: arrayBodyPlan("positions"),
		run:  runPlanned,
		out:  []field{{name: "roles", src: "@this", typ: oArray, items: roleFields}},
		examples: []example{{`{"guild_id":"` + exGuild + `","positions":[{"id":"` + exRole + `","position":2}]}`,
			`PATCH /guilds/` + exGuild + `/roles [{"id":"` + exRole + `","position":2}]`}},
	},
	{
		name: "role_member_counts", title: "Count role members", toolset: tsRoles,
		desc:   "How many members hold each role of a server.",
		params: []param{guildParam},
		ann:    mcp.Annotations{Title: "Count role members", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDRolesMemberCounts,
		run: runRoleCounts,
		out: []field{{name: "counts", typ: oArray, items: []field{
			{name: "role_id", src: "role_id", typ: oString},
			{name: "members", src: "members", typ: oInt},
		}}},
		examples: []example{{`{"guild_id":"` + exGuild + `"}`, `GET /guilds/` + exGuild + `/roles/member-counts`}},
	},
}

// pruneDays is prune's window; include_roles is a comma list in the
// count's query and an array in the prune's body.
var pruneDays = param{name: "days", desc: "Members inactive this many days (1-30).", typ: intRange(1, 30, i64(7))}

var pruneSpecs = []*spec{
	{
		name: "get_prune_count", title: "Count prunable members", toolset: tsGuild,
		desc: "How many members a prune would remove: those without roles (or only include_roles) inactive for days.",
		params: []param{guildParam,
			{name: pruneDays.name, desc: pruneDays.desc, typ: pruneDays.typ, in: inQuery},
			{name: "include_roles", desc: "Also count members holding only these roles.", typ: idListT{arrayT{item: tSnowflake, max: 100, unique: true}}, in: inQuery}},
		ann:    mcp.Annotations{Title: "Count prunable members", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: permKick},
		method: "GET", path: route.TGuildsGuildIDPrune,
		out:      []field{{name: "pruned", src: "pruned", typ: oInt, nullable: true, desc: "members that would be removed"}},
		examples: []example{{`{"guild_id":"` + exGuild + `","days":30}`, `GET /guilds/` + exGuild + `/prune?days=30`}},
	},
	{
		name: "begin_prune", title: "Prune members", toolset: tsGuild,
		desc: "Remove every member without roles (or with only include_roles) inactive for days. Count first with get_prune_count.",
		params: []param{guildParam,
			{name: pruneDays.name, desc: pruneDays.desc, typ: intRange(1, 30, nil), in: inBody},
			{name: "include_roles", desc: "Also remove members holding only these roles.", typ: arrayT{item: tSnowflake, max: 100, unique: true}, in: inBody},
			{name: "compute_prune_count", desc: "Answer with how many were removed (slow on large servers).", typ: tBool, in: inBody},
			auditReason},
		ann:    mcp.Annotations{Title: "Prune members", DestructiveHint: true, OpenWorldHint: true},
		needs:  access{perms: permKick | permManageGuild},
		method: "POST", path: route.TGuildsGuildIDPrune,
		out:      []field{{name: "pruned", src: "pruned", typ: oInt, nullable: true, desc: "members removed (null unless compute_prune_count)"}},
		examples: []example{{`{"guild_id":"` + exGuild + `","days":30,"compute_prune_count":true}`, `POST /guilds/` + exGuild + `/prune {"days":30,"compute_prune_count":true}`}},
	},
}
