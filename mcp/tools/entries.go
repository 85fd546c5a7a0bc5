package tools

import (
	"bytes"
	"encoding/json"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// The tools/list entries, kept compactly: every served tool's entry is
// encoded once at start, then all of them are copied into one block, and
// each tool's InputSchema and OutputSchema are views into its own entry.
// A tool's schemas are thus held once, not three times (two schemas and
// the entry that repeats them), and the block is one allocation instead
// of several hundred small ones scattered among the start's garbage,
// which would keep half-empty heap spans resident for the process's life.

// entryScratch is the buffers the rows' schemas are written into while
// the catalog is built (grown once, reused from row to row), and where
// each entry's schemas sit in it, in the order of Catalog.specs.
type entryScratch struct {
	in, out buf
	at      []schemaAt
}

// schemaAt is where a tool's schemas sit in its entry: [from, to) each,
// or -1 when EncodeTool rewrote them (escaped characters) and gjson must
// find them.
type schemaAt struct{ in, out [2]int }

// encode writes s's schemas into the scratch buffers and t's entry; the
// schemas stay valid until the next encode, the entry until packEntries.
func (sc *entryScratch) encode(s *spec, t *mcp.Tool) error {
	sc.in.b, sc.out.b = sc.in.b[:0], sc.out.b[:0]
	s.writeInputSchema(&sc.in)
	s.writeOutputSchema(&sc.out)
	t.InputSchema, t.OutputSchema = sc.in.b, sc.out.b
	enc, err := mcp.EncodeTool(t)
	if err != nil {
		return err
	}
	t.Encoded = enc
	// The output schema follows the input schema in the entry.
	in := span(enc, 0, sc.in.b)
	sc.at = append(sc.at, schemaAt{in: in, out: span(enc, max(in[1], 0), sc.out.b)})
	return nil
}

// span is where part first sits in entry from offset from on, or -1.
func span(entry []byte, from int, part []byte) [2]int {
	i := bytes.Index(entry[from:], part)
	if i < 0 || len(part) == 0 {
		return [2]int{-1, -1}
	}
	return [2]int{from + i, from + i + len(part)}
}

// packEntries copies every served tool's entry into one block and points
// the tool's entry and schemas into it.
func (c *Catalog) packEntries(sc *entryScratch) {
	n := 0
	for _, sp := range c.specs {
		n += len(c.tools[sp.name].Encoded)
	}
	block := make([]byte, 0, n)
	for i, sp := range c.specs {
		t := c.tools[sp.name]
		start := len(block)
		block = append(block, t.Encoded...)
		t.Encoded = block[start:len(block):len(block)]
		t.InputSchema = member(t.Encoded, sc.at[i].in, "inputSchema")
		t.OutputSchema = member(t.Encoded, sc.at[i].out, "outputSchema")
	}
}

// member is the raw value of key in the JSON object entry: the view at,
// or where gjson finds it (a view when it can say where, else a copy).
func member(entry json.RawMessage, at [2]int, key string) json.RawMessage {
	if at[0] > 0 {
		return entry[at[0]:at[1]:at[1]]
	}
	r := gjson.GetBytes(entry, key)
	if !r.Exists() {
		return nil
	}
	if end := r.Index + len(r.Raw); r.Index > 0 && end <= len(entry) && string(entry[r.Index:end]) == r.Raw {
		return entry[r.Index:end:end]
	}
	return json.RawMessage(r.Raw)
}
