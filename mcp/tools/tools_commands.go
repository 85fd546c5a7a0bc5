package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The commands toolset: the application's commands, global or in one
// server (list, get, create, modify, delete, overwrite all at once), and
// a server's command permissions (read only: setting them needs a user's
// OAuth2 token, see coverage-exclusions.txt).

const exCmd = "999999999999999999"

// commandOptionT is one option of a command: the kinds a bot commonly
// declares (3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role,
// 9 mentionable, 10 number, 11 attachment), without choices or nesting.
var commandOptionT = objectT{props: []prop{
	{name: "type", typ: intEnumT{values: []int64{3, 4, 5, 6, 7, 8, 9, 10, 11}}, required: true, desc: "3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 9 mentionable, 10 number, 11 attachment"},
	{name: "name", typ: strT{min: 1, max: 32}, required: true},
	{name: "description", typ: strT{min: 1, max: 100}, required: true},
	{name: "required", typ: tBool},
}}

// commandParams are a command's fields, in the body.
var commandParams = []param{
	{name: "name", desc: "The command's name, 1-32 characters (lower case for slash commands).", typ: strT{min: 1, max: 32}, in: inBody},
	{name: "description", desc: "What it does, 1-100 characters (slash commands).", typ: strT{min: 1, max: 100}, in: inBody},
	{name: "type", desc: "1 slash command (default), 2 user menu, 3 message menu.", typ: intEnumT{values: []int64{1, 2, 3}}, in: inBody},
	{name: "options", desc: "Up to 25 options.", typ: arrayT{item: commandOptionT, max: 25}, in: inBody},
	{name: "default_member_permissions", desc: "Permission bits a member needs to see it (0: administrators only).", typ: intRange(0, 1<<53-1, nil), in: inBody},
}

// commandT is one command of a bulk overwrite.
var commandT = objectT{props: []prop{
	{name: "name", typ: strT{min: 1, max: 32}, required: true},
	{name: "description", typ: strT{min: 1, max: 100}},
	{name: "type", typ: intEnumT{values: []int64{1, 2, 3}}},
	{name: "options", typ: arrayT{item: commandOptionT, max: 25}},
	{name: "default_member_permissions", typ: intRange(0, 1<<53-1, nil)},
}}

