package tools

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// prop is one property of an object parameter.
type prop struct {
	name     string
	typ      ptype
	required bool
	desc     string
}

// objectT is a JSON object with known properties only: an unknown key is
// refused, so nothing reaches Discord that the schema does not describe.
type objectT struct {
	rawEncode
	props []prop
	// limit checks the object as a whole (Discord's cross-field rules).
	limit func(name string, v gjson.Result) error
}

func (t objectT) schema(w *buf) {
	w.key("type")
	w.str("object")
	w.key("properties")
	w.open('{')
	for _, p := range t.props {
		w.key(p.name)
		w.open('{')
		p.typ.schema(w)
		if p.desc != "" {
			w.key("description")
			w.str(p.desc)
		}
		w.close('}')
	}
	w.close('}')
	var req []string
	for _, p := range t.props {
		if p.required {
			req = append(req, p.name)
		}
	}
	w.required(req)
	w.key("additionalProperties")
	w.bool(false)
}

func (t objectT) check(name string, v gjson.Result) error {
	if !v.IsObject() {
		return badArg("%s must be an object", name)
	}
	var seen uint64 // by property index; objects here have fewer than 64
	var err error
	v.ForEach(func(k, val gjson.Result) bool {
		i := t.index(k.Str)
		if i < 0 {
			err = badArg("%s has an unknown key %q", name, k.Str)
			return false
		}
		if seen&(1<<i) != 0 {
			err = badArg("%s.%s is given twice", name, k.Str)
			return false
		}
		seen |= 1 << i
		err = t.props[i].typ.check(name+"."+k.Str, val)
		return err == nil
	})
	if err != nil {
		return err
	}
	for i, p := range t.props {
		if p.required && seen&(1<<i) == 0 {
			return badArg("%s.%s is required", name, p.name)
		}
	}
	if t.limit != nil {
		return t.limit(name, v)
	}
	return nil
}

func (t objectT) index(key string) int {
	for i := range t.props {
		if t.props[i].name == key {
			return i
		}
	}
	return -1
}

// arrayT is a list of items of one type, min to max long (max 0: any).
type arrayT struct {
	rawEncode
	item     ptype
	min, max int
	unique   bool // no item twice (compared as sent)
	// limit checks the array as a whole (embeds' 6,000 characters).
	limit func(name string, v gjson.Result) error
}

func (t arrayT) schema(w *buf) {
	w.key("type")
	w.str("array")
	if t.min > 0 {
		w.key("minItems")
		w.int(int64(t.min))
	}
	if t.max > 0 {
		w.key("maxItems")
		w.int(int64(t.max))
	}
	if t.unique {
		w.key("uniqueItems")
		w.bool(true)
	}
	w.key("items")
	w.open('{')
	t.item.schema(w)
	w.close('}')
}

func (t arrayT) check(name string, v gjson.Result) error {
	if !v.IsArray() {
		return badArg("%s must be an array", name)
	}
	n := 0
	v.ForEach(func(_, _ gjson.Result) bool { n++; return true })
	if n < t.min {
		return badArg("%s has %d items; Discord needs at least %d", name, n, t.min)
	}
	if t.max > 0 && n > t.max {
		return badArg("%s has %d items; Discord allows at most %d", name, n, t.max)
	}
	i := 0
	var err error
	var seen map[string]bool
	if t.unique {
		seen = make(map[string]bool, n)
	}
	v.ForEach(func(_, item gjson.Result) bool {
		if err = t.item.check(name+"["+strconv.Itoa(i)+"]", item); err == nil && seen != nil {
			if seen[item.Raw] {
				err = badArg("%s lists %s twice", name, item.Raw)
			}
			seen[item.Raw] = true
		}
		i++
		return err == nil
	})
	if err != nil {
		return err
	}
	if t.limit != nil {
		return t.limit(name, v)
	}
	return nil
}

// discordEpoch is the first moment a snowflake can name (2015-01-01).
var discordEpoch = time.UnixMilli(1420070400000).UTC()

// timeT is an ISO 8601 timestamp between Discord's epoch and the year
// 2100. asSnowflake sends it as the smallest snowflake of that
// millisecond, which is how Discord's before/after take a date.
type timeT struct{ asSnowflake bool }

func (timeT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("format")
	w.str("date-time")
}

func (timeT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String {
		return badArg("%s must be an ISO 8601 timestamp string", name)
	}
	t, err := time.Parse(time.RFC3339Nano, v.Str)
	if err != nil {
		return badArg("%s must be an ISO 8601 timestamp such as 2025-01-31T12:00:00Z", name)
	}
	if t.Before(discordEpoch) || t.Year() >= 2100 {
		return badArg("%s must be between 2015-01-01 (Discord's epoch) and 2100", name)
	}
	return nil
}

func (t timeT) encode(w *buf, v gjson.Result) { w.str(t.text(v)) }

func (t timeT) text(v gjson.Result) string {
	if !t.asSnowflake {
		return v.Str
	}
	at, _ := time.Parse(time.RFC3339Nano, v.Str) // checked
	return strconv.FormatUint(uint64(at.Sub(discordEpoch).Milliseconds())<<22, 10)
}

// flagsT is a bitfield given as names ("suppress_embeds") and sent as the
// integer Discord wants.
type flagsT struct {
	names []string
	bits  []int64
}

func (t flagsT) schema(w *buf) {
	arrayT{item: enumT{values: t.names}, max: len(t.names)}.schema(w)
}

func (t flagsT) check(name string, v gjson.Result) error {
	return arrayT{item: enumT{values: t.names}, max: len(t.names)}.check(name, v)
}

func (t flagsT) encode(w *buf, v gjson.Result) { w.raw(t.text(v)) }

func (t flagsT) text(v gjson.Result) string {
	var n int64
	v.ForEach(func(_, x gjson.Result) bool {
		for i, name := range t.names {
			if x.Str == name {
				n |= t.bits[i]
			}
		}
		return true
	})
	return strconv.FormatInt(n, 10)
}

// emojiT is a reaction emoji: a unicode emoji, or a custom one as
// name:id. It goes into the path, escaped there.
type emojiT struct{ rawEncode }

func (emojiT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("minLength")
	w.int(1)
	w.key("maxLength")
	w.int(64)
}

func (emojiT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String || v.Str == "" || len(v.Str) > 64 || !utf8.ValidString(v.Str) {
		return badArg("%s must be a unicode emoji or a custom emoji as name:id", name)
	}
	if n, id, custom := strings.Cut(v.Str, ":"); custom {
		if !isSnowflake(id) || !isEmojiName(n) {
			return badArg("%s: a custom emoji is name:id, e.g. party:123456789012345678", name)
		}
		return nil
	}
	for _, r := range v.Str {
		if r >= utf8.RuneSelf {
			return nil
		}
	}
	return badArg("%s must be a unicode emoji or a custom emoji as name:id", name)
}

func isEmojiName(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
