package jsonguard

import (
	"bytes"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

func TestValidate(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	deepObj := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	for _, c := range []struct {
		in   string
		want error // nil, ErrSyntax or ErrTooDeep
	}{
		{`{}`, nil}, {`[]`, nil}, {` [ ] `, nil}, {`0`, nil}, {`-0.5e+10`, nil}, {`"x"`, nil}, {`true`, nil}, {`null`, nil},
		{`{"a":[1,{"b":null},"\u00e9\n"],"c":{}}`, nil},
		{`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"send_message","arguments":{"content":"hi ✓"}}}`, nil},
		{deep(MaxDepth), nil}, {deepObj(MaxDepth), nil},
		{deep(MaxDepth + 1), ErrTooDeep}, {deepObj(MaxDepth + 1), ErrTooDeep},
		{strings.Repeat("[", 1<<20), ErrTooDeep},
		{``, ErrSyntax}, {` `, ErrSyntax}, {`{`, ErrSyntax}, {`[`, ErrSyntax}, {`]`, ErrSyntax}, {`[1,]`, ErrSyntax}, {`{"a":1,}`, ErrSyntax},
		{`{"a"}`, ErrSyntax}, {`{a:1}`, ErrSyntax}, {`{"a":1]`, ErrSyntax}, {`[1}`, ErrSyntax}, {`[1 2]`, ErrSyntax},
		{`01`, ErrSyntax}, {`-`, ErrSyntax}, {`1.`, ErrSyntax}, {`1e`, ErrSyntax}, {`.5`, ErrSyntax}, {`+1`, ErrSyntax},
		{`tru`, ErrSyntax}, {`nul`, ErrSyntax}, {`"abc`, ErrSyntax}, {"\"a\x01\"", ErrSyntax}, {`"\x"`, ErrSyntax}, {`"\u12"`, ErrSyntax},
		{"\"\xff\"", ErrSyntax}, {`{} {}`, ErrSyntax}, {`1 2`, ErrSyntax}, {`[]]`, ErrSyntax},
	} {
		err := Validate([]byte(c.in))
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			name := c.in
			if len(name) > 40 {
				name = name[:40] + "…"
			}
			t.Errorf("Validate(%q) = %v, want %v", name, err, c.want)
		}
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.Offset < 0 || e.Offset > len(c.in)) {
			t.Errorf("Validate(%q): error %v has no sane offset", c.in, err)
		}
	}
}

// worstBodies are 1 MiB inputs built to make a recursive validator pay
// per nesting level.
func worstBodies() map[string][]byte {
	const size = 1 << 20
	return map[string][]byte{
		"brackets":    bytes.Repeat([]byte("["), size),
		"objects":     bytes.Repeat([]byte(`{"a":`), size/5),
		"mixed":       bytes.Repeat([]byte(`[{"":`), size/5),
		"deep string": append(bytes.Repeat([]byte("["), MaxDepth), append([]byte(`"`), bytes.Repeat([]byte("\\u00e9"), (size-MaxDepth)/6)...)...),
	}
}

// stackGrowth runs f on a fresh goroutine and returns how far the stack in
// use grew while it ran (stacks shrink only at GC, so the growth is still
// there when f returns).
func stackGrowth(f func()) uint64 {
	res := make(chan uint64)
	go func() {
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		f()
		runtime.ReadMemStats(&b)
		res <- b.StackInuse - min(a.StackInuse, b.StackInuse)
	}()
	return <-res
}

// TestWorstBodyCostIsBounded is the figure behind the package: the worst
// 1 MiB bodies cost no allocation and no stack growth. gjson.Valid, which
// every entry point used before, is measured alongside for the record.
func TestWorstBodyCostIsBounded(t *testing.T) {
	for name, body := range worstBodies() {
		// One allocation: the *Error that says where the body went wrong.
		if allocs := testing.AllocsPerRun(5, func() { _ = Valid(body) }); allocs > 1 {
			t.Errorf("%s: %.0f allocations per run, want at most 1", name, allocs)
		}
		got := stackGrowth(func() { _ = Valid(body) })
		if got > 64<<10 {
			t.Errorf("%s: stack grew by %d KiB, want under 64 KiB", name, got>>10)
		}
		if name == "brackets" && !testing.Short() {
			before := stackGrowth(func() { _ = gjson.ValidBytes(body) })
			t.Logf("1 MiB of %q: gjson.Valid grew the stack by %d MiB; jsonguard by %d KiB", "[", before>>20, got>>10)
		}
	}
}

func TestValidBodyAllocatesNothing(t *testing.T) {
	body := append([]byte(`{"content":"`), bytes.Repeat([]byte("é\\n"), 1<<18)...)
	body = append(body, `"}`...)
	if err := Validate(body); err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(5, func() { _ = Valid(body) }); allocs != 0 {
		t.Errorf("%.0f allocations per run, want 0", allocs)
	}
}

// FuzzValidate: on UTF-8 input within the depth limit, Validate agrees
// with encoding/json, and it never panics.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c"}]}`, `[`, `"\u00e9"`, `-1.5e3`, `{"a" : true , "b":null}`, "[\"\xff\"]", strings.Repeat("[", 70)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := Validate(b)
		if errors.Is(err, ErrTooDeep) || !utf8.Valid(b) {
			return
		}
		if want := json.Valid(b); (err == nil) != want {
			t.Fatalf("Validate(%q) = %v, encoding/json says valid=%v", b, err, want)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	msg := []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"send_message","arguments":{"channel_id":"1085503155732611072","content":"hello there","embeds":[{"title":"t","fields":[{"name":"a","value":"b"}]}]}}}`)
	b.Run("message", func(b *testing.B) {
		b.SetBytes(int64(len(msg)))
		for b.Loop() {
			_ = Valid(msg)
		}
	})
	for name, body := range worstBodies() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				_ = Valid(body)
			}
		})
	}
}
