package mcp

import "context"

// sessionKey holds the *session of a sessioned request in its context, so
// the catalog can keep per-session state (enabled toolsets) and tell the
// client its tool list changed.
type sessionKey struct{}

func sessionOf(ctx context.Context) *session {
	ss, _ := ctx.Value(sessionKey{}).(*session)
	return ss
}

// SessionValue returns the value the catalog stored under key for the
// session of ctx; nil without a session (the stateless revision, helper
// endpoints) or when nothing is stored.
func SessionValue(ctx context.Context, key any) any {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.values[key]
}

// SetSessionValue stores value under key for the session of ctx until the
// session ends. Without a session it does nothing: a stateless client
// keeps no state here. Store immutable values; readers share them.
func SetSessionValue(ctx context.Context, key, value any) {
	ss := sessionOf(ctx)
	if ss == nil {
		return
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.values[key] = value
}

// NotifyToolsChanged sends notifications/tools/list_changed to the client
// of the call in ctx. It goes where the call's other notifications go:
// the call's own SSE stream when it has one (so the client sees it before
// the call's result), else the session's GET stream, the legacy SSE
// stream or stdio. Without a session it does nothing.
func NotifyToolsChanged(ctx context.Context) {
	ci, _ := ctx.Value(callKey{}).(*callInfo)
	if ci == nil || sessionOf(ctx) == nil {
		return
	}
	ci.notify(appendNotification(nil, "notifications/tools/list_changed", nil))
}
