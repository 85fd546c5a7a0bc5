package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The reactions toolset.

var (
	emojiParam = param{name: "emoji", desc: "A unicode emoji (👍) or a custom one as name:id.", typ: emojiT{}, in: inPath, key: "emoji_name", required: true}
	userFields = []field{
		{name: "id", src: "id", typ: oString},
		{name: "username", src: "username", typ: oString, untrusted: true},
		{name: "global_name", src: "global_name", typ: oString, nullable: true, untrusted: true},
		{name: "bot", src: "bot", typ: oBool},
	}
	reactionOut = []field{
		{name: "ok", src: "const:true", typ: oBool},
		{name: "message_id", src: "arg:message_id", typ: oString},
		{name: "emoji", src: "arg:emoji", typ: oString},
	}
	exEmoji = "%F0%9F%91%8D" // 👍 in a path
)

var reactionSpecs = []*spec{
	{
		name:    "add_reaction",
		title:   "Add reaction",
		toolset: tsReactions,
		desc:    "React to a message with an emoji.",
		params:  []param{channelParam, messageParam, emojiParam},
		ann:     mcp.Annotations{Title: "Add reaction", IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory | dg.PermissionAddReactions},
		method:  "PUT", path: route.TChannelsChannelIDMessagesMessageIDReactionsEmojiNameMe,
		out: reactionOut,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","emoji":"👍"}`,
			`PUT /channels/` + exCh + `/messages/` + exMsg + `/reactions/` + exEmoji + `/@me`}},
	},
	{
		name:    "remove_reaction",
		title:   "Remove own reaction",
		toolset: tsReactions,
		desc:    "Take back the bot's own reaction.",
		params:  []param{channelParam, messageParam, emojiParam},
		ann:     mcp.Annotations{Title: "Remove own reaction", IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method:  "DELETE", path: route.TChannelsChannelIDMessagesMessageIDReactionsEmojiNameMe,
		out: reactionOut,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","emoji":"party:` + exUsr + `"}`,
			`DELETE /channels/` + exCh + `/messages/` + exMsg + `/reactions/party:` + exUsr + `/@me`}},
	},
	{
		name:    "remove_user_reaction",
		title:   "Remove a user's reaction",
		toolset: tsReactions,
		desc:    "Remove one user's reaction from a message (needs Manage Messages).",
		params: []param{channelParam, messageParam, emojiParam,
			{name: "user_id", desc: "The user whose reaction goes.", typ: tSnowflake, in: inPath, required: true}},
		ann:    mcp.Annotations{Title: "Remove a user's reaction", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory | dg.PermissionManageMessages},
		method: "DELETE", path: route.TChannelsChannelIDMessagesMessageIDReactionsEmojiNameUserID,
		out: reactionOut,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","emoji":"👍","user_id":"` + exUsr + `"}`,
			`DELETE /channels/` + exCh + `/messages/` + exMsg + `/reactions/` + exEmoji + `/` + exUsr}},
	},
	{
		name:    "list_reactions",
		title:   "List reactions",
		toolset: tsReactions,
		desc:    "List the users who reacted to a message with an emoji, 1-100 at a time; page with after (a user id).",
		params: []param{channelParam, messageParam, emojiParam,
			{name: "limit", desc: "How many users (1-100).", typ: intRange(1, 100, i64(25)), in: inQuery},
			{name: "after", desc: "Only users after this user id.", typ: tSnowflake, in: inQuery},
			{name: "type", desc: "0 normal reactions (default), 1 super-reactions.", typ: intEnumT{values: []int64{0, 1}}, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "List reactions", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method: "GET", path: route.TChannelsChannelIDMessagesMessageIDReactionsEmojiName,
		out: []field{{name: "users", src: "@this", typ: oArray, items: userFields}},
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","emoji":"👍","type":1}`,
			`GET /channels/` + exCh + `/messages/` + exMsg + `/reactions/` + exEmoji + `?limit=25&type=1`}},
	},
	{
		name:    "clear_reactions",
		title:   "Clear all reactions",
		toolset: tsReactions,
		desc:    "Remove every reaction from a message (needs Manage Messages).",
		params:  []param{channelParam, messageParam},
		ann:     mcp.Annotations{Title: "Clear all reactions", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory | dg.PermissionManageMessages},
		method:  "DELETE", path: route.TChannelsChannelIDMessagesMessageIDReactions,
		out: []field{{name: "ok", src: "const:true", typ: oBool}, {name: "message_id", src: "arg:message_id", typ: oString}},
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`,
			`DELETE /channels/` + exCh + `/messages/` + exMsg + `/reactions`}},
	},
	{
		name:    "clear_emoji_reactions",
		title:   "Clear one emoji's reactions",
		toolset: tsReactions,
		desc:    "Remove every reaction of one emoji from a message (needs Manage Messages).",
		params:  []param{channelParam, messageParam, emojiParam},
		ann:     mcp.Annotations{Title: "Clear one emoji's reactions", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory | dg.PermissionManageMessages},
		method:  "DELETE", path: route.TChannelsChannelIDMessagesMessageIDReactionsEmojiName,
		out: reactionOut,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","emoji":"👍"}`,
			`DELETE /channels/` + exCh + `/messages/` + exMsg + `/reactions/` + exEmoji}},
	},
}
