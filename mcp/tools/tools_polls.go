package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The polls toolset (polls are created with send_message's poll).

var pollSpecs = []*spec{
	{
		name:    "get_poll_voters",
		title:   "Get poll voters",
		toolset: tsPolls,
		desc:    "List the users who voted for one answer of a poll, 1-100 at a time; page with after (a user id).",
		params: []param{channelParam, messageParam,
			{name: "answer_id", desc: "The answer's id (1-10, in the poll's order).", typ: intRange(1, 10, nil), in: inPath, required: true},
			{name: "limit", desc: "How many voters (1-100).", typ: intRange(1, 100, i64(25)), in: inQuery},
			{name: "after", desc: "Only voters after this user id.", typ: tSnowflake, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "Get poll voters", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method: "GET", path: route.TChannelsChannelIDPollsMessageIDAnswersAnswerID,
		out: []field{{name: "users", src: "users", typ: oArray, items: userFields}},
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","answer_id":2}`,
			`GET /channels/` + exCh + `/polls/` + exMsg + `/answers/2?limit=25`}},
	},
	{
		name:    "end_poll",
		title:   "End poll",
		toolset: tsPolls,
		desc:    "Close a poll the bot started now, before its time is up.",
		params:  []param{channelParam, messageParam},
		ann:     mcp.Annotations{Title: "End poll", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method:  "POST", path: route.TChannelsChannelIDPollsMessageIDExpire,
		out: sentFields,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`,
			`POST /channels/` + exCh + `/polls/` + exMsg + `/expire`}},
	},
}
