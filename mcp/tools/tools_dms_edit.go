package tools

import (
	"context"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Editing and deleting the bot's own DMs, found by the user they went to.

var dmMessageParam = param{name: "message_id", desc: "The bot's message in the DM.", typ: tSnowflake, required: true}

var dmEditSpecs = []*spec{
	{
		name: "edit_direct_message", title: "Edit direct message", toolset: tsDMs,
		desc: "Change the text of a direct message the bot sent to a user (by user_id or user_name).",
		params: []param{dmUserParam, dmMessageParam,
			{name: "content", desc: "New text, up to 2000 characters.", typ: strT{min: 1, max: 2000}, required: true}},
		ann:    mcp.Annotations{Title: "Edit direct message", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{dm: true},
		method: "POST", path: route.TUsersMeChannels,
		more: []step{{"PATCH", route.TChannelsChannelIDMessagesMessageID}},
		out:  sentFields,
		run:  editDM,
		plan: dmPlan,
		examples: []example{{`{"user_id":"` + exUsr + `","message_id":"` + exMsg + `","content":"fixed"}`,
			`POST /users/@me/channels {"recipient_id":"` + exUsr + `"}`}},
	},
	{
		name: "delete_direct_message", title: "Delete direct message", toolset: tsDMs,
		desc:   "Delete a direct message the bot sent to a user (by user_id or user_name).",
		params: []param{dmUserParam, dmMessageParam},
		ann:    mcp.Annotations{Title: "Delete direct message", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{dm: true},
		method: "POST", path: route.TUsersMeChannels,
		more: []step{{"DELETE", route.TChannelsChannelIDMessagesMessageID}},
		out:  []field{{name: "deleted", src: "const:true", typ: oBool}, {name: "message_id", src: "arg:message_id", typ: oString}},
		run:  deleteDM,
		plan: dmPlan,
		examples: []example{{`{"user_id":"` + exUsr + `","message_id":"` + exMsg + `"}`,
			`POST /users/@me/channels {"recipient_id":"` + exUsr + `"}`}},
	},
}

func editDM(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	w := &buf{}
	w.open('{')
	w.key("content")
	w.str(a.str("content"))
	w.close('}')
	return c.inDM(ctx, sp, a, "PATCH", w.b)
}

func deleteDM(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	return c.inDM(ctx, sp, a, "DELETE", nil)
}

// inDM sends method to the message in the user's DM channel and projects
// the answer.
func (c *Catalog) inDM(ctx context.Context, sp *spec, a *args, method string, body []byte) *mcp.ToolResult {
	ch, res := c.dmChannel(ctx, sp, a)
	if res != nil {
		return res
	}
	resp, res := c.send(ctx, &proxy.Request{Method: method, Path: fill(route.TChannelsChannelIDMessagesMessageID, ch, a.str("message_id")), Body: body})
	if res != nil {
		return res
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	project(w, c.projFor(sp), parse(resp.Body), a)
	w.close('}')
	return success(w.bytes())
}
