package tools

import "github.com/tidwall/gjson"

// inviteCodeT is an invite code: letters, digits and '-' (vanity codes),
// so a code can never add a path segment ("..", "/") or a query.
type inviteCodeT struct{ rawEncode }

const maxInviteCode = 100

func (inviteCodeT) schema(w *buf) {
	w.key("type")
	w.str("string")
	w.key("pattern")
	w.str(`^[A-Za-z0-9-]{1,100}$`)
}

func (inviteCodeT) check(name string, v gjson.Result) error {
	if v.Type != gjson.String || !isInviteCode(v.Str) {
		return badArg("%s must be an invite code: 1-%d letters, digits or '-'", name, maxInviteCode)
	}
	return nil
}

func isInviteCode(s string) bool {
	if len(s) == 0 || len(s) > maxInviteCode {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
