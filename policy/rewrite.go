package policy

import (
	"errors"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/tidwall/gjson"
)

// Rewrite forces the scope's allowed_mentions onto a message-sending body
// (create and edit message, webhook execute and edit, lobby message,
// interaction message callbacks inside "data", forum posts inside
// "message"); other routes get body back unchanged.
//
// The forced object replaces every allowed_mentions member of the message
// object, however its key is spelled (\u escapes) and however often it
// repeats: Discord's parser keeps the last duplicate, so replacing only the
// first would let a caller widen it. Other members are copied byte for
// byte (only the whitespace between members is dropped); nothing is
// re-encoded. allowed_mentions elsewhere (say inside an embed) means
// nothing to Discord and is left alone.
//
// A blank body is returned as is (it sends nothing); a body that is not a
// JSON object is an error, so multipart bodies never reach Discord without
// forced mentions.
func (s *Scope) Rewrite(r *route.Route, body []byte) ([]byte, error) {
	k := r.Facts().Shape
	switch k {
	case route.ShapeMessage, route.ShapeForumPost, route.ShapeCallback:
	default:
		return body, nil
	}
	if isBlank(body) {
		return body, nil
	}
	js := b2s(body) // read only; the output is a new slice
	if !gjson.Valid(js) {
		return nil, errNotJSON
	}
	root := gjson.Parse(js)
	if !root.IsObject() {
		return nil, errNotJSON
	}
	out := make([]byte, 0, len(body)+len(s.AllowedMentions)+24)
	switch k {
	case route.ShapeMessage:
		return s.force(out, root), nil
	case route.ShapeForumPost:
		return s.forceIn(out, root, "message"), nil
	}
	if !messageCallback(root) {
		return body, nil
	}
	return s.forceIn(out, root, "data"), nil
}

var errNotJSON = errors.New("policy: a message body must be a JSON object; multipart bodies cannot carry forced allowed_mentions")

// force appends obj without its allowed_mentions members, then the forced
// object.
func (s *Scope) force(dst []byte, obj gjson.Result) []byte {
	dst = append(dst, '{')
	obj.ForEach(func(k, v gjson.Result) bool {
		if k.Str != "allowed_mentions" {
			dst = append(append(append(dst, k.Raw...), ':'), v.Raw...)
			dst = append(dst, ',')
		}
		return true
	})
	dst = append(dst, `"allowed_mentions":`...)
	dst = append(dst, s.AllowedMentions...)
	return append(dst, '}')
}

// forceIn appends obj with force applied to every object-valued member
// named key (each duplicate: Discord reads the last, a JSON library might
// read the first).
func (s *Scope) forceIn(dst []byte, obj gjson.Result, key string) []byte {
	dst = append(dst, '{')
	n := 0
	obj.ForEach(func(k, v gjson.Result) bool {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(dst, k.Raw...), ':')
		if k.Str == key && v.IsObject() {
			dst = s.force(dst, v)
		} else {
			dst = append(dst, v.Raw...)
		}
		return true
	})
	return append(dst, '}')
}

// messageCallback reports whether an interaction callback may carry a
// message: unless every "type" is a known type without one (pong,
// deferred, autocomplete, modal, premium, activity), its data is forced.
func messageCallback(root gjson.Result) bool {
	quiet := false
	root.ForEach(func(k, v gjson.Result) bool {
		if k.Str != "type" {
			return true
		}
		switch v.Raw {
		case "1", "5", "6", "8", "9", "10", "12":
			quiet = true
			return true
		}
		quiet = false
		return false
	})
	return !quiet
}
