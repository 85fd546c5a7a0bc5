package tools

import (
	"context"
	"strconv"
	"time"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// More of the messages toolset: long history, id ranges, bulk removal,
// crossposting and typing.

// exRecent is an example id minted now, so bulk delete's 14-day rule
// accepts it whenever the examples run.
var exRecent = strconv.FormatUint(uint64(time.Since(discordEpoch).Milliseconds())<<22, 10)

var rangeRowFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "author_id", src: "author.id", typ: oString},
	{name: "created_at", src: "timestamp", typ: oString},
}

var messageMoreSpecs = []*spec{
	{
		name:    "fetch_messages",
		title:   "Fetch messages",
		toolset: tsMessages,
		desc:    "Read a channel's history past 100 messages: newest first from before/until (or the latest), or oldest first from after/since, page by page up to limit. since/until are ISO dates. Continue with next_cursor.",
		params: []param{
			channelParam,
			{name: "limit", desc: "Most messages to return (1-1000).", typ: intRange(1, 1000, i64(100))},
			{name: "before", desc: "Only messages before this message id.", typ: tSnowflake},
			{name: "after", desc: "Only messages after this message id (read oldest first).", typ: tSnowflake},
			{name: "around", desc: "Up to 100 messages around this message id (one page).", typ: tSnowflake},
			{name: "since", desc: "Only messages at or after this time (ISO 8601).", typ: timeT{asSnowflake: true}},
			{name: "until", desc: "Only messages before this time (ISO 8601).", typ: timeT{asSnowflake: true}},
			{name: "cursor", desc: "next_cursor of the previous call, to read on.", typ: tSnowflake},
		},
		exclusive: [][]string{{"before", "until", "around"}, {"after", "since", "around"}, {"around", "cursor"}},
		ann:       mcp.Annotations{Title: "Fetch messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:     access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method:    "GET", path: route.TChannelsChannelIDMessages,
		out:      []field{{name: "messages", typ: oArray, items: messageFields}},
		outExtra: walkFields,
		run:      fetchMessages,
		plan: func(sp *spec, a *args) []*proxy.Request {
			r, _ := fetchWalk(sp, a).pageRequest()
			return []*proxy.Request{r}
		},
		examples: []example{
			{`{"channel_id":"` + exCh + `","limit":250}`, `GET /channels/` + exCh + `/messages?limit=100`},
			{`{"channel_id":"` + exCh + `","since":"2025-01-01T00:00:00Z","limit":20}`,
				`GET /channels/` + exCh + `/messages?after=1323802873036799999&limit=20`},
		},
	},
	{
		name:    "get_messages_id_range",
		title:   "Get message ids in a range",
		toolset: tsMessages,
		desc:    "List compact rows {id, author_id, created_at} from from_id to to_id (inclusive), or count_before/count_after messages next to from_id, optionally only by some authors. Says when the scan cap cut it short.",
		params: []param{
			channelParam,
			{name: "from_id", desc: "The message to start from.", typ: tSnowflake, required: true},
			{name: "to_id", desc: "The message to end at (either side of from_id).", typ: tSnowflake},
			{name: "count_before", desc: "How many messages before from_id (1-1000).", typ: intRange(1, 1000, nil)},
			{name: "count_after", desc: "How many messages after from_id (1-1000).", typ: intRange(1, 1000, nil)},
			{name: "authors", desc: "Only messages by these user ids (up to 25).", typ: arrayT{item: tSnowflake, min: 1, max: 25}},
			{name: "max_scan", desc: "Most messages to read (1-5000).", typ: intRange(1, 5000, i64(1000))},
		},
		exactlyOne: []string{"to_id", "count_before", "count_after"},
		ann:        mcp.Annotations{Title: "Get message ids in a range", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:      access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
		method:     "GET", path: route.TChannelsChannelIDMessages,
		out:      []field{{name: "messages", typ: oArray, items: rangeRowFields}},
		outExtra: append([]field{{name: "scanned", typ: oInt, desc: "messages read"}}, walkFields...),
		run:      idRange,
		plan: func(sp *spec, a *args) []*proxy.Request {
			r, _ := rangeWalk(sp, a).pageRequest()
			return []*proxy.Request{r}
		},
		examples: []example{
			{`{"channel_id":"` + exCh + `","from_id":"` + exMsg + `","count_after":5}`,
				`GET /channels/` + exCh + `/messages?after=` + exMsg + `&limit=5`},
		},
	},
	{
		name:    "bulk_delete_messages",
		title:   "Bulk delete messages",
		toolset: tsModeration,
		desc:    "Delete 2 to 100 messages of one channel at once. Discord refuses messages older than 14 days; such ids are refused here before anything is sent.",
		params: []param{
			channelParam,
			{name: "message_ids", desc: "2-100 message ids, each under 14 days old.", typ: recentIDsT{messageIDsT}, in: inBody, key: "messages"},
			reasonParam,
		},
		ann:    mcp.Annotations{Title: "Bulk delete messages", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageMessages},
		method: "POST", path: route.TChannelsChannelIDMessagesBulkDelete,
		out: []field{
			{name: "deleted", src: "const:true", typ: oBool},
			{name: "channel_id", src: "arg:channel_id", typ: oString},
		},
		examples: []example{{`{"channel_id":"` + exCh + `","message_ids":["` + exRecent + `","` + idPlus1(exRecent) + `"]}`,
			`POST /channels/` + exCh + `/messages/bulk-delete {"messages":["` + exRecent + `","` + idPlus1(exRecent) + `"]}`}},
	},
	{
		name:    "moderate_content",
		title:   "Remove messages",
		toolset: tsModeration,
		desc:    "Delete one or more named messages of a channel: in one bulk delete when there are 2 or more and all are under 14 days old, else one by one.",
		params: []param{
			channelParam,
			{name: "message_ids", desc: "1-100 message ids.", typ: arrayT{item: tSnowflake, min: 1, max: 100, unique: true}, required: true},
			reasonParam,
		},
		ann:    mcp.Annotations{Title: "Remove messages", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionManageMessages},
		method: "POST", path: route.TChannelsChannelIDMessagesBulkDelete,
		more: []step{{"DELETE", route.TChannelsChannelIDMessagesMessageID}},
		out: []field{
			{name: "deleted", typ: oInt, desc: "messages deleted"},
			{name: "bulk", typ: oBool, desc: "true when one bulk delete was used"},
			{name: "failed", typ: oInt, desc: "messages Discord refused to delete"},
		},
		run:  moderate,
		plan: moderatePlan,
		examples: []example{{`{"channel_id":"` + exCh + `","message_ids":["` + exMsg + `"]}`,
			`DELETE /channels/` + exCh + `/messages/` + exMsg}},
	},
	{
		name:    "crosspost_message",
		title:   "Crosspost message",
		toolset: tsMessages,
		desc:    "Publish a message of an announcement channel to the channels following it.",
		params:  []param{channelParam, messageParam},
		ann:     mcp.Annotations{Title: "Crosspost message", OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionSendMessages},
		method:  "POST", path: route.TChannelsChannelIDMessagesMessageIDCrosspost,
		out: sentFields,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `"}`,
			`POST /channels/` + exCh + `/messages/` + exMsg + `/crosspost`}},
	},
	{
		name:    "trigger_typing",
		title:   "Show typing",
		toolset: tsMessages,
		desc:    "Show the bot as typing in a channel for about 10 seconds.",
		params:  []param{channelParam},
		ann:     mcp.Annotations{Title: "Show typing", IdempotentHint: true, OpenWorldHint: true},
		needs:   access{perms: dg.PermissionViewChannel | dg.PermissionSendMessages},
		method:  "POST", path: route.TChannelsChannelIDTyping,
		out: []field{
			{name: "typing", src: "const:true", typ: oBool},
			{name: "channel_id", src: "arg:channel_id", typ: oString},
		},
		examples: []example{{`{"channel_id":"` + exCh + `"}`, `POST /channels/` + exCh + `/typing`}},
	},
}

