package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The channels toolset's writes: create, modify, delete, reorder,
// permission overwrites, following announcements, invites. Overwrites
// are given as permission names or integers and stay within
// X-Permission-Bits (policy refuses more).

var (
	channelTypeT = intEnumT{values: []int64{0, 2, 4, 5, 13, 15, 16}}
	channelOut   = []field{
		{name: "id", src: "id", typ: oString},
		{name: "name", src: "name", typ: oString, untrusted: true},
		{name: "type", src: "type", typ: oInt},
		{name: "parent_id", src: "parent_id", typ: oString, nullable: true},
		{name: "position", src: "position", typ: oInt},
	}
	channelOKOut = []field{{name: "ok", src: "const:true", typ: oBool}, {name: "channel_id", src: "arg:channel_id", typ: oString}}
	// channelSettings are the fields create and modify share.
	channelSettings = []param{
		{name: "topic", desc: "Topic (text, announcement, forum; up to 1024 characters).", typ: str(1024), in: inBody},
		{name: "parent_id", desc: "The category to put it in.", typ: tSnowflake, in: inBody},
		{name: "position", desc: "Sorting position.", typ: intRange(0, 1<<31-1, nil), in: inBody},
		{name: "nsfw", desc: "Age-restricted.", typ: tBool, in: inBody},
		{name: "slowmode_seconds", desc: "Slowmode (0-21600).", typ: slowmodeT, in: inBody, key: "rate_limit_per_user"},
		{name: "bitrate", desc: "Voice/stage bitrate (8000-384000).", typ: intRange(8000, 384000, nil), in: inBody},
		{name: "user_limit", desc: "Voice/stage user limit (0 = none, up to 99; stage up to 10000).", typ: intRange(0, 10000, nil), in: inBody},
		{name: "default_auto_archive_minutes", desc: "Default auto-archive of new threads.", typ: archiveT, in: inBody, key: "default_auto_archive_duration"},
		{name: "default_thread_slowmode_seconds", desc: "Default slowmode of new threads (0-21600).", typ: slowmodeT, in: inBody, key: "default_thread_rate_limit_per_user"},
	}
	positionT = arrayT{min: 1, max: 500, item: objectT{props: []prop{
		{name: "id", typ: tSnowflake, required: true, desc: "a channel"},
		{name: "position", typ: intRange(0, 1<<31-1, nil)},
		{name: "parent_id", typ: tSnowflake, desc: "move it into this category"},
		{name: "lock_permissions", typ: tBool, desc: "sync its overwrites with the new category"},
	}}}
)

func withSettings(ps ...param) []param { return append(ps, channelSettings...) }

