package tools

import (
	"encoding/json"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"
)

// refProject is the projection as one gjson.Get per field: slower, and
// obviously right; project must write the same bytes.
func refProject(w *buf, fields []field, src gjson.Result, a *args) {
	for _, f := range fields {
		w.key(f.name)
		if name, ok := strings.CutPrefix(f.src, "arg:"); ok {
			w.str(a.str(name))
			continue
		}
		if lit, ok := strings.CutPrefix(f.src, "const:"); ok {
			w.raw(lit)
			continue
		}
		v := src.Get(f.src)
		if f.typ == "array" {
			w.open('[')
			if v.IsArray() {
				v.ForEach(func(_, item gjson.Result) bool {
					w.open('{')
					refProject(w, f.items, item, a)
					w.close('}')
					return true
				})
			}
			w.close(']')
			continue
		}
		writeField(w, &f, &v)
	}
}

func projectBoth(t *testing.T, c *Catalog, tool string, body []byte, a *args) (got, want string) {
	t.Helper()
	w := &buf{}
	w.open('{')
	project(w, c.projFor(c.row(tool)), parse(body), a)
	w.close('}')
	r := &buf{}
	r.open('{')
	refProject(r, c.row(tool).out, gjson.ParseBytes(body), a)
	r.close('}')
	if !json.Valid(w.b) {
		t.Fatalf("%s: invalid output %s", tool, w.b)
	}
	return string(w.b), string(r.b)
}

