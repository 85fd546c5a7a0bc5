package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The messages toolset: reading, sending, editing and deleting.

var sentFields = []field{
	{name: "id", src: "id", typ: oString, desc: "the message's id"},
	{name: "channel_id", src: "channel_id", typ: oString},
	{name: "timestamp", src: "timestamp", typ: oString},
	attachmentsField,
}

var messageSpecs = []*spec{
	{
		name:    "send_message",
		title:   "Send message",
		toolset: tsMessages,
		desc:    "Send a message to a Discord channel: text, embeds, a poll, stickers, a reply or a forward. Mentions are limited by the operator's allowed_mentions. To answer in the conversation you are in, reply normally instead.",
		params: []param{
			{name: "channel_id", desc: "The channel to send to.", typ: tSnowflake, in: inPath, required: true},
			{name: "content", desc: "Message text, up to 2000 characters.", typ: str(2000), in: inBody},
			{name: "embeds", desc: "Up to 10 rich embeds, 6000 characters in all.", typ: embedsT, in: inBody},
			{name: "reply_to", desc: "Id of a message in the same channel to reply to.", typ: tSnowflake, in: inBody, key: "message_reference.message_id"},
			{name: "forward", desc: "A message to forward here instead of writing one (no content, embeds or poll with it).", typ: forwardShape, in: inBody, key: "message_reference"},
			{name: "sticker_ids", desc: "Up to 3 sticker ids.", typ: stickersT, in: inBody},
			{name: "poll", desc: "A poll: a question and 1-10 answers.", typ: pollT, in: inBody},
			{name: "flags", desc: "suppress_notifications sends silently; suppress_embeds hides link previews.", typ: messageFlagsT, in: inBody},
			{name: "attachments", desc: "Up to 10 files to upload.", typ: uploadsShape, in: inBody},
		},
		ann:          mcp.Annotations{Title: "Send message", OpenWorldHint: true},
		needs:        access{perms: dg.PermissionViewChannel | dg.PermissionSendMessages},
		notToCurrent: true,
		oneOf:        []string{"content", "embeds", "sticker_ids", "poll", "forward", "attachments"},
		exclusive:    [][]string{{"reply_to", "forward"}, {"forward", "content"}, {"forward", "embeds"}, {"forward", "poll"}, {"forward", "attachments"}},
		method:       "POST", path: route.TChannelsChannelIDMessages,
		out: sentFields,
		examples: []example{
			{`{"channel_id":"` + exCh + `","content":"hi","reply_to":"` + exMsg + `"}`,
				`POST /channels/` + exCh + `/messages {"content":"hi","message_reference":{"message_id":"` + exMsg + `"}}`},
			{`{"channel_id":"` + exCh + `","forward":{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}}`,
				`POST /channels/` + exCh + `/messages {"message_reference":{"type":1,"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}}`},
			{`{"channel_id":"` + exCh + `","content":"shh","flags":["suppress_notifications","suppress_embeds"]}`,
				`POST /channels/` + exCh + `/messages {"content":"shh","flags":4100}`},
			{`{"channel_id":"` + exCh + `","content":"log","attachments":[{"filename":"a.txt","text":"hi"},{"filename":"b.png","data":"iVBORw==","description":"dot"}]}`,
				`POST /channels/` + exCh + `/messages multipart payload_json={"content":"log","attachments":[{"id":"0","filename":"a.txt"},{"id":"1","filename":"b.png","description":"dot"}]}` +
					` files[0]="a.txt" (text/plain; charset=utf-8, 2 bytes) files[1]="b.png" (application/octet-stream, 4 bytes)`},
		},
	},
	{
		name:    "edit_message",
		title:   "Edit message",
		toolset: tsMessages,
		desc:    "Change the text or embeds of a message the bot sent, or hide its link previews.",
		params: []param{
			channelParam, messageParam,
			{name: "content", desc: "New text, up to 2000 characters.", typ: str(2000), in: inBody},
			{name: "embeds", desc: "New embeds (replace the old ones).", typ: embedsT, in: inBody},
			{name: "flags", desc: "suppress_embeds hides link previews.", typ: flagsT{names: []string{"suppress_embeds"}, bits: []int64{1 << 2}}, in: inBody},
			{name: "attachments", desc: "Files to upload; they replace the message's attachments.", typ: uploadsShape, in: inBody},
		},
		ann:    mcp.Annotations{Title: "Edit message", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionSendMessages},
		oneOf:  []string{"content", "embeds", "flags", "attachments"},
		method: "PATCH", path: route.TChannelsChannelIDMessagesMessageID,
		out: []field{
			{name: "id", src: "id", typ: oString},
			{name: "channel_id", src: "channel_id", typ: oString},
			{name: "edited_timestamp", src: "edited_timestamp", typ: oString, nullable: true},
			attachmentsField,
		},
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","content":"fixed"}`,
			`PATCH /channels/` + exCh + `/messages/` + exMsg + ` {"content":"fixed"}`}},
	},
	{
		name:    "get_message",
		title:   "Get message",
		toolset: tsMessages,
		desc:    "Read one message by id.",
		params:  []param{channelParam, messageParam},
		ann:     mcp.Annotations{Title: "Get message", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method:  "GET", path: route.TChannelsChannelIDMessagesMessageID,
		out:      messageFields,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`, `GET /channels/` + exCh + `/messages/` + exMsg}},
	},
	{
		name:    "get_messages",
		title:   "Get messages",
		toolset: tsMessages,
		desc:    "Read up to 100 recent messages of a channel, newest first. Page with before, after or around (message ids); fetch_messages reads further.",
		params: []param{
			channelParam,
			{name: "limit", desc: "How many messages (1-100).", typ: intRange(1, 100, i64(50)), in: inQuery},
			{name: "before", desc: "Only messages before this message id.", typ: tSnowflake, in: inQuery},
			{name: "after", desc: "Only messages after this message id.", typ: tSnowflake, in: inQuery},
			{name: "around", desc: "Messages around this message id.", typ: tSnowflake, in: inQuery},
		},
		exclusive: [][]string{{"before", "after", "around"}},
		ann:       mcp.Annotations{Title: "Get messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:     access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method:    "GET", path: route.TChannelsChannelIDMessages,
		out: []field{
			{name: "messages", src: "@this", typ: oArray, items: messageFields},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","before":"` + exMsg + `"}`,
			`GET /channels/` + exCh + `/messages?before=` + exMsg + `&limit=50`}},
	},
	{
		name:    "search_messages",
		title:   "Search messages",
		toolset: tsMessages,
		desc:    "Find messages whose text contains a query (case-insensitive), optionally from one author. With guild_id: Discord's server-wide search (25 hits a page, limited to the channels your scope reaches; channel_id narrows it). With only a channel: scans its history back, 100 messages a page, up to max_pages. mode says which ran.",
		params: append([]param{
			{name: "channel_id", desc: "The channel to scan (or, with guild_id, to search in).", typ: tSnowflake, in: inPath, current: "channel"},
			{name: "guild_id", desc: "Search the whole server through Discord's index.", typ: tSnowflake},
			{name: "query", desc: "Text to look for.", typ: strT{min: 1, max: 200}, required: true},
			{name: "author_id", desc: "Only messages by this user id.", typ: tSnowflake},
			{name: "limit", desc: "Most matches to return (1-100).", typ: intRange(1, 100, i64(25))},
			{name: "max_pages", desc: "Most pages of 100 messages to scan (1-50).", typ: intRange(1, 50, i64(5))},
			{name: "before", desc: "Start scanning before this message id.", typ: tSnowflake, in: inQuery},
		}, guildSearchParams...),
		ann:    mcp.Annotations{Title: "Search messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory, intents: []string{"message_content"}},
		method: "GET", path: route.TChannelsChannelIDMessages,
		out: []field{
			{name: "messages", typ: oArray, items: messageFields},
		},
		outExtra: []field{
			{name: "scanned", typ: oInt, desc: "messages read"},
			{name: "pages", typ: oInt, desc: "pages fetched"},
			{name: "complete", typ: oBool, desc: "true when the channel's history (or every guild match) was read"},
			{name: "mode", typ: oString, enum: []string{modeGuildSearch, modeChannelScan}, desc: "guild_search: Discord's index; channel_scan: page by page"},
		},
		more:     []step{{"GET", route.TGuildsGuildIDMessagesSearch}, {"GET", route.TGuildsGuildIDChannels}},
		run:      searchAny,
		plan:     searchPlan,
		examples: []example{{`{"channel_id":"` + exCh + `","query":"release"}`, `GET /channels/` + exCh + `/messages?limit=100`}},
	},
	{
		name:    "delete_message",
		title:   "Delete message",
		toolset: tsMessages,
		desc:    "Delete a message. Deleting other users' messages needs Manage Messages.",
		params: []param{
			channelParam,
			// No X-Current-Message default: a destructive tool deletes only
			// what the model named.
			{name: "message_id", desc: "The message to delete.", typ: tSnowflake, in: inPath, required: true},
			reasonParam,
		},
		ann:    mcp.Annotations{Title: "Delete message", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageMessages},
		method: "DELETE", path: route.TChannelsChannelIDMessagesMessageID,
		out: []field{
			{name: "deleted", src: "const:true", typ: oBool},
			{name: "channel_id", src: "arg:channel_id", typ: oString},
			{name: "message_id", src: "arg:message_id", typ: oString},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`, `DELETE /channels/` + exCh + `/messages/` + exMsg}},
	},
}
