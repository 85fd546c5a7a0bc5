package proxy

import (
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// maxAnswerDepth bounds the walk over an answer; deeper values are
// replaced by null rather than copied unread.
const maxAnswerDepth = 32

// userObjectKeys are members holding a user object that merely names who
// made or sent something (an emoji's or webhook's creator, an invite's
// inviter): dropped when that user is outside X-Target-Users. Discord
// leaves them out itself when the bot may not see them, so clients read
// their absence.
var userObjectKeys = map[string]bool{"user": true, "creator": true, "inviter": true, "target_user": true}

// userFields appends v with every user-naming member outside the scope's
// users removed, at any depth: objects under userObjectKeys by their
// "id", and creator_id by its value.
func (a *answerFilter) userFields(dst []byte, v gjson.Result) []byte {
	return a.userFieldsAt(dst, v, 0)
}

func (a *answerFilter) userFieldsAt(dst []byte, v gjson.Result, depth int) []byte {
	if depth > maxAnswerDepth {
		return append(dst, "null"...)
	}
	if v.IsArray() {
		return appendArray(dst, v, nil, func(d []byte, item gjson.Result) []byte {
			return a.userFieldsAt(d, item, depth+1)
		})
	}
	if !v.IsObject() || !a.s.FiltersUsers() {
		return append(dst, v.Raw...)
	}
	dst = append(dst, '{')
	n := 0
	v.ForEach(func(k, val gjson.Result) bool {
		if a.foreignUser(k.Str, val) {
			return true
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(dst, k.Raw...), ':')
		dst = a.userFieldsAt(dst, val, depth+1)
		return true
	})
	return append(dst, '}')
}

// foreignUser reports whether member key=val names a user outside scope.
func (a *answerFilter) foreignUser(key string, val gjson.Result) bool {
	switch {
	case userObjectKeys[key] && val.IsObject():
		return !a.s.AllowsUser(val.Get("id").Str)
	case key == "creator_id" && val.Type == gjson.String:
		return !a.s.AllowsUser(val.Str)
	}
	return false
}

// welcome keeps a welcome screen's welcome_channels to the channels in
// scope (its description stays: it is the guild's, not a channel's).
func (a *answerFilter) welcome(dst []byte, root gjson.Result) []byte {
	return editMembers(dst, root, map[string]editFunc{"welcome_channels": func(d []byte, v gjson.Result) []byte {
		return appendArray(d, v, func(c gjson.Result) bool { return a.s.AllowsChannel(c.Get("channel_id").Str) }, nil)
	}})
}

// eventVisible reports whether a scheduled event's channel is in scope;
// an external event (channel_id null) is in none and stays, like its guild.
func (a *answerFilter) eventVisible(ev gjson.Result) bool {
	ch := ev.Get("channel_id")
	return !a.s.FiltersChannels() || ch.Type == gjson.Null || !ch.Exists() || a.s.AllowsChannel(ch.Str)
}

// event filters one scheduled event: withheld whole when its channel is
// out of scope (a single object cannot lose its channel), its creator
// dropped when out of X-Target-Users.
func (a *answerFilter) event(dst []byte, ev gjson.Result) ([]byte, error) {
	if !a.eventVisible(ev) {
		return nil, &policy.Denied{Rule: "X-Target-Channels", Msg: "the scheduled event is in a channel outside X-Target-Channels"}
	}
	return a.userFields(dst, ev), nil
}