// TestProjectMatchesGet: on the emulator's 50 messages and on odd shapes
// (missing, null and mistyped fields, escapes, non-objects), the one-pass
// projection writes what per-field lookups write.
func TestProjectMatchesGet(t *testing.T) {
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	a, err := parseArgs(c.row("delete_message"), []byte(`{"channel_id":"111111111111111111","message_id":"222222222222222222"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string][]string{
		"get_messages": {
			string(recordMessages(t)),
			`[]`, `{}`, `null`, ``, `[1,"x",null,[]]`,
			`[{"id":"1","author":{"id":"2","username":"a\"b\\u00e9\n"},"attachments":[{},{}],"message_reference":{"message_id":"3"}}]`,
			`[{"id":5,"content":{"x":1},"author":"nope","attachments":{"a":1},"message_reference":null,"timestamp":true}]`,
			`[{"id":"1","id":"2","author":{"id":"3"},"extra":[{"id":"9"}]}]`,
			`[{"content":"\ud83d\udc4b \u2028 <b>","author":{"username":null}}]`,
			`[{"id":"1"`, // truncated
		},
		"get_channel_info": {`{"id":"1","name":null,"type":0,"position":3,"nsfw":true,"rate_limit_per_user":5,"topic":"t"}`, `{}`, `[]`},
		"send_message":     {`{"id":"1","channel_id":"2","timestamp":"t"}`},
		"delete_message":   {``},
	}
	for tool, list := range bodies {
		for _, body := range list {
			if got, want := projectBoth(t, c, tool, []byte(body), a); got != want {
				t.Errorf("%s %.80q:\n got %s\nwant %s", tool, body, got, want)
			}
		}
	}
}

// TestSearchReadsItsFields: search_messages filters on fields of its item
// projection, found by name; the table must keep them (slotOf panics on a
// missing one, which this catches before any call does).
func TestSearchReadsItsFields(t *testing.T) {
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	sc := newScan(c.projFor(c.row("search_messages")).items[0], "needle", "", 10)
	if sc.id == sc.author || sc.id == sc.content || sc.author == sc.content {
		t.Errorf("slots id %d, author %d, content %d must differ", sc.id, sc.author, sc.content)
	}
}

// TestCompileProjectionRefuses: a source the one-pass reader cannot
// follow is refused at start, not read as nothing at run time.
func TestCompileProjectionRefuses(t *testing.T) {
	for _, src := range []string{"a.*", "a..b", "#", "a|b", "@reverse", "items.#.id"} {
		if _, err := compileProjection([]field{{name: "x", src: src, typ: "string"}}); err == nil {
			t.Errorf("source %q was accepted", src)
		}
	}
	if _, err := compileProjection([]field{{name: "n", src: "a.b.#", typ: "integer"}, {name: "m", src: "a.b.c", typ: "string"}}); err != nil {
		t.Errorf("nested count and key: %v", err)
	}
}

// TestCheckProjectionAgrees: the start-up check refuses exactly what the
// first call's compile would refuse (a row that passes the check must
// compile), and every row's projection compiles.
func TestCheckProjectionAgrees(t *testing.T) {
	srcs := []string{"a.*", "a..b", "#", "a|b", "@reverse", "items.#.id", "a.#.", ".a", "a.", "@this.x", "a.b.#", "a", "a.b",
		"@this", "arg:x", "const:1", "const:{", "", "a.#", "a#", "x.y.z.#"}
	for _, src := range srcs {
		for _, fs := range [][]field{{{name: "x", src: src, typ: "string"}},
			{{name: "xs", typ: "array", items: []field{{name: "x", src: src, typ: "string"}}}}} {
			_, cerr := compileProjection(fs)
			if kerr := checkProjection(fs); (cerr == nil) != (kerr == nil) {
				t.Errorf("source %q: compile says %v, check says %v", src, cerr, kerr)
			}
		}
	}
	for _, sp := range specs {
		if _, err := compileProjection(sp.out); err != nil {
			t.Errorf("%s: %v", sp.name, err)
		}
	}
}

// FuzzProject: any answer Discord (or something posing as it) sends
// projects to valid JSON without a panic, and a valid answer projects as
// per-field lookups would.
func FuzzProject(f *testing.F) {
	f.Add(`[{"id":"1","author":{"id":"2"},"attachments":[1]}]`)
	f.Add(`{"id":"1","name":null}`)
	f.Add(`[{"id":"1","author":{"id":"2"},"author":{"username":"x"},"attachments":[[1],{"a":[]}],"message_reference":{"message_id":"3"}}]`)
	f.Add(" [ {\"a\\u0069d\":\"1\" , \"content\" : \"\\\"x\\\\\" } ] ")
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		f.Fatal(err)
	}
	a := &args{}
	f.Fuzz(func(t *testing.T, body string) {
		for _, tool := range []string{"get_messages", "get_channel_info"} {
			w := &buf{}
			w.open('{')
			project(w, c.projFor(c.row(tool)), parse([]byte(body)), a)
			w.close('}')
			if !json.Valid(w.b) {
				t.Fatalf("%s %q: invalid output %s", tool, body, w.b)
			}
			if !json.Valid([]byte(body)) {
				continue
			}
			r := &buf{}
			r.open('{')
			refProject(r, c.row(tool).out, gjson.Parse(body), a)
			r.close('}')
			if string(w.b) != string(r.b) {
				t.Fatalf("%s %q:\n got %s\nwant %s", tool, body, w.b, r.b)
			}
		}
	})
}

// TestLazyCellsRace: first calls racing on one tool all get the same
// row and projection (run with -race).
func TestLazyCellsRace(t *testing.T) {
	c, err := NewWith(nil, zerolog.Nop(), Options{Toolsets: []string{"all"}, Confirm: true})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	rows, projs := make([]*spec, n), make([]*projection, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows[i] = c.row("delete_message")
			projs[i] = c.projFor(rows[i])
		}()
	}
	wg.Wait()
	for i := range n {
		if rows[i] != rows[0] || projs[i] != projs[0] || projs[i] == nil {
			t.Fatalf("call %d got row %p projection %p, call 0 %p %p", i, rows[i], projs[i], rows[0], projs[0])
		}
	}
	if !slices.ContainsFunc(rows[0].params, func(p param) bool { return p.name == "confirm" }) {
		t.Error("delete_message's served row has no confirm parameter")
	}
}
