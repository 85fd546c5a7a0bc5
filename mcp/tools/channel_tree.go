package tools

import (
	"context"
	"slices"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// listChannelTree answers a guild's channels in the order Discord's
// client shows them: uncategorised channels, then each category followed
// by its channels, each level by position then id.
func listChannelTree(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	resp, res := c.send(ctx, request(sp, a))
	if res != nil {
		return res
	}
	chans := parse(resp.Body).Array()
	byPos := func(x, y gjson.Result) int {
		if d := x.Get("position").Int() - y.Get("position").Int(); d != 0 {
			return int(min(max(d, -1), 1))
		}
		return cmpID(x.Get("id").Str, y.Get("id").Str)
	}
	slices.SortStableFunc(chans, byPos)
	children := map[string][]gjson.Result{}
	var top []gjson.Result
	for _, ch := range chans {
		if p := ch.Get("parent_id").Str; p != "" {
			children[p] = append(children[p], ch)
		} else {
			top = append(top, ch)
		}
	}
	// Discord lists categories after the channels outside any category.
	slices.SortStableFunc(top, func(x, y gjson.Result) int {
		return boolCmp(x.Get("type").Int() == 4, y.Get("type").Int() == 4)
	})
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("channels")
	w.open('[')
	items := c.projFor(sp).items[0]
	seen := map[string]bool{}
	for _, ch := range top {
		emitOne(w, items, ch, a)
		seen[ch.Get("id").Str] = true
		for _, kid := range children[ch.Get("id").Str] {
			emitOne(w, items, kid, a)
			seen[kid.Get("id").Str] = true
		}
	}
	for _, ch := range chans { // children of a category the answer left out
		if !seen[ch.Get("id").Str] {
			emitOne(w, items, ch, a)
		}
	}
	w.close(']')
	w.close('}')
	return success(w.bytes())
}

func boolCmp(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}
