package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// More of the threads toolset: membership, archived lists, changes.

var (
	threadParam   = param{name: "channel_id", desc: "The thread's (or forum post's) id.", typ: tSnowflake, in: inPath, required: true, current: "channel"}
	memberUser    = param{name: "user_id", desc: "The user's id.", typ: tSnowflake, in: inPath, required: true}
	threadOKOut   = []field{{name: "ok", src: "const:true", typ: oBool}, {name: "thread_id", src: "arg:channel_id", typ: oString}}
	archivedKinds = []string{"public", "private", "joined_private"}
)

var threadMemberSpecs = []*spec{
	{
		name: "join_thread", title: "Join thread", toolset: tsThreads,
		desc:   "Make the bot a member of a thread (it then gets the thread's messages and can be found in its member list).",
		params: []param{threadParam},
		ann:    mcp.Annotations{Title: "Join thread", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel},
		method: "PUT", path: route.TChannelsChannelIDThreadMembersMe,
		out:      threadOKOut,
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "PUT /channels/" + exCh + "/thread-members/@me"}},
	},
	{
		name: "leave_thread", title: "Leave thread", toolset: tsThreads,
		desc:   "Remove the bot from a thread's members. Leaving a private thread can lose access to it.",
		params: []param{threadParam},
		ann:    mcp.Annotations{Title: "Leave thread", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel},
		method: "DELETE", path: route.TChannelsChannelIDThreadMembersMe,
		out:      threadOKOut,
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "DELETE /channels/" + exCh + "/thread-members/@me"}},
	},
	{
		name: "add_thread_member", title: "Add thread member", toolset: tsThreads,
		desc:   "Add a member of the server to a thread (how a private thread is shared).",
		params: []param{threadParam, memberUser},
		ann:    mcp.Annotations{Title: "Add thread member", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionSendMessagesInThreads},
		method: "PUT", path: route.TChannelsChannelIDThreadMembersUserID,
		out:      append([]field{{name: "user_id", src: "arg:user_id", typ: oString}}, threadOKOut...),
		examples: []example{{`{"channel_id":"` + exCh + `","user_id":"` + exUsr + `"}`, "PUT /channels/" + exCh + "/thread-members/" + exUsr}},
	},
	{
		name: "remove_thread_member", title: "Remove thread member", toolset: tsThreads,
		desc:   "Remove a user from a thread's members.",
		params: []param{threadParam, memberUser},
		ann:    mcp.Annotations{Title: "Remove thread member", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageThreads},
		method: "DELETE", path: route.TChannelsChannelIDThreadMembersUserID,
		out:      append([]field{{name: "user_id", src: "arg:user_id", typ: oString}}, threadOKOut...),
		examples: []example{{`{"channel_id":"` + exCh + `","user_id":"` + exUsr + `"}`, "DELETE /channels/" + exCh + "/thread-members/" + exUsr}},
	},
	{
		name: "list_thread_members", title: "List thread members", toolset: tsThreads,
		desc:   "List a thread's members (those your scope reaches) and when they joined.",
		params: []param{threadParam},
		ann:    mcp.Annotations{Title: "List thread members", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel},
		method: "GET", path: route.TChannelsChannelIDThreadMembers,
		out: []field{{name: "members", src: "@this", typ: oArray, items: []field{
			{name: "user_id", src: "user_id", typ: oString},
			{name: "joined_at", src: "join_timestamp", typ: oString},
		}}},
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "GET /channels/" + exCh + "/thread-members"}},
	},
	{
		name: "list_archived_threads", title: "List archived threads", toolset: tsThreads,
		desc: "List a channel's or forum's archived threads, newest archive first: public ones, private ones (needs Manage Threads), or the private ones the bot has joined.",
		params: []param{channelParam,
			{name: "kind", desc: "public (default), private or joined_private.", typ: enumT{values: archivedKinds}},
			{name: "limit", desc: "How many threads (2-100).", typ: intRange(2, 100, nil), in: inQuery},
			{name: "before", desc: "Only threads archived before this time (ISO 8601).", typ: timeT{}, in: inQuery},
		},
		ann:    mcp.Annotations{Title: "List archived threads", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method: "GET", path: route.TChannelsChannelIDThreadsArchivedPublic,
		more: []step{{"GET", route.TChannelsChannelIDThreadsArchivedPrivate}, {"GET", route.TChannelsChannelIDUsersMeThreadsArchivedPrivate}},
		out: []field{
			{name: "threads", src: "threads", typ: oArray, items: threadFields},
			{name: "has_more", src: "has_more", typ: oBool},
		},
		run:  runPlanned,
		plan: archivedPlan,
		examples: []example{
			{`{"channel_id":"` + exCh + `"}`, "GET /channels/" + exCh + "/threads/archived/public"},
			{`{"channel_id":"` + exCh + `","kind":"joined_private","limit":10}`, "GET /channels/" + exCh + "/users/@me/threads/archived/private?limit=10"},
		},
	},
	{
		name: "modify_thread", title: "Modify thread", toolset: tsThreads,
		desc: "Rename, archive or unarchive, lock or unlock a thread or forum post, change its auto-archive time, slowmode or (forum posts) its tags.",
		params: []param{threadParam,
			{name: "name", desc: "New name (1-100 characters).", typ: strT{min: 1, max: 100}, in: inBody},
			{name: "archived", desc: "Archive (true) or reopen (false).", typ: tBool, in: inBody},
			{name: "locked", desc: "Locked: only thread managers can unarchive it.", typ: tBool, in: inBody},
			{name: "auto_archive_minutes", desc: "Archive after this many minutes without activity.", typ: archiveT, in: inBody, key: "auto_archive_duration"},
			{name: "slowmode_seconds", desc: "Slowmode (0-21600).", typ: slowmodeT, in: inBody, key: "rate_limit_per_user"},
			{name: "applied_tags", desc: "A forum post's tags (up to 5 tag ids; replaces them).", typ: arrayT{item: tSnowflake, max: 5, unique: true}, in: inBody},
			reasonParam,
		},
		oneOf:  []string{"name", "archived", "locked", "auto_archive_minutes", "slowmode_seconds", "applied_tags"},
		ann:    mcp.Annotations{Title: "Modify thread", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageThreads},
		method: "PATCH", path: route.TChannelsChannelID,
		out: threadFields,
		examples: []example{{`{"channel_id":"` + exCh + `","archived":true,"locked":true}`,
			`PATCH /channels/` + exCh + ` {"archived":true,"locked":true}`}},
	},
}

// archivedPlan picks the archived list Discord keeps for kind.
func archivedPlan(sp *spec, a *args) []*proxy.Request {
	path := route.TChannelsChannelIDThreadsArchivedPublic
	switch a.str("kind") {
	case "private":
		path = route.TChannelsChannelIDThreadsArchivedPrivate
	case "joined_private":
		path = route.TChannelsChannelIDUsersMeThreadsArchivedPrivate
	}
	return []*proxy.Request{{Method: "GET", Path: fill(path, a.str("channel_id")), Query: buildQuery(sp, a)}}
}
