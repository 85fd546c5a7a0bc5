package tools

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// kind is the JSON type and format of a tool parameter.
type kind int

const (
	kSnowflake kind = iota // string of 17-20 digits
	kString
	kInt
	kBool
	kEmbeds // array of Discord embed objects
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

// param describes one tool argument: its schema, its validation and where
// it goes. The JSON Schema is generated from it, so the two cannot drift.
type param struct {
	name     string
	desc     string
	kind     kind
	in       where
	key      string // body key when it differs from name
	required bool
	min, max int64  // int range, or string length (max 0 = no limit)
	def      *int64 // default for ints
	current  string // X-Current-<current> fills it when omitted: "channel", "guild", "message", "user"
}

// field is one property of a tool's structured output, read from Discord's
// response with a gjson path (or from the arguments, with src "arg:name").
type field struct {
	name, src string
	typ       string // "string", "integer", "boolean", "array"
	nullable  bool
	desc      string
	items     []field // for arrays of objects
}

// spec is one tool: everything about it is data, run by one executor.
type spec struct {
	name, title, desc string
	params            []param
	ann               mcp.Annotations
	perms             int64    // Discord permissions the tool needs
	intents           []string // privileged intents it needs
	notToCurrent      bool     // refuse the X-Current-Channel (send_message: "reply normally")
	privileged        bool     // only for X-Privileged-Call callers (discord_request)
	oneOf             []string // at least one of these must be given (and non-empty)
	exclusive         []string // at most one of these may be given

	method, path string // request template, e.g. POST /channels/{channel_id}/messages

	out []field // structured output, from the response (or args when the response is empty)

	// run replaces the single-request executor for tools that need
	// several requests (search_messages).
	run func(ctx context.Context, c *Catalog, sp *spec, a *args, p mcp.Progress) *mcp.ToolResult
	// outExtra are output fields run adds beside out.
	outExtra []field
}

// inputSchema builds the JSON Schema of the tool's arguments.
func (s *spec) inputSchema() json.RawMessage {
	w := &buf{}
	w.open('{')
	w.key("type")
	w.str("object")
	w.key("properties")
	w.open('{')
	for _, p := range s.params {
		w.key(p.name)
		w.open('{')
		switch p.kind {
		case kSnowflake:
			w.key("type")
			w.str("string")
			w.key("pattern")
			w.str(`^\d{17,20}$`)
		case kString:
			w.key("type")
			w.str("string")
			if p.min > 0 {
				w.key("minLength")
				w.int(p.min)
			}
			if p.max > 0 {
				w.key("maxLength")
				w.int(p.max)
			}
		case kInt:
			w.key("type")
			w.str("integer")
			w.key("minimum")
			w.int(p.min)
			w.key("maximum")
			w.int(p.max)
			if p.def != nil {
				w.key("default")
				w.int(*p.def)
			}
		case kBool:
			w.key("type")
			w.str("boolean")
		case kEmbeds:
			w.key("type")
			w.str("array")
			w.key("maxItems")
			w.int(10)
			w.key("items")
			w.raw(`{"type":"object"}`)
		}
		desc := p.desc
		if p.current != "" {
			desc += " Defaults to the X-Current-" + strings.ToUpper(p.current[:1]) + p.current[1:] + " header when omitted."
		}
		w.key("description")
		w.str(desc)
		w.close('}')
	}
	w.close('}')
	var req []string
	for _, p := range s.params {
		if p.required && p.current == "" {
			req = append(req, p.name)
		}
	}
	w.required(req)
	w.key("additionalProperties")
	w.bool(false)
	w.close('}')
	return w.b
}

// outputSchema builds the JSON Schema of structuredContent.
func (s *spec) outputSchema() json.RawMessage {
	w := &buf{}
	fields := append(append([]field(nil), s.out...), s.outExtra...)
	writeObjectSchema(w, fields)
	return w.b
}

func writeObjectSchema(w *buf, fields []field) {
	w.open('{')
	w.key("type")
	w.str("object")
	w.key("properties")
	w.open('{')
	for _, f := range fields {
		w.key(f.name)
		if f.typ == "array" {
			w.open('{')
			w.key("type")
			w.str("array")
			w.key("items")
			writeObjectSchema(w, f.items)
			w.close('}')
			continue
		}
		w.open('{')
		if f.nullable {
			// anyOf rather than a type array: some model providers'
			// schema dialects accept only a single type.
			w.key("anyOf")
			w.raw(`[{"type":"` + f.typ + `"},{"type":"null"}]`)
		} else {
			w.key("type")
			w.str(f.typ)
		}
		if f.desc != "" {
			w.key("description")
			w.str(f.desc)
		}
		w.close('}')
	}
	// Debug details ride along when X-Debug-Mode asks for them.
	w.key("debug")
	w.raw(`{"type":"object"}`)
	w.close('}')
	var req []string
	for _, f := range fields {
		if !f.nullable {
			req = append(req, f.name)
		}
	}
	w.required(req)
	w.close('}')
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
