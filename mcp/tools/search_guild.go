package tools

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Guild-wide search: with a guild, search_messages asks Discord's own
// index (GET /guilds/{guild_id}/messages/search, 25 hits a page) instead
// of scanning one channel. Under X-Target-Channels the search names the
// channels of the guild the scope reaches (policy refuses one that names
// none, and filters the answer). Discord answers 202 while it builds a
// guild's index: the tool waits what it says, within the call's deadline.

const (
	searchPageSize   = 25
	maxIndexRetries  = 5
	modeGuildSearch  = "guild_search"
	modeChannelScan  = "channel_scan"
	defaultIndexWait = time.Second
)

// guildSearchParams are the filters only Discord's guild search has.
var guildSearchParams = []param{
	{name: "mentions", desc: "Guild search: only messages mentioning this user id.", typ: tSnowflake},
	{name: "has", desc: "Guild search: only messages that have all of these.", typ: arrayT{min: 1, max: 9, unique: true,
		item: enumT{values: []string{"link", "embed", "poll", "file", "video", "image", "sound", "sticker", "snapshot"}}}},
	{name: "since", desc: "Guild search: only messages sent after this time (ISO 8601).", typ: timeT{asSnowflake: true}},
	{name: "until", desc: "Guild search: only messages sent before this time (ISO 8601).", typ: timeT{asSnowflake: true}},
	{name: "pinned", desc: "Guild search: only pinned (true) or unpinned (false) messages.", typ: tBool},
	{name: "oldest_first", desc: "Guild search: oldest matches first (default newest).", typ: tBool},
	{name: "offset", desc: "Guild search: skip this many matches (paging; up to 9975).", typ: intRange(0, 9975, nil)},
}

// guildOnly are the names of guildSearchParams.
func guildOnly(a *args) string {
	for _, p := range guildSearchParams {
		if a.has(p.name) {
			return p.name
		}
	}
	return ""
}

// searchAny runs the guild search when a guild is given, else the scan;
// a refused guild search with a channel falls back to the scan.
func searchAny(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress) *mcp.ToolResult {
	if !a.has("guild_id") {
		if !a.has("channel_id") {
			return failure(proxy.InvalidInput, "give channel_id (scan one channel) or guild_id (search the server)", "Add channel_id or guild_id.")
		}
		if p := guildOnly(a); p != "" {
			return failure(proxy.InvalidInput, p+" filters Discord's guild search only", "Add guild_id, or leave out "+p+".")
		}
		return searchMessages(ctx, c, sp, a, progress)
	}
	// A channel the caller named (not X-Current-Channel's default) narrows
	// the guild search, and is scanned if the guild search is refused.
	named := a.get("channel_id").given || a.has("channel_name")
	res := guildSearch(ctx, c, sp, a, progress, named)
	if res.IsError && named {
		progress(0, 0, "guild search refused; scanning the channel instead")
		return searchMessages(ctx, c, sp, a, progress)
	}
	return res
}

func guildSearch(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress, oneChannel bool) *mcp.ToolResult {
	guild := a.str("guild_id")
	q, res := c.guildQuery(ctx, a, oneChannel)
	if res != nil {
		return res
	}
	limit, maxPages := int(a.int("limit", 25)), int(a.int("max_pages", 5))
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	items := c.projFor(sp).items[0]
	found, pages, total := 0, 0, int64(0)
	skip := int(a.int("offset", 0))
	for pages < maxPages && found < limit {
		q.Set("offset", fmt.Sprint(skip+pages*searchPageSize))
		q.Set("limit", fmt.Sprint(min(searchPageSize, limit-found)))
		body, res := c.searchPage(ctx, &proxy.Request{Method: "GET", Path: fill(route.TGuildsGuildIDMessagesSearch, guild), Query: q.Encode()}, progress)
		if res != nil {
			return res
		}
		pages++
		total = body.Get("total_results").Int()
		n := 0
		body.Get("messages").ForEach(func(_, group gjson.Result) bool {
			n++
			if found < limit {
				emitOne(w, items, group.Get("0"), a)
				found++
			}
			return true
		})
		progress(float64(pages), float64(maxPages), fmt.Sprintf("guild search: %d of %d matches", found, total))
		if n < searchPageSize || int64(skip+pages*searchPageSize) >= total {
			break
		}
	}
	w.close(']')
	w.key("scanned")
	w.int(total)
	w.key("pages")
	w.int(int64(pages))
	w.key("complete")
	w.bool(int64(skip+found) >= total)
	w.key("mode")
	w.str(modeGuildSearch)
	w.close('}')
	return success(w.bytes())
}

