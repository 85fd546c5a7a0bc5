package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The pins toolset. Pinning needs Manage Messages (discordgo has no
// constant for the newer Pin Messages bit, which Discord still grants
// to Manage Messages holders).

var pinOut = []field{
	{name: "ok", src: "const:true", typ: oBool},
	{name: "channel_id", src: "arg:channel_id", typ: oString},
	{name: "message_id", src: "arg:message_id", typ: oString},
}

var pinSpecs = []*spec{
	{
		name:    "list_pins",
		title:   "List pinned messages",
		toolset: tsPins,
		desc:    "List a channel's pinned messages, most recently pinned first; page with before (an ISO time of pinning).",
		params: []param{channelParam,
			{name: "limit", desc: "How many pins (1-50).", typ: intRange(1, 50, i64(50)), in: inQuery},
			{name: "before", desc: "Only pins pinned before this time (ISO 8601).", typ: timeT{}, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "List pinned messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method: "GET", path: route.TChannelsChannelIDMessagesPins,
		out: []field{
			{name: "pins", src: "items", typ: oArray, items: []field{
				{name: "pinned_at", src: "pinned_at", typ: oString},
				{name: "id", src: "message.id", typ: oString},
				{name: "author_id", src: "message.author.id", typ: oString},
				{name: "author_name", src: "message.author.username", typ: oString, untrusted: true},
				{name: "content", src: "message.content", typ: oString, untrusted: true},
				{name: "timestamp", src: "message.timestamp", typ: oString},
				{name: "attachments", src: "message.attachments", typ: oArray, items: attachmentFields},
			}},
			{name: "has_more", src: "has_more", typ: oBool},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","limit":10}`, `GET /channels/` + exCh + `/messages/pins?limit=10`}},
	},
	{
		name:    "pin_message",
		title:   "Pin message",
		toolset: tsPins,
		desc:    "Pin a message in its channel.",
		params:  []param{channelParam, messageParam, reasonParam},
		ann:     mcp.Annotations{Title: "Pin message", IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory | dg.PermissionManageMessages},
		method:  "PUT", path: route.TChannelsChannelIDMessagesPinsMessageID,
		out: pinOut,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`,
			`PUT /channels/` + exCh + `/messages/pins/` + exMsg}},
	},
	{
		name:    "unpin_message",
		title:   "Unpin message",
		toolset: tsPins,
		desc:    "Unpin a pinned message.",
		params:  []param{channelParam, messageParam, reasonParam},
		ann:     mcp.Annotations{Title: "Unpin message", IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory | dg.PermissionManageMessages},
		method:  "DELETE", path: route.TChannelsChannelIDMessagesPinsMessageID,
		out: pinOut,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`,
			`DELETE /channels/` + exCh + `/messages/pins/` + exMsg}},
	},
}
