package tools

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// badValues are values a parameter of type t must refuse, generated from
// the type itself: wrong JSON types, lengths and ranges past the limits,
// malformed ids, dates outside Discord's epoch, broken shapes.
func badValues(t ptype) []string {
	if tv, ok := t.(testValues); ok {
		return tv.badValues()
	}
	switch v := t.(type) {
	case snowflakeT:
		return []string{`"12"`, `111111111111111111`, `"11111111111111111a"`, `"0111111111111111111111"`}
	case strT:
		out := []string{`5`, `null`}
		if v.max > 0 {
			out = append(out, strconv.Quote(strings.Repeat("é", v.max+1)))
		}
		if v.min > 0 {
			out = append(out, `""`)
		}
		return out
	case intT:
		return []string{`"5"`, `1.5`, strconv.FormatInt(v.max+1, 10), strconv.FormatInt(v.min-1, 10)}
	case boolT:
		return []string{`"true"`, `1`}
	case enumT:
		return []string{`"zzz"`, `1`}
	case intEnumT:
		return []string{`99`, `"1"`}
	case timeT:
		return []string{`"yesterday"`, `"2014-12-31T23:59:59Z"`, `"2100-01-01T00:00:00Z"`, `1735689600`}
	case flagsT:
		return []string{`["nope"]`, `"` + v.names[0] + `"`}
	case emojiT:
		return []string{`"abc"`, `"x:1"`, `""`, `7`}
	case recentIDsT:
		return append(badValues(v.arrayT), `["222222222222222222","222222222222222223"]`, `["`+exRecent+`","`+exRecent+`"]`)
	case arrayT:
		out := []string{`"x"`, `{}`}
		if v.min > 0 {
			out = append(out, `[]`)
		}
		if v.max > 0 {
			items := strings.Repeat(goodValue(v.item)+",", v.max+1)
			out = append(out, "["+strings.TrimSuffix(items, ",")+"]")
		}
		return append(out, "["+badValues(v.item)[0]+"]")
	case forwardT:
		return badValues(v.objectT)
	case uploadsT:
		return append(badValues(v.arrayT), `[{"filename":"a.txt"}]`, `[{"filename":"a.txt","text":"x","data":"eA=="}]`,
			`[{"filename":"a.txt","data":"%%%"}]`, `[{"filename":"a\r\nContent-Disposition: form-data; name=\"payload_json\"","text":"x"}]`,
			`[{"filename":"../a.txt","text":"x"}]`, `[{"resource":{"uri":"file:///"}}]`, `[{"resource":{"uri":"file:///tmp/","text":"x"}}]`, `[{"filename":"..","text":"x"}]`, `[{"resource":{"uri":"file:///a","text":"x","blob":"eA=="}}]`)
	case methodT:
		return []string{`"TRACE"`, `"GETS"`, `1`}
	case apiPathT:
		return []string{`"channels/1"`, `""`, `5`}
	case jsonTextT:
		return []string{`"{\"content\":"`, `"not json"`, `{}`}
	case permsT:
		return []string{`["Nope"]`, `"ViewChannel"`, `-1`, `1.5`, `[1024]`, strconv.FormatInt(1<<53, 10)}
	case durationT:
		return []string{`"10"`, `"0m"`, `"-5m"`, `"29d"`, `"1w"`, `600`}
	case clearT:
		return []string{`false`, `"true"`}
	case anyObjectT:
		return []string{`"x"`, `[]`, `5`}
	case idListT:
		return badValues(v.arrayT)
	case namedIntT:
		return []string{`"nope"`, `25`}
	case objectT:
		out := []string{`"x"`, `[]`, `{"nope":1}`}
		for _, p := range v.props {
			if p.required {
				out = append(out, `{}`)
				break
			}
		}
		return out
	}
	panic("badValues: no case for a parameter type; add one")
}

// testValues is a parameter type that names its own bad and good values
// (methods in the type's _test.go file), instead of a case here.
type testValues interface {
	badValues() []string
	goodValue() string
}

