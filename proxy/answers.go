package proxy

import (
	"context"
	"errors"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// errUnfilterable is an answer that needed filtering but was not JSON: it
// is withheld rather than passed on unread.
var errUnfilterable = errors.New("proxy: the answer is not JSON and cannot be filtered to the caller's scope")

// filterAnswer rewrites a successful answer so it carries nothing the
// caller's scope forbids: webhook tokens it could not use itself, channels,
// users and guilds outside its targets, and message text without the
// message_content intent. Which rewrite applies is the route's
// route.Answer fact. Arrays are rebuilt by appending kept items' raw JSON
// (no full decode); an answer that needs nothing keeps its bytes.
func filterAnswer(ctx context.Context, s *policy.Scope, r *route.Route, body []byte) ([]byte, error) {
	strip := !s.HasIntents("message_content")
	kind := r.Facts().Answer
	if len(body) == 0 || !filterNeeded(s, strip, kind) {
		return body, nil // nothing to filter (a 204, a webhook run without ?wait)
	}
	// Built only now: it escapes (closures keep it), an allocation an
	// answer that needs nothing does not pay.
	a := &answerFilter{ctx: ctx, s: s, strip: strip}
	if !gjson.ValidBytes(body) {
		return nil, errUnfilterable
	}
	root := gjson.ParseBytes(body)
	out := make([]byte, 0, len(body))
	switch kind {
	case route.AnswerMessage:
		return a.message(out, root), nil
	case route.AnswerMessages:
		return appendArray(out, root, nil, a.message), nil
	case route.AnswerPins:
		return editMembers(out, root, map[string]editFunc{"items": a.pinItems}), nil
	case route.AnswerThreads:
		return a.threads(out, root), nil
	case route.AnswerSearch:
		return editMembers(out, root, map[string]editFunc{"messages": a.searchPages}), nil
	case route.AnswerCallback:
		return editMembers(out, root, map[string]editFunc{"resource": a.callbackResource}), nil
	case route.AnswerForumPost:
		return editMembers(out, root, map[string]editFunc{"message": a.message}), nil
	case route.AnswerEvent:
		return a.event(out, root)
	case route.AnswerWelcome:
		return a.welcome(out, root), nil
	case route.AnswerUserFields:
		return a.userFields(out, root), nil
	}
	return a.lists(out, root, kind), nil
}

// lists handles the answers that are lists of targets or webhooks.
func (a *answerFilter) lists(out []byte, root gjson.Result, kind route.Answer) []byte {
	switch kind {
	case route.AnswerWebhook:
		return a.webhook(out, root)
	case route.AnswerWebhooks:
		return appendArray(out, root, a.webhookVisible, a.webhook)
	case route.AnswerAuditLog:
		return editMembers(out, root, map[string]editFunc{"webhooks": func(dst []byte, v gjson.Result) []byte {
			return appendArray(dst, v, nil, a.webhook)
		}})
	case route.AnswerChannels:
		return appendArray(out, root, a.channelVisible, nil)
	case route.AnswerMembers:
		return appendArray(out, root, a.userAt("user.id"), nil)
	case route.AnswerUsers:
		return appendArray(out, root, a.userAt("id"), nil)
	case route.AnswerThreadMembers:
		return appendArray(out, root, a.userAt("user_id"), nil)
	case route.AnswerPollVoters:
		return editMembers(out, root, map[string]editFunc{"users": func(dst []byte, v gjson.Result) []byte {
			return appendArray(dst, v, a.userAt("id"), nil)
		}})
	case route.AnswerGuilds:
		return appendArray(out, root, func(g gjson.Result) bool { return a.s.AllowsGuild(g.Get("id").Str) }, nil)
	case route.AnswerInvites:
		return appendArray(out, root, func(inv gjson.Result) bool { return a.s.AllowsChannel(inv.Get("channel.id").Str) }, a.userFields)
	case route.AnswerEvents:
		return appendArray(out, root, a.eventVisible, a.userFields)
	}
	return append(out, root.Raw...)
}

// answerFilter carries one answer's filtering.
type answerFilter struct {
	ctx   context.Context
	s     *policy.Scope
	strip bool // remove message text: no message_content intent
}

// filterNeeded reports whether an answer of this kind could lose anything
// under this scope (strip: without message text); if not, its bytes are
// returned untouched.
func filterNeeded(s *policy.Scope, strip bool, kind route.Answer) bool {
	switch kind {
	case route.AnswerMessage, route.AnswerMessages, route.AnswerPins, route.AnswerSearch,
		route.AnswerCallback, route.AnswerForumPost:
		return strip
	case route.AnswerThreads:
		return strip || s.FiltersChannels()
	case route.AnswerWebhook, route.AnswerWebhooks, route.AnswerAuditLog:
		return true // each token is judged on its own webhook
	case route.AnswerChannels, route.AnswerWelcome:
		return s.FiltersChannels()
	case route.AnswerInvites, route.AnswerEvents, route.AnswerEvent:
		return s.FiltersChannels() || s.FiltersUsers()
	case route.AnswerUserFields:
		return s.FiltersUsers()
	case route.AnswerMembers, route.AnswerUsers, route.AnswerThreadMembers, route.AnswerPollVoters:
		return s.FiltersUsers()
	case route.AnswerGuilds:
		return s.FiltersGuilds()
	}
	return false
}

func (a *answerFilter) userAt(path string) func(gjson.Result) bool {
	return func(v gjson.Result) bool { return a.s.AllowsUser(v.Get(path).Str) }
}

func (a *answerFilter) channelVisible(c gjson.Result) bool {
	return a.s.AllowsListedChannel(c.Get("id").Str, c.Get("parent_id").Str, int(c.Get("type").Int()))
}

// webhookVisible keeps a guild's webhooks to the channels in scope.
func (a *answerFilter) webhookVisible(w gjson.Result) bool {
	return !a.s.FiltersChannels() || a.s.AllowsChannel(w.Get("channel_id").Str)
}

// webhook copies a webhook object, without its token and url (which holds
// the token) unless the caller could execute that webhook itself, and
// without its creator ("user") when out of X-Target-Users.
func (a *answerFilter) webhook(dst []byte, w gjson.Result) []byte {
	tok := w.Get("token")
	secret := tok.Type == gjson.String || w.Get("url").Exists()
	if !w.IsObject() || !secret || tok.Type == gjson.String && a.s.MayExecuteWebhook(a.ctx, w.Get("id").Str, tok.Str) {
		return a.userFields(dst, w)
	}
	names := []string{"token", "url"}
	if u := w.Get("user"); u.IsObject() && !a.s.AllowsUser(u.Get("id").Str) {
		names = append(names, "user")
	}
	return dropMembers(dst, w, names...)
}
