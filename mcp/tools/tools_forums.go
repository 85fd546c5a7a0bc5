package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// More of the forums toolset: a forum's tags (posts take them by id).

var forumTagFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "moderated", src: "moderated", typ: oBool, desc: "only thread managers may apply it"},
	{name: "emoji_name", src: "emoji_name", typ: oString, nullable: true},
}

// forumTagT is one tag in a new tag list: an id keeps an existing tag.
var forumTagT = objectT{props: []prop{
	{name: "name", typ: strT{min: 1, max: 20}, required: true},
	{name: "id", typ: tSnowflake, desc: "an existing tag's id, to keep it (and posts carrying it)"},
	{name: "moderated", typ: tBool},
	{name: "emoji_name", typ: strT{min: 1, max: 100}, desc: "a unicode emoji"},
}}

var forumSpecs = []*spec{
	{
		name: "list_forum_tags", title: "List forum tags", toolset: tsForums,
		desc:   "List the tags a forum or media channel offers its posts (give their ids to create_forum_post or modify_thread).",
		params: []param{channelParam},
		ann:    mcp.Annotations{Title: "List forum tags", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel},
		method: "GET", path: route.TChannelsChannelID,
		out: []field{
			{name: "forum_id", src: "id", typ: oString},
			{name: "tags", src: "available_tags", typ: oArray, items: forumTagFields},
		},
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "GET /channels/" + exCh}},
	},
	{
		name: "set_forum_tags", title: "Set forum tags", toolset: tsForums,
		desc: "Replace a forum's tag list (up to 20). Give an existing tag's id to keep it; a tag left out is removed from the forum and its posts.",
		params: []param{channelParam,
			{name: "tags", desc: "The whole new list of tags.", typ: arrayT{item: forumTagT, max: 20}, in: inBody, key: "available_tags", required: true},
			reasonParam},
		ann:    mcp.Annotations{Title: "Set forum tags", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageChannels},
		method: "PATCH", path: route.TChannelsChannelID,
		out: []field{
			{name: "forum_id", src: "id", typ: oString},
			{name: "tags", src: "available_tags", typ: oArray, items: forumTagFields},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","tags":[{"name":"bug","id":"` + exMsg + `"},{"name":"question"}]}`,
			`PATCH /channels/` + exCh + ` {"available_tags":[{"name":"bug","id":"` + exMsg + `"},{"name":"question"}]}`}},
	},
}
