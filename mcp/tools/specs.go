package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

func i64(n int64) *int64 { return &n }

// Output shapes shared by several tools.
var (
	messageFields = []field{
		{name: "id", src: "id", typ: "string"},
		{name: "channel_id", src: "channel_id", typ: "string"},
		{name: "author_id", src: "author.id", typ: "string"},
		{name: "author_name", src: "author.username", typ: "string"},
		{name: "content", src: "content", typ: "string"},
		{name: "timestamp", src: "timestamp", typ: "string"},
		{name: "attachments", src: "attachments.#", typ: "integer", desc: "number of attachments"},
		{name: "reply_to", src: "message_reference.message_id", typ: "string", nullable: true, desc: "id of the message this one replies to"},
	}
	channelParam = param{name: "channel_id", desc: "The channel's id.", kind: kSnowflake, in: inPath, required: true, current: "channel"}
)

// specs is the catalog: one row per tool. Adding a tool is adding a row.
var specs = []*spec{
	{
		name:  "send_message",
		title: "Send message",
		desc:  "Send a message to a Discord channel, optionally as a reply. Mentions are limited by the operator's allowed_mentions. To answer in the conversation you are in, reply normally instead.",
		params: []param{
			{name: "channel_id", desc: "The channel to send to.", kind: kSnowflake, in: inPath, required: true},
			{name: "content", desc: "Message text, up to 2000 characters.", kind: kString, in: inBody, max: 2000},
			{name: "embeds", desc: "Up to 10 Discord embed objects.", kind: kEmbeds, in: inBody},
			{name: "reply_to", desc: "Id of a message in the same channel to reply to.", kind: kSnowflake, in: inBody, key: "message_reference.message_id"},
		},
		ann:          mcp.Annotations{Title: "Send message", OpenWorldHint: true},
		perms:        dg.PermissionViewChannel | dg.PermissionSendMessages,
		notToCurrent: true,
		oneOf:        []string{"content", "embeds"},
		method:       "POST", path: "/channels/{channel_id}/messages",
		out: []field{
			{name: "id", src: "id", typ: "string", desc: "the new message's id"},
			{name: "channel_id", src: "channel_id", typ: "string"},
			{name: "timestamp", src: "timestamp", typ: "string"},
		},
	},
	{
		name:  "get_messages",
		title: "Get messages",
		desc:  "Read recent messages of a channel, newest first. Page with before, after or around (message ids).",
		params: []param{
			channelParam,
			{name: "limit", desc: "How many messages (1-100).", kind: kInt, in: inQuery, min: 1, max: 100, def: i64(50)},
			{name: "before", desc: "Only messages before this message id.", kind: kSnowflake, in: inQuery},
			{name: "after", desc: "Only messages after this message id.", kind: kSnowflake, in: inQuery},
			{name: "around", desc: "Messages around this message id.", kind: kSnowflake, in: inQuery},
		},
		exclusive: []string{"before", "after", "around"},
		ann:       mcp.Annotations{Title: "Get messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		perms:     dg.PermissionViewChannel | dg.PermissionReadMessageHistory,
		method:    "GET", path: "/channels/{channel_id}/messages",
		out: []field{
			{name: "messages", src: "@this", typ: "array", items: messageFields},
		},
	},
	{
		name:  "get_channel_info",
		title: "Get channel info",
		desc:  "Describe a channel: name, type, guild, parent category or channel, topic, position, NSFW flag and slowmode.",
		params: []param{
			channelParam,
		},
		ann:    mcp.Annotations{Title: "Get channel info", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		perms:  dg.PermissionViewChannel,
		method: "GET", path: "/channels/{channel_id}",
		out: []field{
			{name: "id", src: "id", typ: "string"},
			{name: "name", src: "name", typ: "string", nullable: true},
			{name: "type", src: "type", typ: "integer", desc: "Discord channel type (0 text, 2 voice, 4 category, 5 announcement, 11/12 threads, 15 forum)"},
			{name: "guild_id", src: "guild_id", typ: "string", nullable: true},
			{name: "parent_id", src: "parent_id", typ: "string", nullable: true},
			{name: "topic", src: "topic", typ: "string", nullable: true},
			{name: "position", src: "position", typ: "integer"},
			{name: "nsfw", src: "nsfw", typ: "boolean"},
			{name: "rate_limit_per_user", src: "rate_limit_per_user", typ: "integer", desc: "slowmode in seconds"},
		},
	},
	{
		name:  "search_messages",
		title: "Search messages",
		desc:  "Find messages in a channel whose text contains a query (case-insensitive), optionally from one author. Scans back page by page, 100 messages a page, up to max_pages.",
		params: []param{
			channelParam,
			{name: "query", desc: "Text to look for.", kind: kString, required: true, min: 1, max: 200},
			{name: "author_id", desc: "Only messages by this user id.", kind: kSnowflake},
			{name: "limit", desc: "Most matches to return (1-100).", kind: kInt, min: 1, max: 100, def: i64(25)},
			{name: "max_pages", desc: "Most pages of 100 messages to scan (1-50).", kind: kInt, min: 1, max: 50, def: i64(5)},
			{name: "before", desc: "Start scanning before this message id.", kind: kSnowflake},
		},
		ann:     mcp.Annotations{Title: "Search messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		perms:   dg.PermissionViewChannel | dg.PermissionReadMessageHistory,
		intents: []string{"message_content"},
		method:  "GET", path: "/channels/{channel_id}/messages",
		out: []field{
			{name: "messages", typ: "array", items: messageFields},
		},
		outExtra: []field{
			{name: "scanned", typ: "integer", desc: "messages read"},
			{name: "pages", typ: "integer", desc: "pages fetched"},
			{name: "complete", typ: "boolean", desc: "true when the channel's history was exhausted"},
		},
		run: searchMessages,
	},
	{
		name:  "delete_message",
		title: "Delete message",
		desc:  "Delete a message. Deleting other users' messages needs Manage Messages.",
		params: []param{
			channelParam,
			// No X-Current-Message default: a destructive tool deletes only
			// what the model named.
			{name: "message_id", desc: "The message to delete.", kind: kSnowflake, in: inPath, required: true},
			{name: "reason", desc: "Why, for the guild's audit log (up to 512 characters).", kind: kString, in: inReason, max: 512},
		},
		ann:    mcp.Annotations{Title: "Delete message", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		perms:  dg.PermissionViewChannel | dg.PermissionManageMessages,
		method: "DELETE", path: "/channels/{channel_id}/messages/{message_id}",
		out: []field{
			{name: "deleted", src: "const:true", typ: "boolean"},
			{name: "channel_id", src: "arg:channel_id", typ: "string"},
			{name: "message_id", src: "arg:message_id", typ: "string"},
		},
	},
	discordRequestSpec,
}