// recentIDsT are message ids that bulk delete accepts: under 14 days old
// (Discord refuses the whole request otherwise).
type recentIDsT struct{ arrayT }

func (t recentIDsT) check(name string, v gjson.Result) error {
	if err := t.arrayT.check(name, v); err != nil {
		return err
	}
	var err error
	v.ForEach(func(_, id gjson.Result) bool {
		if !recent(id.Str) {
			err = badArg("%s: message %s is older than 14 days; bulk delete refuses it (delete it alone)", name, id.Str)
		}
		return err == nil
	})
	return err
}

// maxBulkAge is how old a message bulk delete takes, less a minute so that
// a call checked here is not refused by Discord a moment later.
const maxBulkAge = 14*24*time.Hour - time.Minute

func recent(id string) bool {
	t, ok := route.SnowflakeTime(id)
	return ok && time.Since(t) < maxBulkAge
}

func fetchWalk(sp *spec, a *args) *walk {
	wk := &walk{path: buildPath(sp, a), want: int(a.int("limit", 100)), maxScan: 1000}
	wk.upper = first(a.text("before"), a.text("until"))
	wk.lower = first(a.text("after"), a.text("since"))
	if wk.lower != "" && a.has("since") {
		wk.lower = idMinus1(wk.lower) // since is inclusive
	}
	wk.forward = wk.lower != "" && wk.upper == ""
	wk.cursor = first(a.text("cursor"), wk.upper)
	if wk.forward {
		wk.cursor = first(a.text("cursor"), wk.lower)
	}
	return wk
}

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func fetchMessages(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress) *mcp.ToolResult {
	if a.has("around") {
		return c.walkAround(ctx, sp, a)
	}
	wk := fetchWalk(sp, a)
	return c.runWalk(ctx, sp, a, wk, progress, nil)
}

