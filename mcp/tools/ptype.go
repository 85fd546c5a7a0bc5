package tools

import (
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// ptype is a parameter's type: it knows its JSON Schema, how to check a
// caller's value, and how the value is written into Discord's request. A
// new kind of parameter is one new ptype, not a case in several switches.
type ptype interface {
	// schema writes the type's JSON Schema keywords into an open object.
	schema(w *buf)
	// check refuses a value Discord would refuse; name is the argument's
	// path for the message ("embeds[0].title").
	check(name string, v gjson.Result) error
	// encode writes a checked value into a JSON body.
	encode(w *buf, v gjson.Result)
	// text is a checked value as it goes into a path or query.
	text(v gjson.Result) string
}

// rawEncode is the encoding of a checked value that Discord takes as sent.
type rawEncode struct{}

func (rawEncode) encode(w *buf, v gjson.Result) { w.raw(v.Raw) }
func (rawEncode) text(v gjson.Result) string {
	if v.Type == gjson.String {
		return v.Str
	}
	return v.Raw
}

// snowflakeT is a Discord id: a string of 17 to 20 digits.
type snowflakeT struct{ rawEncode }

func (snowflakeT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^\d{17,20}$`)
}

func (snowflakeT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String || !isSnowflake(v.Str) {
		return badArg("%s must be a Discord id: a string of 17-20 digits", name)
	}
	return nil
}

// strT is text with a length range in characters (max 0: no limit).
type strT struct {
	rawEncode
	min, max int
}

func (t strT) schema(w *buf) {
	w.key("type")
	w.str("string")
	if t.min > 0 {
		w.key("minLength")
		w.int(int64(t.min))
	}
	if t.max > 0 {
		w.key("maxLength")
		w.int(int64(t.max))
	}
}

func (t strT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String {
		return badArg("%s must be a string", name)
	}
	if !utf8.ValidString(v.Str) {
		return badArg("%s is not valid UTF-8", name)
	}
	n := utf8.RuneCountInString(v.Str)
	if n < t.min {
		return badArg("%s must be at least %d characters", name, t.min)
	}
	if t.max > 0 && n > t.max {
		return badArg("%s is %d characters; Discord allows at most %d", name, n, t.max)
	}
	return nil
}

// intT is an integer in [min, max], with an optional default that is sent
// when the caller gives none (query parameters only).
type intT struct {
	rawEncode
	min, max int64
	def      *int64
}

func (t intT) schema(w *buf) {
	w.key("type")
	w.str("integer")
	w.key("minimum")
	w.int(t.min)
	w.key("maximum")
	w.int(t.max)
	if t.def != nil {
		w.key("default")
		w.int(*t.def)
	}
}

func (t intT) check(name string, v gjson.Result) error {
	if v.Type != gjson.Number {
		return badArg("%s must be an integer", name)
	}
	n, err := strconv.ParseInt(v.Raw, 10, 64)
	if err != nil {
		return badArg("%s must be an integer", name)
	}
	if n < t.min || n > t.max {
		return badArg("%s must be between %d and %d", name, t.min, t.max)
	}
	return nil
}

// boolT is true or false.
type boolT struct{ rawEncode }

func (boolT) schema(w *buf) { w.key("type"); w.str("boolean") }

func (boolT) check(name string, v gjson.Result) error {
	if v.Type != gjson.True && v.Type != gjson.False {
		return badArg("%s must be true or false", name)
	}
	return nil
}

// enumT is one string of a fixed list.
type enumT struct {
	rawEncode
	values []string
}

func (t enumT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("enum")
	w.open('[')
	for _, v := range t.values {
		w.comma()
		w.str(v)
	}
	w.close(']')
}

func (t enumT) check(name string, v gjson.Result) error {
	if v.Type == gjson.String {
		for _, x := range t.values {
			if v.Str == x {
				return nil
			}
		}
	}
	return badArg("%s must be one of %v", name, t.values)
}

// intEnumT is one integer of a fixed list (Discord's numeric enums).
type intEnumT struct {
	rawEncode
	values []int64
}

func (t intEnumT) schema(w *buf) {
	w.key("type")
	w.str("integer")
	w.key("enum")
	w.open('[')
	for _, v := range t.values {
		w.comma()
		w.int(v)
	}
	w.close(']')
}

func (t intEnumT) check(name string, v gjson.Result) error {
	if v.Type == gjson.Number {
		for _, x := range t.values {
			if v.Raw == strconv.FormatInt(x, 10) {
				return nil
			}
		}
	}
	return badArg("%s must be one of %v", name, t.values)
}
