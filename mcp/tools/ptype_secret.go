package tools

import (
	"strings"

	"github.com/tidwall/gjson"
)

// webhookTokenT is a webhook's token: it goes into the path, so only the
// characters Discord's tokens use are taken (no '/', '.', '%' or '?' that
// could reshape the path). Errors never quote it.
type webhookTokenT struct{ rawEncode }

const maxWebhookToken = 100

func (webhookTokenT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^[A-Za-z0-9_-]{1,100}$`)
}

func (webhookTokenT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String || v.Str == "" || len(v.Str) > maxWebhookToken || !isTokenText(v.Str) {
		return badArg("%s must be a webhook token: 1-100 letters, digits, '-' or '_'", name)
	}
	return nil
}

func isTokenText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// imageDataT is an image given inline as a data URI, the form Discord
// takes for avatars, emojis and icons: data:image/<png|jpeg|gif|webp>;base64,…
// up to max base64 characters.
type imageDataT struct {
	rawEncode
	max int
}

var imageKinds = [...]string{"png", "jpeg", "gif", "webp"}

func (t imageDataT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$`)
	w.key("maxLength")
	w.int(int64(t.max + len("data:image/jpeg;base64,")))
}

func (t imageDataT) check(name string, v gjson.Result) error {
	const hint = "%s must be an image as a data URI: data:image/png;base64,… (png, jpeg, gif or webp)"
	if v.Type != gjson.String {
		return badArg(hint, name)
	}
	rest, ok := strings.CutPrefix(v.Str, "data:image/")
	if !ok {
		return badArg(hint, name)
	}
	kind, data, ok := strings.Cut(rest, ";base64,")
	if !ok || !knownImageKind(kind) || !isBase64(data) {
		return badArg(hint, name)
	}
	if len(data) > t.max {
		return badArg("%s is %d base64 characters; at most %d are taken", name, len(data), t.max)
	}
	return nil
}

func knownImageKind(k string) bool {
	for _, x := range imageKinds {
		if k == x {
			return true
		}
	}
	return false
}

// isBase64 reports whether s is standard base64 with padding only at the end.
func isBase64(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" || len(s)-len(body) > 2 || len(s)%4 != 0 {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(c == '+' || c == '/' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