var commandFields = []field{
	{name: "id", src: "id", typ: oString},
	// The application's own words (its owner's), not its users'.
	{name: "name", src: "name", typ: oString},
	{name: "description", src: "description", typ: oString},
	{name: "type", src: "type", typ: oInt},
	{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
	{name: "options", src: "options.#", typ: oInt, desc: "how many options"},
	{name: "default_member_permissions", src: "default_member_permissions", typ: oString, nullable: true},
}

var commandListOut = []field{{name: "commands", src: "@this", typ: oArray, items: commandFields}}

var cmdIDParam = param{name: "command_id", desc: "The command's id.", typ: tSnowflake, in: inPath, required: true}

// commandScope is one of the two places commands live.
type commandScope struct {
	prefix, noun, where string // tool name part, title noun, description
	params              []param
	list, one           string // route.T… templates
	exPath, exArgs      string
}

var commandScopes = []commandScope{
	{"global_", "global command", "every server and DM", []param{appIDParam},
		route.TApplicationsApplicationIDCommands, route.TApplicationsApplicationIDCommandsCommandID,
		"/applications/" + exApp + "/commands", `"application_id":"` + exApp + `"`},
	{"guild_", "server command", "one server", []param{appIDParam, whGuildParam},
		route.TApplicationsApplicationIDGuildsGuildIDCommands, route.TApplicationsApplicationIDGuildsGuildIDCommandsCommandID,
		"/applications/" + exApp + "/guilds/" + exUsr + "/commands", `"application_id":"` + exApp + `","guild_id":"` + exUsr + `"`},
}

var commandSpecs = append(concat(commandRows(commandScopes[0]), commandRows(commandScopes[1])), commandPermissionSpecs...)

// commandRows are the six tools on one place's commands.
func commandRows(s commandScope) []*spec {
	with := func(ps ...param) []param { return append(append([]param(nil), s.params...), ps...) }
	name := mustGive(commandParams[0])
	return []*spec{
		{name: "list_" + s.prefix + "commands", title: "List " + s.noun + "s", toolset: tsCommands,
			desc: "List the application's commands in " + s.where + ".", params: with(),
			ann:    mcp.Annotations{Title: "List " + s.noun + "s", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
			method: "GET", path: s.list, out: commandListOut, examples: []example{{`{` + s.exArgs + `}`, "GET " + s.exPath}}},
		{name: "get_" + s.prefix + "command", title: "Get " + s.noun, toolset: tsCommands,
			desc: "Describe one of the application's commands in " + s.where + ".", params: with(cmdIDParam),
			ann:    mcp.Annotations{Title: "Get " + s.noun, ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
			method: "GET", path: s.one, out: commandFields, examples: []example{{`{` + s.exArgs + `,"command_id":"` + exCmd + `"}`, "GET " + s.exPath + "/" + exCmd}}},
		{name: "create_" + s.prefix + "command", title: "Create " + s.noun, toolset: tsCommands,
			desc:   "Create a command in " + s.where + " (one with the same name and type is replaced).",
			params: with(append([]param{name}, commandParams[1:]...)...),
			ann:    mcp.Annotations{Title: "Create " + s.noun, OpenWorldHint: true},
			method: "POST", path: s.list, out: commandFields,
			examples: []example{{`{` + s.exArgs + `,"name":"ping","description":"Pong"}`, "POST " + s.exPath + ` {"name":"ping","description":"Pong"}`}}},
		{name: "modify_" + s.prefix + "command", title: "Modify " + s.noun, toolset: tsCommands,
			desc:   "Change one of the application's commands in " + s.where + ".",
			params: with(append([]param{cmdIDParam}, withoutType(commandParams)...)...),
			ann:    mcp.Annotations{Title: "Modify " + s.noun, IdempotentHint: true, OpenWorldHint: true},
			oneOf:  []string{"name", "description", "options", "default_member_permissions"},
			method: "PATCH", path: s.one, out: commandFields,
			examples: []example{{`{` + s.exArgs + `,"command_id":"` + exCmd + `","description":"Pong!"}`, "PATCH " + s.exPath + "/" + exCmd + ` {"description":"Pong!"}`}}},
		{name: "delete_" + s.prefix + "command", title: "Delete " + s.noun, toolset: tsCommands,
			desc: "Delete one of the application's commands in " + s.where + ".", params: with(cmdIDParam),
			ann:    mcp.Annotations{Title: "Delete " + s.noun, DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
			method: "DELETE", path: s.one, out: okWithID("command_id"),
			examples: []example{{`{` + s.exArgs + `,"command_id":"` + exCmd + `"}`, "DELETE " + s.exPath + "/" + exCmd}}},
		{name: "overwrite_" + s.prefix + "commands", title: "Overwrite " + s.noun + "s", toolset: tsCommands,
			desc:   "Replace all of the application's commands in " + s.where + " with this list (commands not in it are deleted).",
			params: with(param{name: "commands", desc: "The complete list, up to 100.", typ: arrayT{item: commandT, max: 100}, required: true}),
			ann:    mcp.Annotations{Title: "Overwrite " + s.noun + "s", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
			method: "PUT", path: s.list, plan: arrayBodyPlan("commands"), run: runArrayBody("commands"), out: commandListOut,
			examples: []example{{`{` + s.exArgs + `,"commands":[{"name":"ping","description":"Pong"}]}`, "PUT " + s.exPath + ` [{"name":"ping","description":"Pong"}]`}}},
	}
}

// withoutType leaves out "type", which a command cannot change.
func withoutType(ps []param) []param {
	var out []param
	for _, p := range ps {
		if p.name != "type" {
			out = append(out, p)
		}
	}
	return out
}

var commandPermissionFields = []field{
	{name: "id", src: "id", typ: oString, desc: "the command's id (or the application's: the default for all)"},
	{name: "permissions", src: "permissions", typ: oArray, items: []field{
		{name: "id", src: "id", typ: oString, desc: "a role, user or channel id"},
		{name: "type", src: "type", typ: oInt, desc: "1 role, 2 user, 3 channel"},
		{name: "permission", src: "permission", typ: oBool},
	}},
}

var commandPermissionSpecs = []*spec{
	{
		name: "list_guild_command_permissions", title: "List command permissions", toolset: tsCommands,
		desc:   "List who may use the application's commands in a server (the overrides set by its admins).",
		params: []param{appIDParam, whGuildParam},
		ann:    mcp.Annotations{Title: "List command permissions", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TApplicationsApplicationIDGuildsGuildIDCommandsPermissions,
		out:      []field{{name: "commands", src: "@this", typ: oArray, items: commandPermissionFields}},
		examples: []example{{`{"application_id":"` + exApp + `","guild_id":"` + exUsr + `"}`, "GET /applications/" + exApp + "/guilds/" + exUsr + "/commands/permissions"}},
	},
	{
		name: "get_guild_command_permissions", title: "Get command permissions", toolset: tsCommands,
		desc:   "Who may use one of the application's commands in a server.",
		params: []param{appIDParam, whGuildParam, cmdIDParam},
		ann:    mcp.Annotations{Title: "Get command permissions", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TApplicationsApplicationIDGuildsGuildIDCommandsCommandIDPermissions,
		out: commandPermissionFields,
		examples: []example{{`{"application_id":"` + exApp + `","guild_id":"` + exUsr + `","command_id":"` + exCmd + `"}`,
			"GET /applications/" + exApp + "/guilds/" + exUsr + "/commands/" + exCmd + "/permissions"}},
	},
}
