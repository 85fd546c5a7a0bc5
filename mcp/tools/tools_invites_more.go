package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// More of channel_admin: invites by code, a server's invites, an invite's
// target users; and one thread member for threads.

const exCode = "emuAbc123"

var (
	inviteCode = param{name: "code", desc: "The invite's code (the part after https://discord.gg/).", typ: inviteCodeT{}, in: inPath, required: true}
	// inviteByCodeFields are what resolving or revoking an invite answers
	// (uses and max_uses come only with the lists).
	inviteByCodeFields = []field{
		{name: "code", src: "code", typ: oString},
		{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
		{name: "channel_id", src: "channel.id", typ: oString, nullable: true},
		{name: "expires_at", src: "expires_at", typ: oString, nullable: true},
		{name: "inviter_id", src: "inviter.id", typ: oString, nullable: true},
		{name: "approximate_member_count", src: "approximate_member_count", typ: oInt, nullable: true},
	}
	// manageInvites: Discord takes Manage Channels on the invite's channel
	// (or Manage Server); the scope's X-Permission-Bits must hold the first.
	manageInvites = access{perms: dg.PermissionManageChannels}
)

var inviteMoreSpecs = []*spec{
	{
		name: "get_invite", title: "Get invite", toolset: tsChannelAdmin,
		desc:   "Resolve an invite code: its server, channel, inviter and expiry, optionally with approximate member counts.",
		params: []param{inviteCode, {name: "with_counts", desc: "Include approximate member and online counts.", typ: tBool, in: inQuery}},
		ann:    mcp.Annotations{Title: "Get invite", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TInvitesCode,
		out: inviteByCodeFields,
		examples: []example{
			{`{"code":"` + exCode + `"}`, "GET /invites/" + exCode},
			{`{"code":"` + exCode + `","with_counts":true}`, "GET /invites/" + exCode + "?with_counts=true"},
		},
	},
	{
		name: "delete_invite", title: "Delete invite", toolset: tsChannelAdmin,
		desc:   "Revoke an invite by its code: it stops working at once. Cannot be undone.",
		params: []param{inviteCode, reasonParam},
		ann:    mcp.Annotations{Title: "Delete invite", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageInvites,
		method: "DELETE", path: route.TInvitesCode,
		out:      inviteByCodeFields,
		examples: []example{{`{"code":"` + exCode + `"}`, "DELETE /invites/" + exCode}},
	},
	{
		name: "list_guild_invites", title: "List server invites", toolset: tsChannelAdmin,
		desc:   "List every invite of a server (all its channels), with uses and limits.",
		params: []param{guildParam},
		ann:    mcp.Annotations{Title: "List server invites", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild},
		method: "GET", path: route.TGuildsGuildIDInvites,
		out:      []field{{name: "invites", src: "@this", typ: oArray, items: inviteFields}},
		examples: []example{{`{"guild_id":"` + exCh + `"}`, "GET /guilds/" + exCh + "/invites"}},
	},
	{
		name: "get_thread_member", title: "Get thread member", toolset: tsThreads,
		desc:   "Check whether a user is a member of a thread, and since when (an error if not).",
		params: []param{threadParam, memberUser},
		ann:    mcp.Annotations{Title: "Get thread member", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel},
		method: "GET", path: route.TChannelsChannelIDThreadMembersUserID,
		out: []field{
			{name: "thread_id", src: "id", typ: oString},
			{name: "user_id", src: "user_id", typ: oString},
			{name: "joined_at", src: "join_timestamp", typ: oString},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","user_id":"` + exUsr + `"}`, "GET /channels/" + exCh + "/thread-members/" + exUsr}},
	},
}
