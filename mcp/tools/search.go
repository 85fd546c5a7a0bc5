package tools

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// searchMessages scans a channel's history back, 100 messages a page,
// through the same proxy.Do (policy and limiter) as every other call,
// until it has limit matches, the history ends, or max_pages pages are read.
func searchMessages(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress) *mcp.ToolResult {
	maxPages := int(a.int("max_pages", 5))
	req := scanRequest(sp, a)

	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	sc := newScan(c.projFor(sp).items[0], strings.ToLower(a.str("query")), a.str("author_id"), int(a.int("limit", 25)))
	pages, complete := 0, false
	for pages < maxPages && sc.found < sc.limit {
		resp, res := c.send(ctx, req)
		if res != nil {
			if pages == 0 {
				return res
			}
			// Keep what was found; say why the scan stopped.
			break
		}
		pages++
		n, last := sc.page(w, parse(resp.Body), a)
		if last != "" {
			req = &proxy.Request{Method: sp.method, Path: req.Path, Query: pageQuery(last, "")} // copies last
		}
		progress(float64(pages), float64(maxPages), fmt.Sprintf("scanned %d messages, %d matches", sc.scanned, sc.found))
		if n < 100 {
			complete = true
			break
		}
	}
	w.close(']')
	w.key("scanned")
	w.int(int64(sc.scanned))
	w.key("pages")
	w.int(int64(pages))
	w.key("complete")
	w.bool(complete)
	w.key("mode")
	w.str(modeChannelScan)
	w.close('}')
	return success(w.bytes())
}

// searchPlan is search's first page: 100 messages, before the caller's
// starting point if any.
func searchPlan(sp *spec, a *args) []*proxy.Request {
	if a.has("guild_id") {
		q := url.Values{"content": {a.str("query")}, "limit": {"25"}, "offset": {"0"}}
		return []*proxy.Request{{Method: "GET", Path: fill(route.TGuildsGuildIDMessagesSearch, a.str("guild_id")), Query: q.Encode()}}
	}
	return []*proxy.Request{scanRequest(sp, a)}
}

// scanRequest is the channel scan's first page.
func scanRequest(sp *spec, a *args) *proxy.Request {
	return &proxy.Request{Method: sp.method, Path: buildPath(sp, a), Query: pageQuery(a.str("before"), "")}
}

// pageQuery is a page of 100 messages before (or after) an id.
func pageQuery(before, after string) string {
	q := url.Values{"limit": {"100"}}
	if before != "" {
		q.Set("before", before)
	}
	if after != "" {
		q.Set("after", after)
	}
	return q.Encode()
}

// scan filters pages of messages, projecting the matches into the result.
type scan struct {
	items                 *projection // one message's projection
	id, author, content   int         // slots of the fields the filter reads
	query, authorID       string
	limit, found, scanned int
}

func newScan(items *projection, query, authorID string, limit int) *scan {
	return &scan{items: items, query: query, authorID: authorID, limit: limit,
		id: items.slotOf("id"), author: items.slotOf("author_id"), content: items.slotOf("content")}
}

// page reads one page of messages once each, and returns how many it
// held and the id of the last (oldest) one.
func (sc *scan) page(w *buf, msgs gjson.Result, a *args) (n int, last string) {
	if !msgs.IsArray() { // Discord answers a list; anything else holds no messages
		return 0, ""
	}
	var stack [maxStackSlots]gjson.Result
	v := sc.items.slots(&stack)
	msgs.ForEach(func(_, m gjson.Result) bool {
		n++
		sc.scanned++
		clear(v)
		sc.items.gather(m, v)
		last = v[sc.id].String()
		if sc.found >= sc.limit || !sc.matches(v) {
			return true
		}
		w.open('{')
		sc.items.emit(w, v, a)
		w.close('}')
		sc.found++
		return true
	})
	return n, last
}

func (sc *scan) matches(v []gjson.Result) bool {
	if sc.authorID != "" && v[sc.author].String() != sc.authorID {
		return false
	}
	return strings.Contains(strings.ToLower(v[sc.content].String()), sc.query)
}
