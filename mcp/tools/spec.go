package tools

import (
	"context"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// where says where a parameter goes in the Discord request.
type where int

const (
	inNone   where = iota // used by the tool itself
	inPath                // fills {name} in the path template
	inQuery               // ?name=value
	inBody                // JSON body key (dotted keys nest one level)
	inReason              // X-Audit-Log-Reason
)

// param is one tool argument: its type (which knows its schema, check and
// encoding) and where it goes. The JSON Schema is generated from it, so
// the two cannot drift.
type param struct {
	name     string
	desc     string
	typ      ptype
	in       where
	key      string // body or query key when it differs from name
	required bool
	current  string // X-Current-<current> fills it when omitted: "channel", "guild", "message", "user"
	named    string // the <kind>_name parameter that may stand in for this id
	resolves string // for a <kind>_name parameter: the id parameter it fills
}

// access is what a tool needs from the caller's scope; a scope without it
// does not see the tool.
type access struct {
	perms      int64    // Discord permissions (discordgo's constants)
	intents    []string // privileged intents
	owner      bool     // X-Owner-Access
	privileged bool     // X-Privileged-Call
	dm         bool     // a DM tool: hidden when X-Target-Users allows no one
}

// step is one request a tool may send: a method on a published template.
type step struct{ method, path string }

// example is a call and the exact first request it makes:
// "METHOD /path?query body". TestExamples runs them all.
type example struct{ args, want string }

// spec is one tool: everything about it is data, run by one executor.
type spec struct {
	name, title, desc string
	toolset           string
	params            []param
	ann               mcp.Annotations
	needs             access
	notToCurrent      bool       // refuse the X-Current-Channel (send_message: "reply normally")
	local             bool       // answered by the proxy itself with run: no request of its own (toolset mcp)
	oneOf             []string   // at least one of these must be given (and non-empty)
	exclusive         [][]string // at most one of each group may be given
	exactlyOne        []string   // exactly one of these must be given

	method, path string // the request, path a route.T… constant
	more         []step // further requests run may send (checked like the first)

	out []field // structured output, from the response (or args when the response is empty)

	// run replaces the single-request executor for tools that need
	// several requests (paging, fetch then act).
	run func(ctx context.Context, c *Catalog, sp *spec, a *args, p mcp.Progress) *mcp.ToolResult
	// plan builds the requests run will send, as far as they are known
	// before sending (a paging tool: its first page); examples and
	// previews read it. Without it the plan is the row's own request.
	plan func(sp *spec, a *args) []*proxy.Request
	// outExtra are output fields run adds beside out.
	outExtra []field

	examples []example
}

// writeInputSchema appends the JSON Schema of the tool's arguments to w.
func (s *spec) writeInputSchema(w *buf) {
	w.open('{')
	w.key("type")
	w.str("object")
	w.key("properties")
	w.open('{')
	for _, p := range s.params {
		w.key(p.name)
		w.open('{')
		p.typ.schema(w)
		desc := p.desc
		if p.current != "" {
			desc += " Default: the X-Current-" + strings.ToUpper(p.current[:1]) + p.current[1:] + " header."
		}
		w.key("description")
		w.str(desc)
		w.close('}')
	}
	w.close('}')
	var req []string
	for _, p := range s.params {
		if p.required && p.current == "" && p.named == "" {
			req = append(req, p.name)
		}
	}
	w.required(req)
	w.key("additionalProperties")
	w.bool(false)
	w.close('}')
}

// writeOutputSchema appends the JSON Schema of structuredContent to w.
func (s *spec) writeOutputSchema(w *buf) {
	fields := s.out
	if len(s.outExtra) > 0 {
		fields = append(append([]field(nil), s.out...), s.outExtra...)
	}
	writeObjectSchema(w, fields, true)
}

// required writes a schema's "required" list, if any.
func (w *buf) required(names []string) {
	if len(names) == 0 {
		return
	}
	w.key("required")
	w.open('[')
	for _, n := range names {
		w.comma()
		w.str(n)
	}
	w.close(']')
}
