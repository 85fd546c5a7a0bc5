package tools

import (
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Parameter types of the administration tools: permissions by name,
// durations such as 15m, and named Discord enums.

// permNames are Discord's permission flags by bit (discord.com/developers
// docs, "Permissions"); "" marks bits Discord does not publish.
var permNames = []string{
	"create_instant_invite", "kick_members", "ban_members", "administrator", "manage_channels",
	"manage_guild", "add_reactions", "view_audit_log", "priority_speaker", "stream",
	"view_channel", "send_messages", "send_tts_messages", "manage_messages", "embed_links",
	"attach_files", "read_message_history", "mention_everyone", "use_external_emojis", "view_guild_insights",
	"connect", "speak", "mute_members", "deafen_members", "move_members",
	"use_vad", "change_nickname", "manage_nicknames", "manage_roles", "manage_webhooks",
	"manage_guild_expressions", "use_application_commands", "request_to_speak", "manage_events", "manage_threads",
	"create_public_threads", "create_private_threads", "use_external_stickers", "send_messages_in_threads", "use_embedded_activities",
	"moderate_members", "view_creator_monetization_analytics", "use_soundboard", "create_guild_expressions", "create_events",
	"use_external_sounds", "send_voice_messages", "", "", "send_polls",
	"use_external_apps",
}

// permNameList is permNames without the unpublished bits (the schema's enum).
func permNameList() []string {
	var out []string
	for _, n := range permNames {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// permsT is a permission set: a list of names (["manage_messages",
// "kick_members"]) or Discord's decimal integer as a string ("8192").
type permsT struct{}

var tPerms = permsT{}

func (permsT) schema(w *buf) {
	w.key("anyOf")
	w.open('[')
	w.comma()
	w.open('{')
	arrayT{item: enumT{values: permNameList()}, unique: true}.schema(w)
	w.close('}')
	w.comma()
	w.open('{')
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^\d{1,16}$`)
	w.close('}')
	w.close(']')
}

func (permsT) check(name string, v gjson.Result) error {
	if v.Type == gjson.String {
		n, err := strconv.ParseUint(v.Str, 10, 64)
		if err != nil || len(v.Str) > 16 || n >= 1<<uint(len(permNames)) || v.Str != strconv.FormatUint(n, 10) {
			return badArg("%s must be permission names or Discord's permission integer as a decimal string", name)
		}
		return nil
	}
	if err := (arrayT{item: enumT{values: permNameList()}, unique: true}).check(name, v); err != nil {
		return badArg("%s must be permission names (e.g. [\"manage_messages\"]) or a decimal string: %v", name, err)
	}
	return nil
}

// encode sends a JSON integer, as discord-api-spec types it (Discord
// takes a string too; policy reads both).
func (t permsT) encode(w *buf, v gjson.Result) { w.raw(t.text(v)) }

func (permsT) text(v gjson.Result) string {
	if v.Type == gjson.String {
		return v.Str
	}
	var n uint64
	v.ForEach(func(_, x gjson.Result) bool {
		for i, name := range permNames {
			if name != "" && x.Str == name {
				n |= 1 << uint(i)
			}
		}
		return true
	})
	return strconv.FormatUint(n, 10)
}

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
