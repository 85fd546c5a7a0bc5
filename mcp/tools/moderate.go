package tools

import (
	"context"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// moderatePlan is one bulk delete when it can be (2 or more ids, all
// recent), else one delete per message.
func moderatePlan(sp *spec, a *args) []*proxy.Request {
	ids, _ := a.given("message_ids")
	list := ids.Array()
	ch := a.text("channel_id")
	reason := a.str("reason")
	bulk := len(list) >= 2
	for _, id := range list {
		bulk = bulk && recent(id.Str)
	}
	if bulk {
		w := &buf{}
		w.open('{')
		w.key("messages")
		w.raw(ids.Raw)
		w.close('}')
		return []*proxy.Request{{Method: "POST", Path: fill(route.TChannelsChannelIDMessagesBulkDelete, ch), Body: w.b, Reason: reason}}
	}
	reqs := make([]*proxy.Request, 0, len(list))
	for _, id := range list {
		reqs = append(reqs, &proxy.Request{Method: "DELETE", Path: fill(route.TChannelsChannelIDMessagesMessageID, ch, id.Str), Reason: reason})
	}
	return reqs
}

func moderate(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	reqs := moderatePlan(sp, a)
	bulk := reqs[0].Method == "POST"
	deleted, failed := 0, 0
	var last *mcp.ToolResult
	for _, r := range reqs {
		if _, res := c.send(ctx, r); res != nil {
			failed++
			last = res
			continue
		}
		if bulk {
			deleted += len(gjson.GetBytes(r.Body, "messages").Array())
		} else {
			deleted++
		}
	}
	if deleted == 0 && last != nil {
		return last
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("deleted")
	w.int(int64(deleted))
	w.key("bulk")
	w.bool(bulk)
	w.key("failed")
	w.int(int64(failed))
	w.close('}')
	return success(w.bytes())
}

// fill puts checked ids into a template's placeholders, in order.
func fill(template string, ids ...string) string {
	var b []byte
	rest := template
	for _, id := range ids {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			break
		}
		b = append(append(b, rest[:i]...), id...)
		rest = rest[j+1:]
	}
	return string(append(b, rest...))
}
