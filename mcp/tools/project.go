package tools

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"
)

// A projection turns one Discord object into a tool's output fields in a
// single pass: each object's keys are read once and dispatched by name,
// instead of one gjson lookup (one scan from the object's start) per
// field. Projections are compiled from the spec's fields at start.
type projection struct {
	fields []field
	names  []string      // per field: its key as JSON, `"name":`, encoded once
	slot   []int         // per field: where its value lands (-1: arg: or const:)
	items  []*projection // per field: the projection of an array's items
	keys   []keyNode     // the object's keys worth reading
	this   int           // slot of "@this" (the object itself), or -1
	nslots int
}

// keyNode is one key of the source object: its value fills a slot, its
// array length fills a count slot ("key.#"), its keys feed sub.
type keyNode struct {
	key   string
	slot  int // -1 when only counted or descended into
	count int // -1 when not counted
	sub   []keyNode
}

// maxStackSlots is how many values a projection gathers without
// allocating; a wider output shape still works, on the heap.
const maxStackSlots = 16

// compileProjection builds the projection of fields. Sources are dotted
// keys, optionally ending in "#" (an array's length), "@this", "arg:name"
// or "const:literal"; other gjson syntax is refused so that a spec's
// output cannot silently read nothing.
func compileProjection(fields []field) (*projection, error) {
	p := &projection{fields: fields, names: make([]string, len(fields)), slot: make([]int, len(fields)), items: make([]*projection, len(fields)), this: -1}
	bySrc := map[string]int{}
	for i, f := range fields {
		p.names[i] = string(appendString(nil, f.name)) + ":"
		if f.typ == "array" {
			items, err := compileProjection(f.items)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
			p.items[i] = items
		}
		if err := checkSource(f); err != nil {
			return nil, err
		}
		// "" is a field the spec's run writes itself (spec.check
		// requires a run then).
		if f.src == "" || strings.HasPrefix(f.src, "arg:") || strings.HasPrefix(f.src, "const:") {
			p.slot[i] = -1
			continue
		}
		if s, ok := bySrc[f.src]; ok { // two fields, one source: one slot
			p.slot[i] = s
			continue
		}
		s := p.nslots
		p.nslots++
		bySrc[f.src], p.slot[i] = s, s
		if f.src == "@this" {
			p.this = s
			continue
		}
		p.addPath(f.src, s)
	}
	return p, nil
}

// checkProjection refuses what compileProjection would refuse, without
// building anything: the catalog checks every row at start and compiles
// a row's projection only when the row is first called.
func checkProjection(fields []field) error {
	for _, f := range fields {
		if f.typ == "array" {
			if err := checkProjection(f.items); err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
		}
		if err := checkSource(f); err != nil {
			return err
		}
	}
	return nil
}

// checkSource refuses a constant that is not JSON and a path that is not
// dotted keys, optionally ending in .#.
func checkSource(f field) error {
	if lit, ok := strings.CutPrefix(f.src, "const:"); ok && !gjson.Valid(lit) {
		// Results are marked valid JSON without a check (see
		// success): a constant must be valid JSON itself.
		return fmt.Errorf("output field %s: constant %q is not JSON", f.name, lit)
	}
	if f.src == "" || f.src == "@this" || strings.HasPrefix(f.src, "arg:") || strings.HasPrefix(f.src, "const:") {
		return nil
	}
	for rest, i := f.src, 0; ; i++ {
		k, more, dotted := strings.Cut(rest, ".")
		counted := k == "#" && i > 0 && !dotted // a trailing .#
		if !counted && (k == "" || k == "#" || strings.ContainsAny(k, `*?|@#\!=<>%`)) {
			return fmt.Errorf("output field %s: source %q: want dotted keys, optionally ending in .#", f.name, f.src)
		}
		if !dotted {
			return nil
		}
		rest = more
	}
}

// addPath files src ("a.b", "a.#", checked by checkSource) under the keys
// that lead to it.
func (p *projection) addPath(src string, slot int) {
	parts := strings.Split(src, ".")
	nodes := &p.keys
	for i, k := range parts {
		n := findKey(nodes, k)
		if i == len(parts)-1 {
			n.slot = slot
			return
		}
		if i == len(parts)-2 && parts[i+1] == "#" {
			n.count = slot
			return
		}
		nodes = &n.sub
	}
}

// findKey returns the node for k, adding it when missing.
func findKey(nodes *[]keyNode, k string) *keyNode {
	for i := range *nodes {
		if (*nodes)[i].key == k {
			return &(*nodes)[i]
		}
	}
	*nodes = append(*nodes, keyNode{key: k, slot: -1, count: -1})
	return &(*nodes)[len(*nodes)-1]
}

// slotOf is the slot of the named field; compileProjection's callers
// ask only for fields their spec has, so a miss is a programming error.
func (p *projection) slotOf(name string) int {
	for i, f := range p.fields {
		if f.name == name && p.slot[i] >= 0 {
			return p.slot[i]
		}
	}
	panic("tools: projection has no field " + name)
}

