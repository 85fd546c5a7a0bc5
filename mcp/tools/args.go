package tools

import (
	"bytes"
	"fmt"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// args are a call's validated arguments. Values stay as gjson results over
// the caller's JSON; nothing is decoded into structs. They are kept by
// parameter position (a spec has a handful), one allocation per call.
type args struct {
	sp   *spec
	vals []argVal // by index into sp.params
}

// argVal is one parameter's value: given by the caller, or filled from an
// X-Current-* header. The value keeps what gjson.Result's readers use
// (type, raw text, string, number) and not its Index and Indexes; the
// type is a byte beside given: 64 bytes a parameter instead of 104.
type argVal struct {
	raw, str string
	num      float64
	typ      uint8 // a gjson.Type (Null … JSON)
	given    bool
	filled   string
}

// val is the value the caller gave, as gjson reads it.
func (av *argVal) val() gjson.Result {
	return gjson.Result{Type: gjson.Type(av.typ), Raw: av.raw, Str: av.str, Num: av.num}
}

func (av *argVal) set(v gjson.Result) {
	av.raw, av.str, av.num, av.typ, av.given = v.Raw, v.Str, v.Num, uint8(v.Type), true
}

// Most specs have at most eight parameters: their values come in the
// same allocation as the args (sized 2, 4, 6 or 8), not a second one.
type (
	args2 struct {
		a args
		v [2]argVal
	}
	args4 struct {
		a args
		v [4]argVal
	}
	args6 struct {
		a args
		v [6]argVal
	}
	args8 struct {
		a args
		v [8]argVal
	}
)

func newArgs(sp *spec) *args {
	n := len(sp.params)
	switch {
	case n <= 2:
		x := &args2{}
		x.a = args{sp: sp, vals: x.v[:n]}
		return &x.a
	case n <= 4:
		x := &args4{}
		x.a = args{sp: sp, vals: x.v[:n]}
		return &x.a
	case n <= 6:
		x := &args6{}
		x.a = args{sp: sp, vals: x.v[:n]}
		return &x.a
	case n <= 8:
		x := &args8{}
		x.a = args{sp: sp, vals: x.v[:n]}
		return &x.a
	}
	return &args{sp: sp, vals: make([]argVal, n)}
}

// get returns the named parameter's value; nil for a name the spec lacks.
func (a *args) get(name string) *argVal {
	if a == nil || a.sp == nil {
		return nil
	}
	for i := range a.sp.params {
		if a.sp.params[i].name == name {
			return &a.vals[i]
		}
	}
	return nil
}

func (a *args) str(name string) string {
	av := a.get(name)
	switch {
	case av == nil:
		return ""
	case av.filled != "":
		return av.filled
	case !av.given:
		return ""
	case gjson.Type(av.typ) == gjson.String:
		return av.str
	}
	return av.raw
}

// text is the named value as it goes into a path or query: its type's
// text form, or the X-Current-* id that filled it.
func (a *args) text(name string) string {
	for i := range a.sp.params {
		p := &a.sp.params[i]
		if p.name != name {
			continue
		}
		av := &a.vals[i]
		switch {
		case av.filled != "":
			return av.filled
		case av.given:
			return p.typ.text(av.val())
		}
		return ""
	}
	return ""
}

// pathText is the value of the path parameter for placeholder ph: the
// parameter whose key (or name, without a key) is ph.
func (a *args) pathText(ph string) string {
	for i := range a.sp.params {
		if p := &a.sp.params[i]; p.in == inPath && (p.key == ph || p.key == "" && p.name == ph) {
			return a.text(p.name)
		}
	}
	return ""
}

func (a *args) has(name string) bool {
	av := a.get(name)
	return av != nil && (av.given || av.filled != "")
}

// given reports whether the caller sent the named argument.
func (a *args) given(name string) (gjson.Result, bool) {
	if av := a.get(name); av != nil && av.given {
		return av.val(), true
	}
	return gjson.Result{}, false
}

// anyGiven reports whether one of names carries something: a string with
// non-space text, a non-empty array, an object, a number or a boolean (a
// change such as status 4 or is_canceled false).
func (a *args) anyGiven(names []string) bool {
	for _, n := range names {
		v, ok := a.given(n)
		switch {
		case !ok:
		case v.Type == gjson.String && strings.TrimSpace(v.Str) != "":
			return true
		case v.IsArray() && len(v.Array()) > 0, v.IsObject():
			return true
		case v.Type == gjson.Number || v.Type == gjson.True || v.Type == gjson.False:
			return true // a value to set (modify_thread's archived: false)
		}
	}
	return false
}

// count is how many of names the caller gave.
func (a *args) count(names []string) int {
	n := 0
	for _, name := range names {
		if _, ok := a.given(name); ok {
			n++
		}
	}
	return n
}

func (a *args) int(name string, def int64) int64 {
	v, ok := a.given(name)
	if !ok {
		return def
	}
	return v.Int()
}

// inputError is a bad argument the model can fix.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badArg(format string, v ...any) error { return &inputError{msg: fmt.Sprintf(format, v...)} }

// parseArgs validates raw against the spec's parameters, before anything is
// sent to Discord: Discord would reject these requests, and each rejection
// spends the bot's invalid-request budget.
func parseArgs(s *spec, raw []byte, scope *policy.Scope) (*args, error) {
	root, err := argsObject(raw)
	if err != nil {
		return nil, err
	}
	a := newArgs(s)
	root.ForEach(func(k, v gjson.Result) bool {
		err = a.take(k.Str, v)
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	if err := a.checkRules(); err != nil {
		return nil, err
	}
	return a, a.fill(scope)
}

// argsObject reads the arguments: a JSON object (empty or null is {}).
func argsObject(raw []byte) (gjson.Result, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return gjson.Parse("{}"), nil
	}
	if !gjson.ValidBytes(raw) {
		return gjson.Result{}, badArg("arguments are not valid JSON")
	}
	// Read in place, not copied into a string first: a Catalog's args
	// never change (mcp.Catalog.CallTool), so what the values point into
	// stays as it was for as long as they are kept.
	root := gjson.Parse(unsafe.String(&raw[0], len(raw)))
	if root.Type == gjson.Null {
		root = gjson.Parse("{}")
	}
	if !root.IsObject() {
		return gjson.Result{}, badArg("arguments must be a JSON object")
	}
	return root, nil
}

// take checks one argument against its parameter's type and keeps it.
func (a *args) take(key string, v gjson.Result) error {
	s := a.sp
	p := s.param(key)
	if p == nil {
		return badArg("unknown argument %q; %s takes %s", key, s.name, s.paramNames())
	}
	av := a.get(p.name)
	if av.given {
		return badArg("argument %q given twice", p.name)
	}
	if err := p.typ.check(p.name, v); err != nil {
		return err
	}
	av.set(v)
	return nil
}

// checkRules applies the row's rules across arguments.
func (a *args) checkRules() error {
	s := a.sp
	if len(s.oneOf) > 0 && !a.anyGiven(s.oneOf) {
		return badArg("give at least one of %s: Discord refuses an empty message or change", strings.Join(s.oneOf, ", "))
	}
	for _, group := range s.exclusive {
		if a.count(group) > 1 {
			return badArg("give at most one of %s", strings.Join(group, ", "))
		}
	}
	if len(s.exactlyOne) > 0 && a.count(s.exactlyOne) != 1 {
		return badArg("give exactly one of %s", strings.Join(s.exactlyOne, ", "))
	}
	return nil
}

// fill takes omitted ids from X-Current-* and refuses a required
// parameter still missing (unless its name stands in, resolved later).
func (a *args) fill(scope *policy.Scope) error {
	for i := range a.sp.params {
		p := &a.sp.params[i]
		if a.vals[i].given {
			continue
		}
		if p.current != "" && scope != nil {
			if v := current(scope, p.current); v != "" {
				a.vals[i].filled = v
				continue
			}
		}
		if p.named != "" && a.has(p.named) || !p.required {
			continue
		}
		or := ""
		if p.named != "" {
			or = ", or " + p.named
		}
		if p.current != "" {
			or += ", or send the X-Current-" + strings.ToUpper(p.current[:1]) + p.current[1:] + " header"
		}
		if or == "" {
			return badArg("%s is required", p.name)
		}
		return badArg("%s is required (%s)", p.name, strings.TrimPrefix(or, ", "))
	}
	return nil
}

func current(s *policy.Scope, which string) string {
	switch which {
	case "channel":
		return s.CurrentChannel
	case "guild":
		return s.CurrentGuild
	case "message":
		return s.CurrentMessage
	case "user":
		return s.CurrentUser
	}
	return ""
}

func isSnowflake(s string) bool {
	if len(s) < 17 || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (s *spec) param(name string) *param {
	for i := range s.params {
		if s.params[i].name == name {
			return &s.params[i]
		}
	}
	return nil
}

func (s *spec) paramNames() string {
	names := make([]string, len(s.params))
	for i, p := range s.params {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}
