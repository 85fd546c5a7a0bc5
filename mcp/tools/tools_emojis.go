package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The emojis toolset: a server's custom emojis (Manage Expressions to
// change them) and the application's own emojis (usable by the bot in
// every server).

const exEmojiID = "888888888888888888"

var (
	emojiIDParam   = param{name: "emoji_id", desc: "The emoji's id.", typ: tSnowflake, in: inPath, required: true}
	emojiNameParam = param{name: "name", desc: "The emoji's name: 2-32 letters, digits or '_'.", typ: emojiNameT{}, in: inBody}
	emojiImage     = param{name: "image", desc: "The image as a data URI (png, jpeg, gif or webp; up to 256 KiB).", typ: imageDataT{max: maxEmojiImage}, in: inBody, required: true}
	emojiRoles     = param{name: "roles", desc: "Only these roles may use it (none: everyone).", typ: arrayT{item: tSnowflake, max: 250, unique: true}, in: inBody}
	emojiExpr      = access{perms: dg.PermissionManageGuildExpressions}
)

var emojiFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "animated", src: "animated", typ: oBool},
	{name: "available", src: "available", typ: oBool},
	{name: "managed", src: "managed", typ: oBool},
	{name: "roles", src: "roles.#", typ: oInt, desc: "how many roles it is limited to (0: everyone)"},
}

// mustGive is p, required.
func mustGive(p param) param { p.required = true; return p }

var emojiSpecs = concat(guildEmojiSpecs, appEmojiSpecs)

var guildEmojiSpecs = []*spec{
	{
		name: "list_guild_emojis", title: "List server emojis", toolset: tsEmojis,
		desc: "List a server's custom emojis.", params: []param{whGuildParam},
		ann:   mcp.Annotations{Title: "List server emojis", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: access{}, method: "GET", path: route.TGuildsGuildIDEmojis,
		out:      []field{{name: "emojis", src: "@this", typ: oArray, items: emojiFields}},
		examples: []example{{`{"guild_id":"` + exUsr + `"}`, "GET /guilds/" + exUsr + "/emojis"}},
	},
	{
		name: "get_guild_emoji", title: "Get server emoji", toolset: tsEmojis,
		desc: "Describe one custom emoji of a server.", params: []param{whGuildParam, emojiIDParam},
		ann:   mcp.Annotations{Title: "Get server emoji", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: access{}, method: "GET", path: route.TGuildsGuildIDEmojisEmojiID, out: emojiFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","emoji_id":"` + exEmojiID + `"}`, "GET /guilds/" + exUsr + "/emojis/" + exEmojiID}},
	},
	{
		name: "create_guild_emoji", title: "Create server emoji", toolset: tsEmojis,
		desc:   "Add a custom emoji to a server from a base64 image (a data URI), optionally limited to some roles.",
		params: []param{whGuildParam, mustGive(emojiNameParam), emojiImage, emojiRoles, reasonParam},
		ann:    mcp.Annotations{Title: "Create server emoji", OpenWorldHint: true},
		needs:  emojiExpr, method: "POST", path: route.TGuildsGuildIDEmojis, out: emojiFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","name":"party","image":"data:image/png;base64,AAAA"}`,
			`POST /guilds/` + exUsr + `/emojis {"name":"party","image":"data:image/png;base64,AAAA"}`}},
	},
	{
		name: "modify_guild_emoji", title: "Modify server emoji", toolset: tsEmojis,
		desc:   "Rename a server's custom emoji or change the roles that may use it.",
		params: []param{whGuildParam, emojiIDParam, emojiNameParam, emojiRoles, reasonParam},
		ann:    mcp.Annotations{Title: "Modify server emoji", IdempotentHint: true, OpenWorldHint: true},
		needs:  emojiExpr, oneOf: []string{"name", "roles"},
		method: "PATCH", path: route.TGuildsGuildIDEmojisEmojiID, out: emojiFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","emoji_id":"` + exEmojiID + `","name":"party2"}`,
			`PATCH /guilds/` + exUsr + `/emojis/` + exEmojiID + ` {"name":"party2"}`}},
	},
	{
		name: "delete_guild_emoji", title: "Delete server emoji", toolset: tsEmojis,
		desc:   "Delete a server's custom emoji.",
		params: []param{whGuildParam, emojiIDParam, reasonParam},
		ann:    mcp.Annotations{Title: "Delete server emoji", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  emojiExpr, method: "DELETE", path: route.TGuildsGuildIDEmojisEmojiID, out: okWithID("emoji_id"),
		examples: []example{{`{"guild_id":"` + exUsr + `","emoji_id":"` + exEmojiID + `"}`, "DELETE /guilds/" + exUsr + "/emojis/" + exEmojiID}},
	},
}