// project writes the projection of src into w, reading src once.
func project(w *buf, p *projection, src gjson.Result, a *args) {
	var stack [maxStackSlots]gjson.Result
	vals := p.slots(&stack)
	p.gather(src, vals)
	p.emit(w, vals, a)
}

// slots returns room for the projection's values: on the caller's stack
// when it fits.
func (p *projection) slots(stack *[maxStackSlots]gjson.Result) []gjson.Result {
	if p.nslots <= maxStackSlots {
		return stack[:p.nslots]
	}
	return make([]gjson.Result, p.nslots)
}

// gather fills vals from src in one pass over its keys. When a key
// repeats, the first one wins, as with gjson.Get.
func (p *projection) gather(src gjson.Result, vals []gjson.Result) {
	if p.this >= 0 {
		vals[p.this] = src
	}
	if len(p.keys) > 0 && src.IsObject() {
		gatherKeys(src.Raw, p.keys, vals)
	}
}

// gatherKeys reads obj's members once; only the values a node wants are
// decoded. obj may run on past the object: the index after it is
// returned, so a caller walking an array reads each item only once.
func gatherKeys(obj string, nodes []keyNode, vals []gjson.Result) int {
	it := membersOf(obj)
	for {
		k, raw, ok := it.next()
		if !ok {
			return it.end()
		}
		n := findNode(nodes, k)
		if n == nil {
			continue
		}
		if n.slot >= 0 && !vals[n.slot].Exists() {
			vals[n.slot] = it.scannedValue(raw)
		}
		if n.count >= 0 && !vals[n.count].Exists() && raw[0] == '[' {
			vals[n.count] = countOf(raw)
		}
		if n.sub != nil && raw[0] == '{' {
			gatherKeys(raw, n.sub, vals)
		}
	}
}

func findNode(nodes []keyNode, k string) *keyNode {
	for i := range nodes {
		if nodes[i].key == k {
			return &nodes[i]
		}
	}
	return nil
}

// countOf is a raw array's length as a gjson number, so that a count
// reads like any other integer field.
func countOf(arr string) gjson.Result {
	n := 0
	for it := membersOf(arr); ; n++ {
		if _, _, ok := it.next(); !ok {
			break
		}
	}
	return gjson.Result{Type: gjson.Number, Num: float64(n)}
}

// emit writes the fields in the spec's order from the gathered values.
func (p *projection) emit(w *buf, vals []gjson.Result, a *args) {
	for i := range p.fields {
		f := &p.fields[i] // fields and values are large: read in place
		w.comma()
		w.raw(p.names[i])
		if p.slot[i] < 0 {
			if name, ok := strings.CutPrefix(f.src, "arg:"); ok {
				w.str(a.str(name))
			} else if lit, ok := strings.CutPrefix(f.src, "const:"); ok {
				w.raw(lit)
			} else {
				w.null()
			}
			continue
		}
		v := &vals[p.slot[i]]
		if f.typ == "array" {
			w.open('[')
			if v.IsArray() {
				projectItems(w, p.items[i], v.Raw, a)
			}
			w.close(']')
			continue
		}
		writeField(w, f, v)
	}
}

// projectItems writes the projection of each item of the raw array arr.
// An object item is read once: gathered in place (gatherKeys says where
// it ends), not first skipped to find its end and then gathered.
func projectItems(w *buf, items *projection, arr string, a *args) {
	var stack [maxStackSlots]gjson.Result
	i := skipSpace(arr, 1)
	for i < len(arr) && arr[i] != ']' {
		var v gjson.Result
		end := 0
		if arr[i] == '{' && items.this < 0 {
			vals := items.slots(&stack)
			clear(vals)
			end = i + gatherKeys(arr[i:], items.keys, vals)
			w.open('{')
			items.emit(w, vals, a)
			w.close('}')
		} else {
			if end = skipValue(arr, i); end < 0 {
				return
			}
			v = valueOf(arr[i:end])
			w.open('{')
			project(w, items, v, a)
			w.close('}')
		}
		if i = skipSpace(arr, end); i < len(arr) && arr[i] == ',' {
			i = skipSpace(arr, i+1)
		}
	}
}

// writeField writes one scalar field; a missing or null value is null
// when the field is nullable, else its type's zero value.
func writeField(w *buf, f *field, v *gjson.Result) {
	switch {
	case !v.Exists() || v.Type == gjson.Null:
		switch {
		case f.nullable:
			w.null()
		case f.typ == "boolean":
			w.bool(false)
		case f.typ == "integer":
			w.int(0)
		default:
			w.str("")
		}
	case f.typ == "string":
		w.str(v.String())
	case f.typ == "integer":
		w.int(v.Int())
	case f.typ == "boolean":
		w.bool(v.Bool())
	default:
		w.null() // New refuses specs with other types
	}
}

// parse reads Discord's answer in place. The body belongs to the caller's
// proxy.Response and is not changed while the result is read; everything
// kept is copied into the output buffer, so no string outlives the body.
func parse(body []byte) gjson.Result {
	if len(body) == 0 {
		return gjson.Result{}
	}
	return gjson.Parse(unsafe.String(&body[0], len(body)))
}
