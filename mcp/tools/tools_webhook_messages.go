package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Posting through a webhook and handling what it posted. The proxy forces
// the scope's allowed_mentions onto every body here, as on send_message;
// the token routes cannot be tied to a channel, so policy refuses them
// while X-Target-Channels or X-Target-Guilds is restricted.

var webhookMessageSpecs = []*spec{
	{
		name: "execute_webhook", title: "Post through webhook", toolset: tsWebhooks,
		desc: "Post a message through a webhook (by id and token), optionally as another name and avatar, into one of its channel's threads, or as a new forum post (thread_name). Mentions are limited by the operator's allowed_mentions. With wait, the answer names the message.",
		params: []param{whIDParam, whTokenParam,
			{name: "content", desc: "Message text, up to 2000 characters.", typ: str(2000), in: inBody},
			{name: "embeds", desc: "Up to 10 rich embeds, 6000 characters in all.", typ: embedsT, in: inBody},
			{name: "username", desc: "Post as this name instead of the webhook's (1-80 characters).", typ: strT{min: 1, max: 80}, in: inBody},
			{name: "avatar_url", desc: "Post with this avatar image URL.", typ: tURL, in: inBody},
			{name: "thread_name", desc: "In a forum or media channel: create a post with this title.", typ: strT{min: 1, max: 100}, in: inBody},
			{name: "flags", desc: "suppress_notifications sends silently; suppress_embeds hides link previews.", typ: messageFlagsT, in: inBody},
			whThreadParam,
			{name: "wait", desc: "Wait for Discord to save the message and return its id (recommended).", typ: tBool, in: inQuery},
		},
		ann:       mcp.Annotations{Title: "Post through webhook", OpenWorldHint: true},
		oneOf:     []string{"content", "embeds"},
		exclusive: [][]string{{"thread_id", "thread_name"}},
		method:    "POST", path: route.TWebhooksWebhookIDWebhookToken,
		out: []field{
			{name: "id", src: "id", typ: oString, nullable: true, desc: "the message's id (with wait)"},
			{name: "channel_id", src: "channel_id", typ: oString, nullable: true},
			{name: "timestamp", src: "timestamp", typ: oString, nullable: true},
		},
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `","content":"deploy done","username":"CI","wait":true}`,
			`POST /webhooks/` + exHook + `/` + exHookToken + `?wait=true {"content":"deploy done","username":"CI"}`}},
	},
	{
		name: "get_webhook_message", title: "Get webhook message", toolset: tsWebhooks,
		desc:   "Read a message a webhook sent, by the webhook's id and token.",
		params: []param{whIDParam, whTokenParam, whMsgParam, whThreadParam},
		ann:    mcp.Annotations{Title: "Get webhook message", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TWebhooksWebhookIDWebhookTokenMessagesMessageID,
		out: messageFields,
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `","message_id":"` + exMsg + `"}`,
			`GET /webhooks/` + exHook + `/` + exHookToken + `/messages/` + exMsg}},
	},
	{
		name: "edit_webhook_message", title: "Edit webhook message", toolset: tsWebhooks,
		desc: "Change the text or embeds of a message a webhook sent.",
		params: []param{whIDParam, whTokenParam, whMsgParam,
			{name: "content", desc: "New text, up to 2000 characters.", typ: str(2000), in: inBody},
			{name: "embeds", desc: "New embeds (replace the old ones).", typ: embedsT, in: inBody},
			whThreadParam},
		ann:    mcp.Annotations{Title: "Edit webhook message", IdempotentHint: true, OpenWorldHint: true},
		oneOf:  []string{"content", "embeds"},
		method: "PATCH", path: route.TWebhooksWebhookIDWebhookTokenMessagesMessageID,
		out: []field{
			{name: "id", src: "id", typ: oString},
			{name: "channel_id", src: "channel_id", typ: oString},
			{name: "edited_timestamp", src: "edited_timestamp", typ: oString, nullable: true},
		},
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `","message_id":"` + exMsg + `","content":"fixed"}`,
			`PATCH /webhooks/` + exHook + `/` + exHookToken + `/messages/` + exMsg + ` {"content":"fixed"}`}},
	},
	{
		name: "delete_webhook_message", title: "Delete webhook message", toolset: tsWebhooks,
		desc:   "Delete a message a webhook sent.",
		params: []param{whIDParam, whTokenParam, whMsgParam, whThreadParam},
		ann:    mcp.Annotations{Title: "Delete webhook message", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "DELETE", path: route.TWebhooksWebhookIDWebhookTokenMessagesMessageID,
		out: []field{{name: "ok", src: "const:true", typ: oBool}, {name: "message_id", src: "arg:message_id", typ: oString}},
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `","message_id":"` + exMsg + `"}`,
			`DELETE /webhooks/` + exHook + `/` + exHookToken + `/messages/` + exMsg}},
	},
}