// guildQuery is the search's query: the caller's filters, and the
// channels searched (the one named, or under X-Target-Channels those of
// the guild the scope reaches).
func (c *Catalog) guildQuery(ctx context.Context, a *args, oneChannel bool) (url.Values, *mcp.ToolResult) {
	q := url.Values{"content": {a.str("query")}}
	searchFilters(q, a)
	if oneChannel {
		q.Set("channel_id", a.str("channel_id"))
	} else if s := policy.FromContext(ctx); s != nil && s.FiltersChannels() {
		guild := a.str("guild_id")
		ids, res := c.channelsInReach(ctx, guild)
		if res != nil {
			return nil, res
		}
		if len(ids) == 0 {
			return nil, failure(proxy.PermissionDenied, "no channel of guild "+guild+" is within X-Target-Channels", "Search a guild your scope reaches.")
		}
		q["channel_id"] = ids
	}
	return q, nil
}

// searchPage sends one search request, waiting out 202 "index not ready"
// answers as Discord asks, within the call's deadline.
func (c *Catalog) searchPage(ctx context.Context, req *proxy.Request, progress mcp.Progress) (gjson.Result, *mcp.ToolResult) {
	for try := 0; ; try++ {
		resp, res := c.send(ctx, req)
		if res != nil {
			return gjson.Result{}, res
		}
		body := parse(resp.Body)
		if resp.Status != 202 {
			return body, nil
		}
		wait := time.Duration(body.Get("retry_after").Float() * float64(time.Second))
		if wait <= 0 {
			wait = defaultIndexWait
		}
		if dl, ok := ctx.Deadline(); try >= maxIndexRetries || ok && time.Until(dl) < wait {
			return gjson.Result{}, failure(proxy.RateLimited, "Discord is still indexing this server for search",
				fmt.Sprintf("Try again in %s, or search one channel with channel_id.", wait))
		}
		progress(0, 0, fmt.Sprintf("Discord is indexing the server; retrying in %s", wait))
		select {
		case <-ctx.Done():
			return gjson.Result{}, fromProxyError(ctx.Err())
		case <-time.After(wait):
		}
	}
}

// channelsInReach lists the ids of the guild's channels the scope reaches
// (the proxy filters the list to the scope).
func (c *Catalog) channelsInReach(ctx context.Context, guild string) ([]string, *mcp.ToolResult) {
	resp, res := c.send(ctx, &proxy.Request{Method: "GET", Path: fill(route.TGuildsGuildIDChannels, guild)})
	if res != nil {
		return nil, res
	}
	s := policy.FromContext(ctx)
	var ids []string
	parse(resp.Body).ForEach(func(_, ch gjson.Result) bool {
		id := ch.Get("id").Str
		if s == nil || s.AllowsListedChannel(id, ch.Get("parent_id").Str, int(ch.Get("type").Int())) {
			ids = append(ids, id)
		}
		return true
	})
	return ids, nil
}

// emitOne projects one message into w.
func emitOne(w *buf, items *projection, m gjson.Result, a *args) {
	var stack [maxStackSlots]gjson.Result
	v := items.slots(&stack)
	items.gather(m, v)
	w.open('{')
	items.emit(w, v, a)
	w.close('}')
}

// searchFilters writes the caller's filters as Discord's query keys.
func searchFilters(q url.Values, a *args) {
	for _, k := range [][2]string{{"author_id", "author_id"}, {"mentions", "mentions"}, {"since", "min_id"}, {"until", "max_id"}, {"pinned", "pinned"}} {
		if a.has(k[0]) {
			q.Set(k[1], a.text(k[0]))
		}
	}
	if v, ok := a.given("has"); ok {
		v.ForEach(func(_, h gjson.Result) bool { q.Add("has", h.Str); return true })
	}
	if v, ok := a.given("oldest_first"); ok && v.Bool() {
		q.Set("sort_by", "timestamp")
		q.Set("sort_order", "asc")
	}
}