// goodValue is a value t accepts (the smallest there is).
func goodValue(t ptype) string {
	if tv, ok := t.(testValues); ok {
		return tv.goodValue()
	}
	switch v := t.(type) {
	case snowflakeT:
		return `"` + exRecent + `"`
	case strT:
		return strconv.Quote(strings.Repeat("x", max(1, v.min)))
	case intT:
		return strconv.FormatInt(v.min, 10)
	case boolT:
		return `true`
	case enumT:
		return strconv.Quote(v.values[0])
	case objectT:
		b := "{}"
		for _, p := range v.props {
			if p.required {
				b = setRaw(b, p.name, goodValue(p.typ))
			}
		}
		return b
	case timeT:
		return `"2025-01-01T00:00:00Z"`
	case intEnumT:
		return strconv.FormatInt(v.values[0], 10)
	case flagsT:
		return `["` + v.names[0] + `"]`
	case emojiT:
		return `"👍"`
	case forwardT:
		return goodValue(v.objectT)
	case durationT:
		return `"10m"`
	case clearT:
		return `true`
	case anyObjectT:
		return `{}`
	case idListT:
		return goodValue(v.arrayT)
	case namedIntT:
		return strconv.Quote(v.names[0])
	case uploadsT:
		return `[{"filename":"a.txt","text":"x"}]`
	case methodT:
		return `"GET"`
	case apiPathT:
		return `"/users/@me"`
	case jsonTextT:
		return `"{}"`
	case recentIDsT:
		return goodValue(v.arrayT)
	case permsT:
		return `["ViewChannel"]`
	case arrayT:
		var items []string
		for i := range max(1, v.min) {
			item := goodValue(v.item)
			if _, ok := v.item.(snowflakeT); ok && v.unique {
				item = `"` + idPlus1Times(exRecent, i) + `"`
			}
			items = append(items, item)
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	panic("goodValue: no case for a parameter type; add one")
}

type badCase struct{ tool, args string }

// invalidTable is, for every tool, its first example spoiled one way at a
// time: each parameter given each bad value, each required parameter left
// out, each exclusive group given whole, an unknown argument.
func invalidTable(t *testing.T, c *Catalog) []badCase {
	var out []badCase
	for _, sp := range c.specs {
		sp := c.row(sp.name) // with its name parameters
		base := sp.examples[0].args
		set := func(name, raw string) string { return setRaw(base, name, raw) }
		for _, p := range sp.params {
			for _, bad := range badValues(p.typ) {
				out = append(out, badCase{sp.name, set(p.name, bad)})
			}
			if p.required {
				s := deleteKey(base, p.name)
				out = append(out, badCase{sp.name, s})
			}
		}
		for _, group := range append(sp.exclusive, sp.exactlyOne) {
			if len(group) < 2 {
				continue
			}
			s := base
			for _, n := range group {
				s = setRaw(s, n, goodValue(sp.param(n).typ))
			}
			out = append(out, badCase{sp.name, s})
		}
		if len(sp.exactlyOne) > 0 {
			s := base
			for _, n := range sp.exactlyOne {
				s = deleteKey(s, n)
			}
			out = append(out, badCase{sp.name, s})
		}
		if len(sp.oneOf) > 0 {
			s := base
			for _, n := range sp.oneOf {
				s = deleteKey(s, n)
			}
			out = append(out, badCase{sp.name, s})
		}
		out = append(out, badCase{sp.name, set("nonsense", `1`)})
	}
	return out
}

// TestInvalidArgumentsNeverReachDiscord runs the generated table through
// the real proxy: every case is an InvalidInputError and the emulator
// receives nothing.
func TestInvalidArgumentsNeverReachDiscord(t *testing.T) {
	img := newImageFake(t)
	st := newToolStack(t, nil, Options{Toolsets: []string{"all"}, Confirm: true, Image: img.options()})
	ctx := st.ctx(t, map[string]string{"X-Privileged-Call": "1", "X-Owner-Access": "1"}) // discord_request and owner tools too
	cases := invalidTable(t, st.cat)
	for _, tc := range cases {
		res, err := st.cat.CallTool(ctx, tc.tool, json.RawMessage(tc.args), func(float64, float64, string) {})
		if err != nil {
			t.Errorf("%s %s: protocol error %v", tc.tool, tc.args, err)
			continue
		}
		if !res.IsError || !strings.HasPrefix(res.Text, "Error: InvalidInputError - ") {
			t.Errorf("%s %s: want InvalidInputError, got %s %s", tc.tool, tc.args, res.Text, res.Structured)
		}
	}
	if n := st.emu.Stats().Total; n != 0 {
		t.Errorf("the emulator received %d requests from invalid calls", n)
	}
	if n := img.count(); n != 0 {
		t.Errorf("the image endpoint received %d requests from invalid calls", n)
	}
	if len(cases) < 20*len(st.cat.specs)/2 {
		t.Errorf("only %d cases for %d tools", len(cases), len(st.cat.specs))
	}
	t.Logf("%d invalid calls over %d tools, none sent", len(cases), len(st.cat.specs))
}

// setRaw sets key of a JSON object to a raw JSON value.
func setRaw(obj, key, raw string) string {
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(obj), &m); err != nil {
		panic(err)
	}
	m[key] = json.RawMessage(raw)
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func deleteKey(obj, key string) string {
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(obj), &m); err != nil {
		panic(err)
	}
	delete(m, key)
	b, _ := json.Marshal(m)
	return string(b)
}

func idPlus1Times(id string, n int) string {
	for range n {
		id = idPlus1(id)
	}
	return id
}
