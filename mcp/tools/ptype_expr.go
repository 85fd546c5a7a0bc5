package tools

import (
	"strings"

	"github.com/tidwall/gjson"
)

// emojiNameT is a custom emoji's name: 2-32 letters, digits or '_'.
type emojiNameT struct{ rawEncode }

func (emojiNameT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^[A-Za-z0-9_]{2,32}$`)
}

func (emojiNameT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String || !isEmojiName(v.Str) {
		return badArg("%s must be 2-32 letters, digits or '_'", name)
	}
	return nil
}

// maxEmojiImage is Discord's 256 KiB emoji image, as base64 characters.
const maxEmojiImage = (256 << 10) * 4 / 3

// audioDataT is a sound given inline as a data URI: mp3 or ogg, base64,
// up to max base64 characters.
type audioDataT struct {
	rawEncode
	max int
}

func (t audioDataT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^data:audio/(mpeg|ogg);base64,[A-Za-z0-9+/]+={0,2}$`)
	w.key("maxLength")
	w.int(int64(t.max + len("data:audio/mpeg;base64,")))
}

func (t audioDataT) check(name string, v gjson.Result) error {
	const hint = "%s must be a sound as a data URI: data:audio/mpeg;base64,… or data:audio/ogg;base64,…"
	rest, ok := strings.CutPrefix(v.Str, "data:audio/")
	if v.Type != gjson.String || !ok {
		return badArg(hint, name)
	}
	kind, data, ok := strings.Cut(rest, ";base64,")
	if !ok || kind != "mpeg" && kind != "ogg" || !isBase64(data) {
		return badArg(hint, name)
	}
	if len(data) > t.max {
		return badArg("%s is %d base64 characters; at most %d are taken", name, len(data), t.max)
	}
	return nil
}
