package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The webhooks toolset. A webhook's token lets its holder post without
// the proxy, so no tool here outputs it except create_webhook, and that
// one only when the proxy's answer filter left it in (policy
// MayExecuteWebhook: the caller could execute the webhook itself and its
// scope forces nothing on messages); otherwise token is null.

const exHook = "444444444444444444"

// exHookToken is an example token (the examples are not sent).
const exHookToken = "exampleToken-_1"

var (
	whGuildParam  = param{name: "guild_id", desc: "The server's id.", typ: tSnowflake, in: inPath, required: true, current: "guild"}
	whIDParam     = param{name: "webhook_id", desc: "The webhook's id.", typ: tSnowflake, in: inPath, required: true}
	whTokenParam  = param{name: "webhook_token", desc: "The webhook's token (create_webhook's answer).", typ: webhookTokenT{}, in: inPath, required: true}
	whNameParam   = param{name: "name", desc: "The webhook's name, 1-80 characters.", typ: strT{min: 1, max: 80}, in: inBody}
	whAvatarParam = param{name: "avatar", desc: "Its avatar: an image as a data URI (data:image/png;base64,…).", typ: imageDataT{max: 1 << 20}, in: inBody}
	whThreadParam = param{name: "thread_id", desc: "A thread of the webhook's channel the message is in.", typ: tSnowflake, in: inQuery}
	whMsgParam    = param{name: "message_id", desc: "A message the webhook sent.", typ: tSnowflake, in: inPath, required: true}

	whManage = access{perms: dg.PermissionViewChannel | dg.PermissionManageWebhooks}
)

// webhookFields are a webhook without its token or url.
var webhookFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, nullable: true, untrusted: true},
	{name: "type", src: "type", typ: oInt, desc: "1 incoming, 2 channel follower, 3 application"},
	{name: "channel_id", src: "channel_id", typ: oString, nullable: true},
	{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
}

var webhookListOut = []field{{name: "webhooks", src: "@this", typ: oArray, items: webhookFields}}

var webhookCreateOut = append(append([]field(nil), webhookFields...), field{name: "token", src: "token", typ: oString, nullable: true,
	desc: "the token, shown only here and only when your scope could execute the webhook itself (every mention kind allowed, users unrestricted); null otherwise"})

var whDeletedOut = []field{{name: "ok", src: "const:true", typ: oBool}, {name: "webhook_id", src: "arg:webhook_id", typ: oString}}

var webhookSpecs = concat(webhookAdminSpecs, webhookTokenSpecs, webhookMessageSpecs)

