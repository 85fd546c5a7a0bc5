package mcp

import (
	"bytes"
	"context"

	"github.com/tidwall/gjson"
)

// request is one JSON-RPC message on its way through dispatch.
type request struct {
	msg     message
	ctx     context.Context // from Prepare
	sess    *session        // nil in the stateless revision and helpers
	version string          // the revision this message is spoken in
	// notify sends a server notification related to this request (its
	// POST stream, the session's stream, stdio). Never nil.
	notify func([]byte)
	// logLevel is the minimum log level when there is no session
	// (2026-07-28 carries it in _meta).
	logLevel int
	// canAsk: notify reaches a stream where a server request may go and
	// whose client can answer it (a call's SSE stream, legacy SSE, stdio).
	canAsk bool
	// parsed says p is filled (see params()); beside canAsk, so the two
	// share one word and the request fits its 640-byte size class.
	parsed bool
	// round carries a stateless call's input requests and answers
	// (2026-07-28 multi round-trip; see inputrequired.go).
	round *inputRound
	// call is the tool's context (its callInfo under callKey), kept
	// here so it needs no allocation of its own.
	call callCtx
	// p: the params read once; see params().
	p callParams
}

// params returns the message's params, read on first use.
func (r *request) params() *callParams {
	if !r.parsed {
		r.p, r.parsed = readParams(r.msg.params), true
	}
	return &r.p
}

func (r *request) modern() bool { return isModern(r.version) }

// methodInfo is one row of the method table.
type methodInfo struct {
	handle    func(s *Server, r *request) ([]byte, *Error)
	sessioned bool // available before 2026-07-28
	modern    bool // available in 2026-07-28
	cacheable bool // a list result: ttlMs and cacheScope in 2026-07-28
	// owned: the handler's result is a fresh buffer no one else holds, so
	// it goes back to the pool once copied into the answer.
	owned bool
}

var methods map[string]methodInfo

func init() {
	// Assigned in init so a handler may call dispatch without an
	// initialization cycle.
	methods = map[string]methodInfo{
		"initialize":               {handle: handleInitialize, sessioned: true},
		"ping":                     {handle: handleEmpty, sessioned: true},
		"logging/setLevel":         {handle: handleSetLevel, sessioned: true},
		"server/discover":          {handle: handleDiscover, modern: true, cacheable: true},
		"tools/list":               {handle: handleToolsList, sessioned: true, modern: true, cacheable: true},
		"tools/call":               {handle: handleToolsCall, sessioned: true, modern: true, owned: true},
		"completion/complete":      {handle: handleComplete, sessioned: true, modern: true},
		"resources/list":           {handle: handleResourcesList, sessioned: true, modern: true, cacheable: true},
		"resources/templates/list": {handle: handleTemplatesList, sessioned: true, modern: true, cacheable: true},
		"resources/read":           {handle: handleResourcesRead, sessioned: true, modern: true, cacheable: true},
		"resources/subscribe":      {handle: handleSubscribe, sessioned: true},
		"resources/unsubscribe":    {handle: handleUnsubscribe, sessioned: true},
		"subscriptions/listen":     {handle: handleListen, modern: true},
		"prompts/list":             {handle: handlePromptsList, sessioned: true, modern: true, cacheable: true},
		"prompts/get":              {handle: handlePromptsGet, sessioned: true, modern: true},
	}
}

// dispatch answers one message: the full JSON-RPC response, or nil for
// notifications and responses.
func (s *Server) dispatch(r *request) []byte {
	if r.msg.response {
		r.sess.deliverAnswer(r.msg.id, r.msg.raw) // an elicitation's answer, or ignored
		return nil
	}
	if r.sess != nil {
		r.ctx = context.WithValue(r.ctx, sessionKey{}, r.sess)
	}
	if r.msg.id == nil {
		s.handleNotification(r)
		return nil
	}
	info, ok := methods[r.msg.method]
	if ok && r.modern() && !info.modern || ok && !r.modern() && !info.sessioned {
		ok = false
	}
	if !ok {
		return appendError(nil, r.msg.id, errf(CodeMethodNotFound, "method not found: "+r.msg.method))
	}
	res, err := s.safeHandle(info, r)
	if err != nil {
		return appendError(nil, r.msg.id, err)
	}
	var out []byte
	if r.modern() {
		out = appendModernResult(getBody(), r.msg.id, res, info.cacheable)
	} else {
		out = appendResult(getBody(), r.msg.id, res)
	}
	if info.owned {
		putBody(res)
	}
	return out
}

// appendModernResult is appendResult with the 2026-07-28 result fields
// written in the same pass: one buffer, one copy. Tool lists depend on the
// caller's headers, so they are private and immediately stale. A result
// that already names its type (input_required) is left as it is.
func appendModernResult(dst, id, res []byte, cacheable bool) []byte {
	if len(res) < 2 || res[0] != '{' || bytes.HasPrefix(res, []byte(`{"resultType"`)) {
		return appendResult(dst, id, res)
	}
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = append(dst, id...)
	dst = append(dst, `,"result":{"resultType":"complete"`...)
	if cacheable {
		dst = append(dst, `,"ttlMs":0,"cacheScope":"private"`...)
	}
	if rest := res[1:]; len(rest) > 0 && rest[0] != '}' {
		dst = append(dst, ',')
	}
	dst = append(dst, res[1:]...)
	return append(dst, '}')
}

// safeHandle turns a handler panic into an internal error: no input may
// bring the server down.
func (s *Server) safeHandle(info methodInfo, r *request) (res []byte, err *Error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error().Interface("panic", p).Str("method", r.msg.method).Msg("mcp: handler panicked")
			res, err = nil, errf(CodeInternalError, "internal error")
		}
	}()
	return info.handle(s, r)
}

func (s *Server) handleNotification(r *request) {
	switch r.msg.method {
	case "notifications/cancelled":
		if r.sess != nil {
			s.log.Debug().Str("session", r.sess.id).Msg("mcp: request cancelled by client")
			r.sess.cancel(gjson.GetBytes(r.msg.params, "requestId").Raw)
		}
	default:
		// notifications/initialized, roots changes, progress: nothing to do.
	}
}

func handleEmpty(*Server, *request) ([]byte, *Error) { return []byte(`{}`), nil }
