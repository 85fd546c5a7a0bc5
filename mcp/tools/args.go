package tools

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

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
// X-Current-* header.
type argVal struct {
	v      gjson.Result
	given  bool
	filled string
}

func newArgs(sp *spec) *args { return &args{sp: sp, vals: make([]argVal, len(sp.params))} }

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
	case av.v.Type == gjson.String:
		return av.v.Str
	}
	return av.v.Raw
}

func (a *args) has(name string) bool {
	av := a.get(name)
	return av != nil && (av.given || av.filled != "")
}

// given reports whether the caller sent the named argument.
func (a *args) given(name string) (gjson.Result, bool) {
	if av := a.get(name); av != nil && av.given {
		return av.v, true
	}
	return gjson.Result{}, false
}

// anyGiven reports whether one of names carries something: a string with
// non-space text or a non-empty array.
func (a *args) anyGiven(names []string) bool {
	for _, n := range names {
		v, ok := a.given(n)
		switch {
		case !ok:
		case v.Type == gjson.String && strings.TrimSpace(v.Str) != "":
			return true
		case v.IsArray() && len(v.Array()) > 0:
			return true
		}
	}
	return false
}

func (a *args) int(name string, def int64) int64 {
	v, ok := a.given(name)
	if !ok {
		return def
	}
	return v.Int()
}

func (a *args) raw(name string) string { v, _ := a.given(name); return v.Raw }

// inputError is a bad argument the model can fix.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badArg(format string, v ...any) error { return &inputError{msg: fmt.Sprintf(format, v...)} }

// parseArgs validates raw against the spec's parameters, before anything is
// sent to Discord: Discord would reject these requests, and each rejection
// spends the bot's invalid-request budget.
func parseArgs(s *spec, raw []byte, scope *policy.Scope) (*args, error) {
	a := newArgs(s)
	if len(strings.TrimSpace(string(raw))) == 0 {
		raw = []byte("{}")
	}
	if !gjson.ValidBytes(raw) {
		return nil, badArg("arguments are not valid JSON")
	}
	root := gjson.ParseBytes(raw)
	if root.Type == gjson.Null {
		root = gjson.Parse("{}")
	}
	if !root.IsObject() {
		return nil, badArg("arguments must be a JSON object")
	}
	var err error
	root.ForEach(func(k, v gjson.Result) bool {
		p := s.param(k.Str)
		if p == nil {
			err = badArg("unknown argument %q; %s takes %s", k.Str, s.name, s.paramNames())
			return false
		}
		av := a.get(p.name)
		if av.given {
			err = badArg("argument %q given twice", p.name)
			return false
		}
		if err = checkValue(p, v); err != nil {
			return false
		}
		av.v, av.given = v, true
		return true
	})
	if err != nil {
		return nil, err
	}
	if len(s.oneOf) > 0 && !a.anyGiven(s.oneOf) {
		return nil, badArg("give at least one of %s: Discord cannot send an empty message", strings.Join(s.oneOf, ", "))
	}
	given := 0
	for _, name := range s.exclusive {
		if a.has(name) {
			given++
		}
	}
	if given > 1 {
		return nil, badArg("give at most one of %s", strings.Join(s.exclusive, ", "))
	}
	for i := range s.params {
		p := &s.params[i]
		if a.vals[i].given {
			continue
		}
		if p.current != "" && scope != nil {
			if v := current(scope, p.current); v != "" {
				a.vals[i].filled = v
				continue
			}
		}
		if p.required {
			if p.current != "" {
				return nil, badArg("%s is required (or send the X-Current-%s header)", p.name, strings.ToUpper(p.current[:1])+p.current[1:])
			}
			return nil, badArg("%s is required", p.name)
		}
	}
	return a, nil
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

func checkValue(p *param, v gjson.Result) error {
	switch p.kind {
	case kSnowflake:
		if v.Type != gjson.String || !isSnowflake(v.Str) {
			return badArg("%s must be a Discord id: a string of 17-20 digits", p.name)
		}
	case kString:
		if v.Type != gjson.String {
			return badArg("%s must be a string", p.name)
		}
		if !utf8.ValidString(v.Str) {
			return badArg("%s is not valid UTF-8", p.name)
		}
		n := int64(utf8.RuneCountInString(v.Str))
		if p.min > 0 && n < p.min {
			return badArg("%s must be at least %d characters", p.name, p.min)
		}
		if p.max > 0 && n > p.max {
			return badArg("%s is %d characters; Discord allows at most %d", p.name, n, p.max)
		}
	case kInt:
		if v.Type != gjson.Number {
			return badArg("%s must be an integer", p.name)
		}
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		if err != nil {
			return badArg("%s must be an integer", p.name)
		}
		if n < p.min || n > p.max {
			return badArg("%s must be between %d and %d", p.name, p.min, p.max)
		}
	case kBool:
		if v.Type != gjson.True && v.Type != gjson.False {
			return badArg("%s must be true or false", p.name)
		}
	case kEmbeds:
		return checkEmbeds(p.name, v)
	}
	return nil
}

// Discord's embed limits (developer docs, "Embed Limits").
var embedLimits = []struct {
	path string
	max  int
}{
	{"title", 256}, {"description", 4096}, {"footer.text", 2048}, {"author.name", 256},
}

func checkEmbeds(name string, v gjson.Result) error {
	if !v.IsArray() {
		return badArg("%s must be an array of embed objects", name)
	}
	items := v.Array()
	if len(items) > 10 {
		return badArg("%s has %d embeds; Discord allows at most 10", name, len(items))
	}
	total := 0
	for i, e := range items {
		if !e.IsObject() {
			return badArg("%s[%d] must be an object", name, i)
		}
		for _, l := range embedLimits {
			f := e.Get(l.path)
			if !f.Exists() {
				continue
			}
			if f.Type != gjson.String {
				return badArg("%s[%d].%s must be a string", name, i, l.path)
			}
			n := utf8.RuneCountInString(f.Str)
			if n > l.max {
				return badArg("%s[%d].%s is %d characters; Discord allows at most %d", name, i, l.path, n, l.max)
			}
			total += n
		}
		if c := e.Get("color"); c.Exists() && (c.Type != gjson.Number || c.Int() < 0 || c.Int() > 0xFFFFFF) {
			return badArg("%s[%d].color must be an integer from 0 to 16777215", name, i)
		}
		fields := e.Get("fields")
		if fields.Exists() {
			if !fields.IsArray() {
				return badArg("%s[%d].fields must be an array", name, i)
			}
			fs := fields.Array()
			if len(fs) > 25 {
				return badArg("%s[%d] has %d fields; Discord allows at most 25", name, i, len(fs))
			}
			for j, f := range fs {
				fn, fv := f.Get("name"), f.Get("value")
				if fn.Type != gjson.String || fv.Type != gjson.String || fn.Str == "" || fv.Str == "" {
					return badArg("%s[%d].fields[%d] needs a non-empty name and value", name, i, j)
				}
				if n := utf8.RuneCountInString(fn.Str); n > 256 {
					return badArg("%s[%d].fields[%d].name is %d characters; Discord allows at most 256", name, i, j, n)
				}
				if n := utf8.RuneCountInString(fv.Str); n > 1024 {
					return badArg("%s[%d].fields[%d].value is %d characters; Discord allows at most 1024", name, i, j, n)
				}
				total += utf8.RuneCountInString(fn.Str) + utf8.RuneCountInString(fv.Str)
			}
		}
	}
	if total > 6000 {
		return badArg("%s carry %d characters in all; Discord allows at most 6000", name, total)
	}
	return nil
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