var webhookAdminSpecs = []*spec{
	{
		name: "list_channel_webhooks", title: "List channel webhooks", toolset: tsWebhooks,
		desc:   "List a channel's webhooks: id, name, type (tokens are never shown).",
		params: []param{channelParam},
		ann:    mcp.Annotations{Title: "List channel webhooks", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  whManage, method: "GET", path: route.TChannelsChannelIDWebhooks,
		out:      webhookListOut,
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "GET /channels/" + exCh + "/webhooks"}},
	},
	{
		name: "list_guild_webhooks", title: "List server webhooks", toolset: tsWebhooks,
		desc:   "List a server's webhooks in the channels your scope reaches (tokens are never shown).",
		params: []param{whGuildParam},
		ann:    mcp.Annotations{Title: "List server webhooks", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageWebhooks}, method: "GET", path: route.TGuildsGuildIDWebhooks,
		out:      webhookListOut,
		examples: []example{{`{"guild_id":"` + exUsr + `"}`, "GET /guilds/" + exUsr + "/webhooks"}},
	},
	{
		name: "create_webhook", title: "Create webhook", toolset: tsWebhooks,
		desc:   "Create an incoming webhook in a channel. This answer is the only place its token appears, and only when your scope could execute the webhook itself; otherwise the token is withheld (null).",
		params: []param{channelParam, func() param { p := whNameParam; p.required = true; return p }(), whAvatarParam, reasonParam},
		ann:    mcp.Annotations{Title: "Create webhook", OpenWorldHint: true},
		needs:  whManage, method: "POST", path: route.TChannelsChannelIDWebhooks,
		out: webhookCreateOut,
		examples: []example{{`{"channel_id":"` + exCh + `","name":"alerts","reason":"CI"}`,
			`POST /channels/` + exCh + `/webhooks {"name":"alerts"}`}},
	},
	{
		name: "get_webhook", title: "Get webhook", toolset: tsWebhooks,
		desc:   "Describe a webhook by id (its token is never shown).",
		params: []param{whIDParam},
		ann:    mcp.Annotations{Title: "Get webhook", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  whManage, method: "GET", path: route.TWebhooksWebhookID,
		out:      webhookFields,
		examples: []example{{`{"webhook_id":"` + exHook + `"}`, "GET /webhooks/" + exHook}},
	},
	{
		name: "modify_webhook", title: "Modify webhook", toolset: tsWebhooks,
		desc: "Rename a webhook, change its avatar, or move it to another channel of the same server.",
		params: []param{whIDParam, whNameParam, whAvatarParam,
			{name: "channel_id", desc: "The channel to move it to.", typ: tSnowflake, in: inBody}, reasonParam},
		ann:   mcp.Annotations{Title: "Modify webhook", IdempotentHint: true, OpenWorldHint: true},
		needs: whManage, oneOf: []string{"name", "avatar", "channel_id"},
		method: "PATCH", path: route.TWebhooksWebhookID,
		out: webhookFields,
		examples: []example{{`{"webhook_id":"` + exHook + `","name":"alerts-2","channel_id":"` + exCh + `"}`,
			`PATCH /webhooks/` + exHook + ` {"name":"alerts-2","channel_id":"` + exCh + `"}`}},
	},
	{
		name: "delete_webhook", title: "Delete webhook", toolset: tsWebhooks,
		desc:   "Delete a webhook; whatever posts through it stops working.",
		params: []param{whIDParam, reasonParam},
		ann:    mcp.Annotations{Title: "Delete webhook", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  whManage, method: "DELETE", path: route.TWebhooksWebhookID,
		out:      whDeletedOut,
		examples: []example{{`{"webhook_id":"` + exHook + `"}`, "DELETE /webhooks/" + exHook}},
	},
}

var webhookTokenSpecs = []*spec{
	{
		name: "get_webhook_with_token", title: "Get webhook by token", toolset: tsWebhooks,
		desc:   "Describe a webhook by its id and token, without the bot's permissions.",
		params: []param{whIDParam, whTokenParam},
		ann:    mcp.Annotations{Title: "Get webhook by token", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TWebhooksWebhookIDWebhookToken,
		out:      webhookFields,
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `"}`, "GET /webhooks/" + exHook + "/" + exHookToken}},
	},
	{
		name: "modify_webhook_with_token", title: "Modify webhook by token", toolset: tsWebhooks,
		desc:   "Rename a webhook or change its avatar by its id and token (it cannot move channels this way).",
		params: []param{whIDParam, whTokenParam, whNameParam, whAvatarParam},
		ann:    mcp.Annotations{Title: "Modify webhook by token", IdempotentHint: true, OpenWorldHint: true},
		oneOf:  []string{"name", "avatar"},
		method: "PATCH", path: route.TWebhooksWebhookIDWebhookToken,
		out: webhookFields,
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `","name":"n"}`,
			`PATCH /webhooks/` + exHook + `/` + exHookToken + ` {"name":"n"}`}},
	},
	{
		name: "delete_webhook_with_token", title: "Delete webhook by token", toolset: tsWebhooks,
		desc:   "Delete a webhook by its id and token.",
		params: []param{whIDParam, whTokenParam},
		ann:    mcp.Annotations{Title: "Delete webhook by token", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "DELETE", path: route.TWebhooksWebhookIDWebhookToken,
		out:      whDeletedOut,
		examples: []example{{`{"webhook_id":"` + exHook + `","webhook_token":"` + exHookToken + `"}`, "DELETE /webhooks/" + exHook + "/" + exHookToken}},
	},
}
