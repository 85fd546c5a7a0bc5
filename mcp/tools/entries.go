package tools

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// The tools/list entries, kept compactly: every served tool's entry is
// encoded once at start straight into a few shared chunks, and each
// tool's InputSchema and OutputSchema are views into its own entry. A
// tool's schemas are thus held once, not three times (two schemas and the
// entry that repeats them), and the entries are a few allocations instead
// of several hundred small ones scattered among the start's garbage,
// which would keep half-empty heap spans resident for the process's life.

// entryChunk is the size of the chunks entries are packed into: the
// default toolsets' entries fit one, every toolset's take about nine.
const entryChunk = 32 << 10

// entryScratch is the buffers the rows' schemas are written into while
// the catalog is built (grown once, reused from row to row) and the
// chunk the entries are written into.
type entryScratch struct {
	in, out buf
	arena   entryArena
}

// encode writes s's schemas into the scratch buffers and t's entry into
// the arena, then points t's schemas into its entry.
func (sc *entryScratch) encode(s *spec, t *mcp.Tool) error {
	sc.in.b, sc.out.b = sc.in.b[:0], sc.out.b[:0]
	s.writeInputSchema(&sc.in)
	s.writeOutputSchema(&sc.out)
	t.InputSchema, t.OutputSchema = sc.in.b, sc.out.b
	sc.arena.begin()
	if err := mcp.WriteTool(&sc.arena, t); err != nil {
		return err
	}
	t.Encoded = sc.arena.end()
	// The output schema follows the input schema in the entry.
	in := span(t.Encoded, 0, sc.in.b)
	t.InputSchema = member(t.Encoded, in, "inputSchema")
	t.OutputSchema = member(t.Encoded, span(t.Encoded, max(in[1], 0), sc.out.b), "outputSchema")
	return nil
}

// entryArena is an io.Writer that keeps each entry contiguous in the
// current chunk, starting a new chunk (and moving the entry begun so far)
// when one does not fit.
type entryArena struct {
	chunk []byte
	start int // where the entry being written begins in chunk
}

func (a *entryArena) begin() { a.start = len(a.chunk) }

func (a *entryArena) Write(p []byte) (int, error) {
	if len(a.chunk)+len(p) > cap(a.chunk) {
		begun := a.chunk[a.start:]
		next := make([]byte, 0, max(entryChunk, 2*(len(begun)+len(p))))
		a.chunk, a.start = append(next, begun...), 0
	}
	a.chunk = append(a.chunk, p...)
	return len(p), nil
}

// end returns the entry written since begin without the encoder's
// newline, capped so that nothing appends into the next entry; the next
// entry starts where the newline was.
func (a *entryArena) end() json.RawMessage {
	a.chunk = bytes.TrimSuffix(a.chunk, []byte("\n"))
	return a.chunk[a.start:len(a.chunk):len(a.chunk)]
}

// span is where part first sits in entry from offset from on, or -1.
func span(entry []byte, from int, part []byte) [2]int {
	i := bytes.Index(entry[from:], part)
	if i < 0 || len(part) == 0 {
		return [2]int{-1, -1}
	}
	return [2]int{from + i, from + i + len(part)}
}

// member is the raw value of key in the JSON object entry: the view at,
// or where gjson finds it when EncodeTool rewrote the schema (escaped
// characters): a view when gjson can say where, else a copy.
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

// The entries are a pure function of the table and of one option
// (Confirm adds confirmParam to destructive rows), so they are also
// generated into entries_gen.go: a string constant, which lives in the
// binary's read-only data, file-backed and shared, read from disk only
// when a tools/list serves it, instead of ~300 KB of heap built at every
// start. TestEntriesGenerated fails when the file is stale; regenerate it
// with go generate ./mcp/tools.
//
//go:generate go test -run ^TestEntriesGenerated$ -update-entries .

// genEntry is one generated entry: where its schemas sit in it and where
// it ends, as offsets into genEntries (it begins where the previous one
// ends).
type genEntry struct{ inStart, inEnd, outStart, outEnd, end uint32 }

// entrySource points t at a ready entry for row i of specs, with
// confirmParam when confirm, or reports false: the catalog then encodes
// the entry itself.
type entrySource func(i int, confirm bool, t *mcp.Tool) bool

// noGenerated is the entrySource of a catalog that encodes every entry.
func noGenerated(int, bool, *mcp.Tool) bool { return false }

// generatedSource is generatedEntry when entries_gen.go came from this
// table's rows, in this order (a build that skipped go generate after a
// row was added, removed or moved would otherwise serve one tool's entry
// under another's name), else noGenerated. A stale schema within a row
// is TestEntriesGenerated's to catch.
func generatedSource() entrySource {
	if len(genEntryTable) != 2*len(specs) || len(genEntries) == 0 || genSpecNames != specNamesHash() {
		return noGenerated
	}
	return generatedEntry
}

// specNamesHash is FNV-1a (64-bit) of the table's tool names in order,
// each ended by a zero byte.
func specNamesHash() uint64 {
	h := fnv.New64a()
	for _, s := range specs {
		h.Write([]byte(s.name))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// generatedEntry points t at s's generated entry (an entrySource; see
// generatedSource for when it may serve). Nothing in the entry is read
// here, so that none of its pages is touched at start.
func generatedEntry(i int, confirm bool, t *mcp.Tool) bool {
	k := 2 * i
	if confirm {
		k++
	}
	start := uint32(0)
	if k > 0 {
		start = genEntryTable[k-1].end
	}
	g := genEntryTable[k]
	if g.end <= start {
		return false // no such variant (confirm on a row that is not destructive)
	}
	// Read-only views: the bytes are in the binary's rodata and nothing
	// writes into an entry (each is capped).
	all := unsafe.Slice(unsafe.StringData(genEntries), len(genEntries))
	view := func(a, b uint32) json.RawMessage { return all[a:b:b] }
	t.Encoded = view(start, g.end)
	t.InputSchema = view(g.inStart, g.inEnd)
	if g.outEnd > g.outStart {
		t.OutputSchema = view(g.outStart, g.outEnd)
	}
	return true
}
