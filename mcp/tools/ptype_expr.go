package tools

import "github.com/tidwall/gjson"

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
