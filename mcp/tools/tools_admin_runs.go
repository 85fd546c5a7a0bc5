package tools

import (
	"context"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// Runs of administration rows that the single-request executor cannot
// express: an answer that is a map (role member counts); a comma-list
// query type.

// runRoleCounts turns Discord's {role_id: count} into a list of rows.
func runRoleCounts(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	resp, res := c.send(ctx, request(sp, a))
	if res != nil {
		return res
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("counts")
	w.open('[')
	parse(resp.Body).ForEach(func(k, v gjson.Result) bool {
		w.open('{')
		w.key("role_id")
		w.str(strings.Clone(k.Str))
		w.key("members")
		w.int(v.Int())
		w.close('}')
		return true
	})
	w.close(']')
	debugInfo(w, policy.FromContext(ctx), resp)
	w.close('}')
	return success(w.bytes())
}

// idListT is a list of ids that goes into a query as a comma list
// (prune's include_roles) and into a body as an array.
type idListT struct{ arrayT }

func (t idListT) text(v gjson.Result) string {
	var parts []string
	v.ForEach(func(_, x gjson.Result) bool { parts = append(parts, x.Str); return true })
	return strings.Join(parts, ",")
}
