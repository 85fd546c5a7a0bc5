package tools

import (
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Parameter types of the administration tools: durations such as 15m,
// and named Discord enums (permissions by name are ptype_perms.go).

// maxTimeout is the longest timeout Discord accepts (28 days).
const maxTimeout = 28 * 24 * time.Hour

// durationT is a length of time such as 90s, 15m, 2h or 7d, up to max. It
// is sent as the moment that far from now (Discord's
// communication_disabled_until), read when the request is built.
type durationT struct{ max time.Duration }

var durationUnits = map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}

func (durationT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^[1-9]\d{0,6}[smhd]$`)
}

// parse reads a checked or unchecked duration; ok is false if malformed.
func (durationT) parse(s string) (time.Duration, bool) {
	if len(s) < 2 || len(s) > 8 || s[0] == '0' {
		return 0, false
	}
	unit, known := durationUnits[s[len(s)-1]]
	n, err := strconv.Atoi(s[:len(s)-1])
	if !known || err != nil || n <= 0 || strings.ContainsAny(s[:len(s)-1], "+-") {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

func (t durationT) check(name string, v gjson.Result) error {
	d, ok := t.parse(v.Str)
	if v.Type != gjson.String || !ok {
		return badArg("%s must be a duration such as 10m, 2h or 7d", name)
	}
	if d > t.max {
		return badArg("%s is %s; Discord allows at most %s", name, v.Str, fmtDays(t.max))
	}
	return nil
}

func fmtDays(d time.Duration) string { return strconv.Itoa(int(d/(24*time.Hour))) + "d" }

func (t durationT) encode(w *buf, v gjson.Result) { w.str(t.text(v)) }

func (t durationT) text(v gjson.Result) string {
	d, _ := t.parse(v.Str) // checked
	return time.Now().Add(d).UTC().Format(time.RFC3339)
}

// clearT is a switch that, when true, sends null in its key (clearing a
// timeout). false is refused: leaving it out means "leave it".
type clearT struct{}

func (clearT) schema(w *buf) {
	w.key("type")
	w.str("boolean")
	w.key("const")
	w.bool(true)
}

func (clearT) check(name string, v gjson.Result) error {
	if v.Type != gjson.True {
		return badArg("%s must be true (leave it out to keep the current value)", name)
	}
	return nil
}

func (clearT) encode(w *buf, _ gjson.Result) { w.raw("null") }
func (clearT) text(gjson.Result) string      { return "" }

// namedIntT is one of Discord's numeric enums given by name and sent as
// its number (audit log action types).
type namedIntT struct {
	names []string
	vals  []int64
}

func (t namedIntT) schema(w *buf) { enumT{values: t.names}.schema(w) }

func (t namedIntT) check(name string, v gjson.Result) error {
	return enumT{values: t.names}.check(name, v)
}

func (t namedIntT) encode(w *buf, v gjson.Result) { w.raw(t.text(v)) }

func (t namedIntT) text(v gjson.Result) string {
	for i, n := range t.names {
		if n == v.Str {
			return strconv.FormatInt(t.vals[i], 10)
		}
	}
	return ""
}
