package tools

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"
)

// conforms lists where v breaks schema: the subset of JSON Schema the
// catalog's output schemas use (type, anyOf, properties, required, items,
// enum). MCP clients check structuredContent against outputSchema; a tool
// whose results do not conform breaks them.
func conforms(schema, v gjson.Result, path string) []string {
	if alts := schema.Get("anyOf"); alts.Exists() {
		var all []string
		for _, alt := range alts.Array() {
			p := conforms(alt, v, path)
			if len(p) == 0 {
				return nil
			}
			all = append(all, p...)
		}
		return all
	}
	var out []string
	if enum := schema.Get("enum"); enum.Exists() {
		ok := false
		for _, e := range enum.Array() {
			ok = ok || e.Raw == v.Raw
		}
		if !ok {
			out = append(out, fmt.Sprintf("%s: %s not in %s", path, v.Raw, enum.Raw))
		}
	}
	switch typ := schema.Get("type").Str; {
	case typ == "":
	case !typeIs(typ, v):
		return append(out, fmt.Sprintf("%s: %s is not %s", path, v.Raw, typ))
	case typ == "array":
		for i, item := range v.Array() {
			out = append(out, conforms(schema.Get("items"), item, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case typ == "object":
		for _, r := range schema.Get("required").Array() {
			if !v.Get(gjson.Escape(r.Str)).Exists() {
				out = append(out, path+"."+r.Str+": missing")
			}
		}
		v.ForEach(func(k, val gjson.Result) bool {
			if p := schema.Get("properties." + gjson.Escape(k.Str)); p.Exists() {
				out = append(out, conforms(p, val, path+"."+k.Str)...)
			} else {
				out = append(out, path+"."+k.Str+": not in the schema")
			}
			return true
		})
	}
	return out
}

func typeIs(typ string, v gjson.Result) bool {
	switch typ {
	case "string":
		return v.Type == gjson.String
	case "integer":
		return v.Type == gjson.Number && v.Num == float64(int64(v.Num))
	case "boolean":
		return v.IsBool()
	case "null":
		return v.Type == gjson.Null
	case "array":
		return v.IsArray()
	case "object":
		return v.IsObject()
	}
	return false
}

// TestConformsCatches: the checker itself finds each kind of break.
func TestConformsCatches(t *testing.T) {
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	schema := gjson.ParseBytes(c.tools["get_message"].OutputSchema)
	good := `{"id":"1","channel_id":"2","author_id":"3","author_name":"a","content":"c","timestamp":"t","attachments":[],"reply_to":null}`
	if p := conforms(schema, gjson.Parse(good), "$"); len(p) != 0 {
		t.Fatalf("a conforming result was refused: %v", p)
	}
	for _, bad := range []string{
		`{"channel_id":"2","author_id":"3","author_name":"a","content":"c","timestamp":"t","attachments":[]}`,
		strings.Replace(good, `"attachments":[]`, `"attachments":0`, 1),
		strings.Replace(good, `"attachments":[]`, `"attachments":[{"id":"1"}]`, 1),
		strings.Replace(good, `"reply_to":null`, `"reply_to":5`, 1),
		strings.Replace(good, `"id":"1"`, `"id":"1","extra":1`, 1),
	} {
		if len(conforms(schema, gjson.Parse(bad), "$")) == 0 {
			t.Errorf("not caught: %s", bad)
		}
	}
}
