package tools

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unsafe"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// The packed entries are the bytes EncodeTool writes for each tool: in
// the generated constant, or one after another in a few chunks; each
// tool's schemas are its entry's members.
func TestPackedEntries(t *testing.T) {
	opts := []Options{{Toolsets: []string{"all"}}, {Toolsets: []string{"all"}, Confirm: true}, {Toolsets: DefaultToolsets}}
	if reflect.ValueOf(generatedSource()).Pointer() != reflect.ValueOf(generatedEntry).Pointer() {
		t.Error("the catalog does not serve the generated entries: entries_gen.go does not match the table")
	}
	for _, gen := range []entrySource{generatedSource(), noGenerated} {
		for _, o := range opts {
			testPackedEntries(t, o, gen)
		}
	}
}

func testPackedEntries(t *testing.T, o Options, gen entrySource) {
	t.Helper()
	generated := reflect.ValueOf(gen).Pointer() == reflect.ValueOf(generatedEntry).Pointer()
	c, err := newCatalog(nil, zerolog.Nop(), o, gen)
	if err != nil {
		t.Fatal(err)
	}
	var prev json.RawMessage
	total, breaks := 0, 0
	for _, sp := range c.specs {
		sp := c.row(sp.name) // the row the entry was generated from
		tool := c.tools[sp.name]
		var in, out buf
		sp.writeInputSchema(&in)
		sp.writeOutputSchema(&out)
		want, err := mcp.EncodeTool(&mcp.Tool{Name: tool.Name, Title: tool.Title, Description: tool.Description,
			InputSchema: in.b, OutputSchema: out.b, Annotations: tool.Annotations})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(tool.Encoded, want) {
			t.Fatalf("%s: entry\n%s\nwant\n%s", sp.name, tool.Encoded, want)
		}
		for key, got := range map[string]json.RawMessage{"inputSchema": tool.InputSchema, "outputSchema": tool.OutputSchema} {
			if m := gjson.GetBytes(tool.Encoded, key).Raw; m == "" || string(got) != m {
				t.Errorf("%s: %s %s, entry has %s", sp.name, key, got, m)
			}
		}
		if inGenerated(tool.Encoded) != generated {
			t.Fatalf("%s: entry in the generated constant %v, want %v", sp.name, !generated, generated)
		}
		if prev != nil && !generated && unsafe.Add(unsafe.Pointer(unsafe.SliceData(prev)), len(prev)) != unsafe.Pointer(unsafe.SliceData(tool.Encoded)) {
			breaks++ // a new chunk
		}
		prev, total = tool.Encoded, total+len(tool.Encoded)
	}
	if breaks > total/entryChunk+1 {
		t.Errorf("%d entries (%d bytes) in %d chunks; want them packed", len(c.specs), total, breaks+1)
	}
}