var channelManageSpecs = []*spec{
	{
		name: "create_channel", title: "Create channel", toolset: tsChannelAdmin,
		desc: "Create a channel in a server: type 0 text (default), 2 voice, 4 category, 5 announcement, 13 stage, 15 forum, 16 media.",
		params: withSettings(guildParam,
			param{name: "name", desc: "The channel's name (1-100 characters).", typ: strT{min: 1, max: 100}, in: inBody, required: true},
			param{name: "type", desc: "0 text, 2 voice, 4 category, 5 announcement, 13 stage, 15 forum, 16 media.", typ: channelTypeT, in: inBody},
			reasonParam),
		ann:    mcp.Annotations{Title: "Create channel", OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageChannels},
		method: "POST", path: route.TGuildsGuildIDChannels,
		out: channelOut,
		examples: []example{{`{"guild_id":"` + exCh + `","name":"ideas","type":15}`,
			`POST /guilds/` + exCh + `/channels {"name":"ideas","type":15}`}},
	},
	{
		name: "modify_channel", title: "Modify channel", toolset: tsChannelAdmin,
		desc: "Change a channel: name, topic, category, position, NSFW, slowmode, bitrate, user limit, thread defaults. (Threads: modify_thread.)",
		params: withSettings(channelParam,
			param{name: "name", desc: "New name (1-100 characters).", typ: strT{min: 1, max: 100}, in: inBody},
			reasonParam),
		oneOf:  []string{"name", "topic", "parent_id", "position", "nsfw", "slowmode_seconds", "bitrate", "user_limit", "default_auto_archive_minutes", "default_thread_slowmode_seconds"},
		ann:    mcp.Annotations{Title: "Modify channel", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageChannels},
		method: "PATCH", path: route.TChannelsChannelID,
		out: channelOut,
		examples: []example{{`{"channel_id":"` + exCh + `","topic":"Read the rules","slowmode_seconds":10}`,
			`PATCH /channels/` + exCh + ` {"topic":"Read the rules","rate_limit_per_user":10}`}},
	},
	{
		name: "delete_channel", title: "Delete channel", toolset: tsChannelAdmin,
		desc:   "Delete a channel (with its messages and threads) or a category (its channels stay, uncategorised). Cannot be undone.",
		params: []param{channelParam, reasonParam},
		ann:    mcp.Annotations{Title: "Delete channel", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageChannels},
		method: "DELETE", path: route.TChannelsChannelID,
		out:      channelOut,
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "DELETE /channels/" + exCh}},
	},
	{
		name: "reorder_channels", title: "Reorder channels", toolset: tsChannelAdmin,
		desc:   "Set the positions (and optionally categories) of a server's channels in one request.",
		params: []param{guildParam, {name: "positions", desc: "The channels to move: id, position, and optionally parent_id and lock_permissions.", typ: positionT, required: true}},
		ann:    mcp.Annotations{Title: "Reorder channels", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageChannels},
		method: "PATCH", path: route.TGuildsGuildIDChannels,
		out: []field{{name: "ok", src: "const:true", typ: oBool}, {name: "guild_id", src: "arg:guild_id", typ: oString}},
		run: runPlanned,
		plan: func(sp *spec, a *args) []*proxy.Request {
			v, _ := a.given("positions")
			return []*proxy.Request{{Method: sp.method, Path: buildPath(sp, a), Body: []byte(v.Raw)}}
		},
		examples: []example{{`{"guild_id":"` + exCh + `","positions":[{"id":"` + exMsg + `","position":0}]}`,
			`PATCH /guilds/` + exCh + `/channels [{"id":"` + exMsg + `","position":0}]`}},
	},
	{
		name: "set_channel_permission", title: "Set channel permission", toolset: tsChannelAdmin,
		desc: "Set a channel's permission overwrite for a role (type 0) or a member (type 1): permissions to allow and to deny, as names (ViewChannel, SendMessages, …) or Discord's integer. Grants cannot exceed your X-Permission-Bits.",
		params: []param{channelParam,
			{name: "target_id", desc: "The role's or member's id.", typ: tSnowflake, in: inPath, key: "overwrite_id", required: true},
			{name: "type", desc: "0 role, 1 member.", typ: intEnumT{values: []int64{0, 1}}, in: inBody, required: true},
			{name: "allow", desc: "Permissions to allow.", typ: permsT{}, in: inBody},
			{name: "deny", desc: "Permissions to deny.", typ: permsT{}, in: inBody},
			reasonParam,
		},
		ann:    mcp.Annotations{Title: "Set channel permission", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageRoles},
		method: "PUT", path: route.TChannelsChannelIDPermissionsOverwriteID,
		out: append([]field{{name: "target_id", src: "arg:target_id", typ: oString}}, channelOKOut...),
		examples: []example{{`{"channel_id":"` + exCh + `","target_id":"` + exUsr + `","type":1,"allow":["ViewChannel","SendMessages"],"deny":16}`,
			`PUT /channels/` + exCh + `/permissions/` + exUsr + ` {"type":1,"allow":3072,"deny":16}`}},
	},
	{
		name: "delete_channel_permission", title: "Delete channel permission", toolset: tsChannelAdmin,
		desc: "Remove a role's or member's permission overwrite from a channel.",
		params: []param{channelParam,
			{name: "target_id", desc: "The role's or member's id.", typ: tSnowflake, in: inPath, key: "overwrite_id", required: true},
			reasonParam},
		ann:    mcp.Annotations{Title: "Delete channel permission", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageRoles},
		method: "DELETE", path: route.TChannelsChannelIDPermissionsOverwriteID,
		out: append([]field{{name: "target_id", src: "arg:target_id", typ: oString}}, channelOKOut...),
		examples: []example{{`{"channel_id":"` + exCh + `","target_id":"` + exUsr + `"}`,
			`DELETE /channels/` + exCh + `/permissions/` + exUsr}},
	},
	{
		name: "follow_announcement_channel", title: "Follow announcement channel", toolset: tsChannelAdmin,
		desc: "Follow an announcement channel into another channel: its crossposted messages then appear there (through a webhook Discord creates).",
		params: []param{channelParam,
			{name: "target_channel_id", desc: "The channel to deliver to (needs Manage Webhooks there).", typ: tSnowflake, in: inBody, key: "webhook_channel_id", required: true}},
		ann:    mcp.Annotations{Title: "Follow announcement channel", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageWebhooks},
		method: "POST", path: route.TChannelsChannelIDFollowers,
		out: []field{{name: "channel_id", src: "channel_id", typ: oString}, {name: "webhook_id", src: "webhook_id", typ: oString}},
		examples: []example{{`{"channel_id":"` + exCh + `","target_channel_id":"` + exMsg + `"}`,
			`POST /channels/` + exCh + `/followers {"webhook_channel_id":"` + exMsg + `"}`}},
	},
	{
		name: "create_invite", title: "Create invite", toolset: tsChannelAdmin,
		desc: "Create an invite to a channel: its code (https://discord.gg/<code>), lifetime and uses.",
		params: []param{channelParam,
			{name: "max_age_seconds", desc: "Lifetime in seconds (0 = never expires; up to 604800). Default 86400.", typ: intRange(0, 604800, nil), in: inBody, key: "max_age"},
			{name: "max_uses", desc: "How many uses (0 = unlimited; up to 100).", typ: intRange(0, 100, nil), in: inBody},
			{name: "temporary", desc: "Members joining by it are kicked when they leave unless given a role.", typ: tBool, in: inBody},
			{name: "unique", desc: "Always a new code (no reuse of a similar invite).", typ: tBool, in: inBody},
			reasonParam},
		ann:    mcp.Annotations{Title: "Create invite", OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionCreateInstantInvite},
		method: "POST", path: route.TChannelsChannelIDInvites,
		out: inviteFields,
		examples: []example{{`{"channel_id":"` + exCh + `","max_age_seconds":3600,"max_uses":5}`,
			`POST /channels/` + exCh + `/invites {"max_age":3600,"max_uses":5}`}},
	},
	{
		name: "list_invites", title: "List invites", toolset: tsChannelAdmin,
		desc:   "List a channel's invites.",
		params: []param{channelParam},
		ann:    mcp.Annotations{Title: "List invites", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageChannels},
		method: "GET", path: route.TChannelsChannelIDInvites,
		out:      []field{{name: "invites", src: "@this", typ: oArray, items: inviteFields}},
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "GET /channels/" + exCh + "/invites"}},
	},
}

var inviteFields = []field{
	{name: "code", src: "code", typ: oString},
	{name: "channel_id", src: "channel.id", typ: oString},
	{name: "expires_at", src: "expires_at", typ: oString, nullable: true},
	{name: "uses", src: "uses", typ: oInt},
	{name: "max_uses", src: "max_uses", typ: oInt},
	{name: "inviter_id", src: "inviter.id", typ: oString, nullable: true},
}
