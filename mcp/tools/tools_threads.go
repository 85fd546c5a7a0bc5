package tools

import (
	"context"

	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The threads and forums toolsets, and the channel list of the channels
// toolset. Threads and forum posts are channels: the message tools work
// in them as in any channel.

var (
	guildParam = param{name: "guild_id", desc: "The server's id.", typ: tSnowflake, in: inPath, required: true, current: "guild"}
	// archiveT is Discord's auto_archive_duration, in minutes.
	archiveT   = intEnumT{values: []int64{60, 1440, 4320, 10080}}
	slowmodeT  = intRange(0, 21600, nil)
	threadName = param{name: "name", desc: "The thread's name (1-100 characters).", typ: strT{min: 1, max: 100}, in: inBody, required: true}
)

// threadFields describe a thread (or any channel) in results.
var threadFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "type", src: "type", typ: oInt, desc: "10 announcement thread, 11 public thread, 12 private thread"},
	{name: "parent_id", src: "parent_id", typ: oString, nullable: true, desc: "the channel or forum the thread is in"},
	{name: "archived", src: "thread_metadata.archived", typ: oBool},
	{name: "locked", src: "thread_metadata.locked", typ: oBool},
	{name: "message_count", src: "message_count", typ: oInt},
}

var threadSpecs = []*spec{
	{
		name:    "list_channels",
		title:   "List channels",
		toolset: tsChannels,
		desc:    "List a server's channels as a tree: channels without a category first, then each category followed by its channels, in Discord's order (threads excluded; see list_active_threads).",
		params:  []param{guildParam},
		ann:     mcp.Annotations{Title: "List channels", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel},
		method:  "GET", path: route.TGuildsGuildIDChannels,
		out: []field{{name: "channels", src: "@this", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, untrusted: true},
			{name: "type", src: "type", typ: oInt, desc: "0 text, 2 voice, 4 category, 5 announcement, 13 stage, 15 forum, 16 media"},
			{name: "parent_id", src: "parent_id", typ: oString, nullable: true, desc: "the category"},
			{name: "position", src: "position", typ: oInt},
		}}},
		run:      listChannelTree,
		examples: []example{{`{"guild_id":"` + exCh + `"}`, "GET /guilds/" + exCh + "/channels"}},
	},
	{
		name:    "create_thread",
		title:   "Start thread",
		toolset: tsThreads,
		desc:    "Start a thread in a text or announcement channel: from an existing message (message_id; always public), or standalone (public, or private with private: true). In a forum use create_forum_post.",
		params: []param{channelParam, threadName,
			{name: "message_id", desc: "Start the thread from this message of the channel.", typ: tSnowflake},
			{name: "private", desc: "A private thread (standalone only): only invited members and moderators see it.", typ: tBool},
			{name: "auto_archive_minutes", desc: "Archive after this many minutes without activity.", typ: archiveT, in: inBody, key: "auto_archive_duration"},
			{name: "slowmode_seconds", desc: "Slowmode in the thread (0-21600).", typ: slowmodeT, in: inBody, key: "rate_limit_per_user"},
		},
		exclusive: [][]string{{"message_id", "private"}},
		ann:       mcp.Annotations{Title: "Start thread", OpenWorldHint: true},
		needs:     access{perms: dg.PermissionViewChannel | dg.PermissionCreatePublicThreads},
		method:    "POST", path: route.TChannelsChannelIDThreads,
		more: []step{{"POST", route.TChannelsChannelIDMessagesMessageIDThreads}},
		out:  threadFields,
		run:  runPlanned,
		plan: threadPlan,
		examples: []example{
			{`{"channel_id":"` + exCh + `","name":"plans","private":true}`, `POST /channels/` + exCh + `/threads {"name":"plans","type":12}`},
			{`{"channel_id":"` + exCh + `","name":"about this","message_id":"` + exMsg + `"}`, `POST /channels/` + exCh + `/messages/` + exMsg + `/threads {"name":"about this"}`},
		},
	},
	{
		name:    "create_forum_post",
		title:   "Create forum post",
		toolset: tsForums,
		desc:    "Create a post in a forum or media channel: a thread with a title (name), its first message, and up to 5 of the forum's tags. Reply in it with send_message to the post's id.",
		params: []param{channelParam, threadName,
			{name: "content", desc: "The post's first message, up to 2000 characters.", typ: strT{min: 1, max: 2000}, in: inBody, key: "message.content", required: true},
			{name: "applied_tags", desc: "Up to 5 tag ids of the forum.", typ: arrayT{item: tSnowflake, max: 5, unique: true}, in: inBody},
			{name: "auto_archive_minutes", desc: "Archive after this many minutes without activity.", typ: archiveT, in: inBody, key: "auto_archive_duration"},
		},
		ann:    mcp.Annotations{Title: "Create forum post", OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionSendMessages},
		method: "POST", path: route.TChannelsChannelIDThreads,
		out: threadFields,
		examples: []example{{`{"channel_id":"` + exCh + `","name":"Dark mode","content":"Please add it"}`,
			`POST /channels/` + exCh + `/threads {"name":"Dark mode","message":{"content":"Please add it"}}`}},
	},
	{
		name:    "list_active_threads",
		title:   "List active threads",
		toolset: tsThreads,
		desc:    "List a server's active (unarchived) threads and forum posts that your scope reaches.",
		params:  []param{guildParam},
		ann:     mcp.Annotations{Title: "List active threads", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel},
		method:  "GET", path: route.TGuildsGuildIDThreadsActive,
		out:      []field{{name: "threads", src: "threads", typ: oArray, items: threadFields}},
		examples: []example{{`{"guild_id":"` + exCh + `"}`, "GET /guilds/" + exCh + "/threads/active"}},
	},
	{
		name:    "search_threads",
		title:   "Search threads",
		toolset: tsThreads,
		desc:    "Find threads or forum posts of a channel by words of their name, archived ones included.",
		params: []param{channelParam,
			{name: "name", desc: "Words the thread's name contains.", typ: strT{min: 1, max: 100}, in: inQuery, required: true},
			{name: "limit", desc: "Most threads to return (1-25).", typ: intRange(1, 25, nil), in: inQuery},
			{name: "offset", desc: "Skip this many matches (paging).", typ: intRange(0, 9975, nil), in: inQuery},
		},
		ann:    mcp.Annotations{Title: "Search threads", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method: "GET", path: route.TChannelsChannelIDThreadsSearch,
		out: []field{
			{name: "threads", src: "threads", typ: oArray, items: threadFields},
			{name: "total", src: "total_results", typ: oInt},
			{name: "has_more", src: "has_more", typ: oBool},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","name":"dark mode"}`, "GET /channels/" + exCh + "/threads/search?name=dark+mode"}},
	},
}

// threadPlan picks the route: from a message, or standalone (public by
// default here, private on request; Discord's own default is private).
func threadPlan(sp *spec, a *args) []*proxy.Request {
	w := &buf{}
	w.open('{')
	w.key("name")
	w.str(a.str("name"))
	for _, k := range []string{"auto_archive_minutes", "slowmode_seconds"} {
		if a.has(k) {
			w.key(sp.param(k).key)
			w.raw(a.text(k))
		}
	}
	path := fill(route.TChannelsChannelIDThreads, a.str("channel_id"))
	if a.has("message_id") {
		path = fill(route.TChannelsChannelIDMessagesMessageIDThreads, a.str("channel_id"), a.str("message_id"))
	} else {
		w.key("type")
		if a.has("private") && a.text("private") == "true" {
			w.int(12)
		} else {
			w.int(11)
		}
	}
	w.close('}')
	return []*proxy.Request{{Method: sp.method, Path: path, Body: w.b}}
}

// runPlanned sends the one request the row's plan builds and projects the
// answer as the single-request executor does.
func runPlanned(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	resp, res := c.send(ctx, sp.plan(sp, a)[0])
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