// walkAround is one page around a message.
func (c *Catalog) walkAround(ctx context.Context, sp *spec, a *args) *mcp.ToolResult {
	n := min(100, a.int("limit", 100))
	req := &proxy.Request{Method: "GET", Path: buildPath(sp, a), Query: "around=" + a.text("around") + "&limit=" + strconv.FormatInt(n, 10)}
	resp, res := c.send(ctx, req)
	if res != nil {
		return res
	}
	wk := &walk{items: c.projFor(sp).items[0], want: int(n), maxScan: int(n), complete: true}
	wk.id = wk.items.slotOf("id")
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	wk.page(w, parse(resp.Body), a)
	w.close(']')
	wk.finish(w)
	w.close('}')
	return success(w.bytes())
}

// runWalk runs wk and writes the messages and the summary.
func (c *Catalog) runWalk(ctx context.Context, sp *spec, a *args, wk *walk, progress mcp.Progress, extra func(w *buf)) *mcp.ToolResult {
	wk.items = c.projFor(sp).items[0]
	wk.id = wk.items.slotOf("id")
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	if res := wk.run(ctx, c, w, a, progress); res != nil {
		return res
	}
	w.close(']')
	if extra != nil {
		extra(w)
	}
	wk.finish(w)
	w.close('}')
	return success(w.bytes())
}

func rangeWalk(sp *spec, a *args) *walk {
	from := a.text("from_id")
	wk := &walk{path: buildPath(sp, a), maxScan: int(a.int("max_scan", 1000)), want: 5000}
	switch {
	case a.has("count_after"):
		wk.forward, wk.cursor, wk.want = true, from, int(a.int("count_after", 0))
	case a.has("count_before"):
		wk.cursor, wk.want = from, int(a.int("count_before", 0))
	default:
		lo, hi := from, a.text("to_id")
		if cmpID(lo, hi) > 0 {
			lo, hi = hi, lo
		}
		wk.forward, wk.cursor, wk.lower, wk.upper = true, idMinus1(lo), idMinus1(lo), idPlus1(hi)
	}
	return wk
}

func idRange(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress) *mcp.ToolResult {
	wk := rangeWalk(sp, a)
	if v, ok := a.given("authors"); ok {
		wk.match = authorFilter(v, c.projFor(sp).items[0].slotOf("author_id"))
	}
	return c.runWalk(ctx, sp, a, wk, progress, func(w *buf) {
		w.key("scanned")
		w.int(int64(wk.scanned))
	})
}

func authorFilter(list gjson.Result, slot int) func(v []gjson.Result) bool {
	var ids []string
	list.ForEach(func(_, id gjson.Result) bool { ids = append(ids, id.Str); return true })
	return func(v []gjson.Result) bool {
		author := v[slot].String()
		for _, id := range ids {
			if id == author {
				return true
			}
		}
		return false
	}
}