var appEmojiSpecs = []*spec{
	{
		name: "list_application_emojis", title: "List application emojis", toolset: tsEmojis,
		desc: "List the application's own emojis, which the bot may use in any server.", params: []param{appIDParam},
		ann:   mcp.Annotations{Title: "List application emojis", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: access{}, method: "GET", path: route.TApplicationsApplicationIDEmojis,
		out:      []field{{name: "emojis", src: "items", typ: oArray, items: emojiFields}},
		examples: []example{{`{"application_id":"` + exApp + `"}`, "GET /applications/" + exApp + "/emojis"}},
	},
	{
		name: "get_application_emoji", title: "Get application emoji", toolset: tsEmojis,
		desc: "Describe one of the application's emojis.", params: []param{appIDParam, emojiIDParam},
		ann:   mcp.Annotations{Title: "Get application emoji", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: access{}, method: "GET", path: route.TApplicationsApplicationIDEmojisEmojiID, out: emojiFields,
		examples: []example{{`{"application_id":"` + exApp + `","emoji_id":"` + exEmojiID + `"}`, "GET /applications/" + exApp + "/emojis/" + exEmojiID}},
	},
	{
		name: "create_application_emoji", title: "Create application emoji", toolset: tsEmojis,
		desc:   "Add an emoji to the application from a base64 image (a data URI).",
		params: []param{appIDParam, mustGive(emojiNameParam), emojiImage},
		ann:    mcp.Annotations{Title: "Create application emoji", OpenWorldHint: true},
		needs:  access{}, method: "POST", path: route.TApplicationsApplicationIDEmojis, out: emojiFields,
		examples: []example{{`{"application_id":"` + exApp + `","name":"party","image":"data:image/png;base64,AAAA"}`,
			`POST /applications/` + exApp + `/emojis {"name":"party","image":"data:image/png;base64,AAAA"}`}},
	},
	{
		name: "modify_application_emoji", title: "Rename application emoji", toolset: tsEmojis,
		desc:   "Rename one of the application's emojis.",
		params: []param{appIDParam, emojiIDParam, mustGive(emojiNameParam)},
		ann:    mcp.Annotations{Title: "Rename application emoji", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{}, method: "PATCH", path: route.TApplicationsApplicationIDEmojisEmojiID, out: emojiFields,
		examples: []example{{`{"application_id":"` + exApp + `","emoji_id":"` + exEmojiID + `","name":"party2"}`,
			`PATCH /applications/` + exApp + `/emojis/` + exEmojiID + ` {"name":"party2"}`}},
	},
	{
		name: "delete_application_emoji", title: "Delete application emoji", toolset: tsEmojis,
		desc:   "Delete one of the application's emojis.",
		params: []param{appIDParam, emojiIDParam},
		ann:    mcp.Annotations{Title: "Delete application emoji", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{}, method: "DELETE", path: route.TApplicationsApplicationIDEmojisEmojiID, out: okWithID("emoji_id"),
		examples: []example{{`{"application_id":"` + exApp + `","emoji_id":"` + exEmojiID + `"}`, "DELETE /applications/" + exApp + "/emojis/" + exEmojiID}},
	},
}
