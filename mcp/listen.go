package mcp

import (
	"github.com/tidwall/gjson"
)

// handleListen serves subscriptions/listen (2026-07-28), which replaces
// the GET stream and resources/subscribe: the request's SSE stream first
// carries notifications/subscriptions/acknowledged with what the server
// honours, then every change notification it asked for, until the client
// closes the stream or the server shuts down.
func handleListen(s *Server, r *request) ([]byte, *Error) {
	want := gjson.GetBytes(r.msg.params, "notifications")
	if !want.IsObject() {
		return nil, errf(CodeInvalidParams, "invalid params: notifications must be an object")
	}
	l := &listener{subID: string(r.msg.id), send: r.notify, done: r.ctx.Done(), uris: map[string]bool{}}
	l.ctx = r.ctx
	ack := []byte(`{"notifications":{`)
	n := len(ack)
	flag := func(key string, kind listKind, served bool) {
		if !want.Get(key).Bool() || !served {
			return
		}
		l.lists |= kind
		if len(ack) > n {
			ack = append(ack, ',')
		}
		ack = append(ack, `"`+key+`":true`...)
	}
	rc := s.resourceCatalog()
	flag("resourcesListChanged", listResources, rc != nil)
	flag("promptsListChanged", listPrompts, s.promptCatalog() != nil)
	if subs := s.honouredURIs(r, want.Get("resourceSubscriptions")); len(subs) > 0 {
		if len(ack) > n {
			ack = append(ack, ',')
		}
		ack = append(ack, `"resourceSubscriptions":[`...)
		for i, u := range subs {
			if i > 0 {
				ack = append(ack, ',')
			}
			ack = appendJSONString(ack, u)
			l.uris[u] = true
		}
		ack = append(ack, ']')
	}
	ack = append(ack, '}', '}')
	r.notify(appendNotification(nil, "notifications/subscriptions/acknowledged", withSubscriptionID(ack, l.subID)))
	if l.lists != 0 || len(l.uris) > 0 {
		defer s.changes.addListen(l)()
		select { // the client closed the stream, or the server stops
		case <-r.ctx.Done():
		case <-s.draining: // a graceful end: Shutdown need not wait for it
		}
	}
	return withSubscriptionID([]byte(`{}`), l.subID), nil
}

// maxListenURIs bounds the URIs one listen request may name: each costs
// a scope check, which may cost a metadata fetch.
const maxListenURIs = 100

// honouredURIs keeps the requested URIs the caller may read; the others
// are left out of the acknowledgement, exactly as unknown ones are.
func (s *Server) honouredURIs(r *request, list gjson.Result) []string {
	rc := s.resourceCatalog()
	if rc == nil || !list.IsArray() {
		return nil
	}
	var out []string
	for i, u := range list.Array() {
		if i >= maxListenURIs {
			break
		}
		if u.Type == gjson.String && rc.CheckResource(r.ctx, u.Str) == nil {
			out = append(out, u.Str)
		}
	}
	return out
}
