package tools

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// searchMessages scans a channel's history back, 100 messages a page,
// through the same proxy.Do (policy and limiter) as every other call,
// until it has limit matches, the history ends, or max_pages pages are read.
func searchMessages(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress) *mcp.ToolResult {
	query := strings.ToLower(a.str("query"))
	author := a.str("author_id")
	limit := int(a.int("limit", 25))
	maxPages := int(a.int("max_pages", 5))
	before := a.str("before")
	path := buildPath(sp, a)

	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	found, scanned, pages, complete := 0, 0, 0, false
	for pages < maxPages && found < limit {
		q := url.Values{"limit": {"100"}}
		if before != "" {
			q.Set("before", before)
		}
		resp, res := c.do(ctx, sp, a, path, q.Encode(), nil)
		if res != nil {
			if pages == 0 {
				return res
			}
			// Keep what was found; say why the scan stopped.
			break
		}
		pages++
		msgs := gjson.ParseBytes(resp.Body).Array()
		for _, m := range msgs {
			scanned++
			before = m.Get("id").String()
			if found >= limit {
				continue
			}
			if author != "" && m.Get("author.id").String() != author {
				continue
			}
			if !strings.Contains(strings.ToLower(m.Get("content").String()), query) {
				continue
			}
			w.open('{')
			project(w, messageFields, m, a)
			w.close('}')
			found++
		}
		progress(float64(pages), float64(maxPages), fmt.Sprintf("scanned %d messages, %d matches", scanned, found))
		if len(msgs) < 100 {
			complete = true
			break
		}
	}
	w.close(']')
	w.key("scanned")
	w.int(int64(scanned))
	w.key("pages")
	w.int(int64(pages))
	w.key("complete")
	w.bool(complete)
	w.close('}')
	return success(w.bytes())
}
