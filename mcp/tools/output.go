package tools

// otype is an output field's JSON type.
type otype string

const (
	oString otype = "string"
	oInt    otype = "integer"
	oBool   otype = "boolean"
	oArray  otype = "array" // of objects (items)
)

// field is one property of a tool's structured output, read from Discord's
// response with a gjson path (or from the arguments, with src "arg:name").
type field struct {
	name, src string
	typ       otype
	nullable  bool
	enum      []string // for strings: the values Discord sends
	desc      string
	items     []field // for arrays of objects
	// untrusted: the value is written by Discord users (message text,
	// names, topics); a result holding one is marked for mcp's fence.
	untrusted bool
}

// anyUntrusted reports whether fields hold user-written text anywhere.
func anyUntrusted(fields []field) bool {
	for _, f := range fields {
		if f.untrusted || anyUntrusted(f.items) {
			return true
		}
	}
	return false
}

// writeObjectSchema writes an object of fields; top is the result itself,
// the only object that may carry debug details.
func writeObjectSchema(w *buf, fields []field, top bool) {
	w.open('{')
	w.key("type")
	w.str("object")
	w.key("properties")
	w.open('{')
	for _, f := range fields {
		w.key(f.name)
		writeFieldSchema(w, f)
	}
	if top { // debug details ride along when X-Debug-Mode asks for them
		w.key("debug")
		w.raw(`{"type":"object"}`)
	}
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

func writeFieldSchema(w *buf, f field) {
	if f.typ == oArray {
		w.open('{')
		w.key("type")
		w.str("array")
		w.key("items")
		writeObjectSchema(w, f.items, false)
		w.close('}')
		return
	}
	w.open('{')
	if f.nullable {
		// anyOf rather than a type array: some model providers'
		// schema dialects accept only a single type.
		w.key("anyOf")
		w.raw(`[{"type":"` + string(f.typ) + `"},{"type":"null"}]`)
	} else {
		w.key("type")
		w.str(string(f.typ))
	}
	if len(f.enum) > 0 {
		w.key("enum")
		w.open('[')
		for _, v := range f.enum {
			w.comma()
			w.str(v)
		}
		if f.nullable {
			w.comma()
			w.null()
		}
		w.close(']')
	}
	if f.desc != "" {
		w.key("description")
		w.str(f.desc)
	}
	w.close('}')
}
