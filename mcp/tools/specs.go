package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

func i64(n int64) *int64 { return &n }

// Output shapes and parameters shared by several tools.
var (
	messageFields = []field{
		{name: "id", src: "id", typ: oString},
		{name: "channel_id", src: "channel_id", typ: oString},
		{name: "author_id", src: "author.id", typ: oString},
		{name: "author_name", src: "author.username", typ: oString, untrusted: true},
		{name: "content", src: "content", typ: oString, untrusted: true},
		{name: "timestamp", src: "timestamp", typ: oString},
		attachmentsField,
		{name: "reply_to", src: "message_reference.message_id", typ: oString, nullable: true, desc: "id of the message this one replies to or forwards"},
	}
	channelParam = param{name: "channel_id", desc: "The channel's id.", typ: tSnowflake, in: inPath, required: true, current: "channel"}
	messageParam = param{name: "message_id", desc: "The message's id.", typ: tSnowflake, in: inPath, required: true}
	reasonParam  = param{name: "reason", desc: "Why, for the guild's audit log (up to 512 characters).", typ: str(512), in: inReason}
)

// Example ids: any well-formed snowflakes (the examples are not sent).
const (
	exCh  = "111111111111111111"
	exMsg = "222222222222222222"
	exUsr = "333333333333333333"
)

// specs is the catalog: one row per tool, gathered from the toolset files.
var specs = concat(channelSpecs, messageSpecs, messageMoreSpecs, reactionSpecs, pinSpecs, pollSpecs, attachmentSpecs, threadSpecs, threadMemberSpecs, channelManageSpecs, inviteMoreSpecs, inviteTargetSpecs, forumSpecs, dmSpecs, dmEditSpecs, []*spec{waitSpec},
	webhookSpecs, emojiSpecs, commandSpecs, eventSpecs, voiceSpecs, stickerSpecs, []*spec{generateImageSpec}, applicationSpecs, []*spec{discordRequestSpec},
	guildSpecs, memberSpecs, moderationSpecs, automodSpecs, roleSpecs, roleMoreSpecs, pruneSpecs, guildSettingSpecs, templateSpecs, adminMoreSpecs, userSpecs, mcpSpecs)

func concat(parts ...[]*spec) []*spec {
	var out []*spec
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var channelSpecs = []*spec{
	{
		name:    "get_channel_info",
		title:   "Get channel info",
		toolset: tsChannels,
		desc:    "Describe a channel: name, type, guild, parent category or channel, topic, position, NSFW flag and slowmode.",
		params:  []param{channelParam},
		ann:     mcp.Annotations{Title: "Get channel info", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel},
		method:  "GET", path: route.TChannelsChannelID,
		out: []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, nullable: true, untrusted: true},
			{name: "type", src: "type", typ: oInt, desc: "Discord channel type (0 text, 2 voice, 4 category, 5 announcement, 11/12 threads, 15 forum)"},
			{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
			{name: "parent_id", src: "parent_id", typ: oString, nullable: true},
			{name: "topic", src: "topic", typ: oString, nullable: true, untrusted: true},
			{name: "position", src: "position", typ: oInt},
			{name: "nsfw", src: "nsfw", typ: oBool},
			{name: "rate_limit_per_user", src: "rate_limit_per_user", typ: oInt, desc: "slowmode in seconds"},
		},
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "GET /channels/" + exCh}},
	},
}
