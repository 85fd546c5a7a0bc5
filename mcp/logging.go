package mcp

import (
	"context"
	"encoding/json"
	"slices"
)

// logLevels are MCP's (RFC 5424) levels, least severe first.
var logLevels = []string{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}

const levelInfo = 1

func levelIndex(l string) int { return slices.Index(logLevels, l) }

// callInfo travels in a call's context so Log can reach the client.
type callInfo struct {
	notify  func([]byte)
	sess    *session    // its level, when there is one
	level   int         // else the request's own (stateless _meta)
	version string      // the call's protocol revision
	canAsk  bool        // see request.canAsk
	round   *inputRound // stateless calls: see inputrequired.go
}

// minLevel is the least severe level the client wants now: a session's
// may change during the call (logging/setLevel).
func (ci *callInfo) minLevel() int {
	if ci.sess != nil {
		return int(ci.sess.logLevel.Load())
	}
	return ci.level
}

type callKey struct{}

// callCtx is a call's context: its parent, and the callInfo that Log and
// Elicit find under callKey, in one value the request holds. A call adds
// no context allocation of its own (context.WithValue was one per call).
type callCtx struct {
	context.Context
	info callInfo
}

func (c *callCtx) Value(key any) any {
	if _, ok := key.(callKey); ok {
		return &c.info
	}
	return c.Context.Value(key)
}

// Log sends notifications/message to the client whose request ctx belongs
// to, when level is at or above what the client set with logging/setLevel
// (default info). Outside a call, or with an unknown level, it does nothing.
func Log(ctx context.Context, level, logger string, data any) {
	ci, _ := ctx.Value(callKey{}).(*callInfo)
	lv := levelIndex(level)
	if ci == nil || lv < 0 || lv < ci.minLevel() {
		return
	}
	d, err := json.Marshal(data)
	if err != nil {
		return
	}
	p := append([]byte(`{"level":`), appendJSONString(nil, level)...)
	if logger != "" {
		p = append(p, `,"logger":`...)
		p = appendJSONString(p, logger)
	}
	p = append(p, `,"data":`...)
	p = append(p, d...)
	p = append(p, '}')
	ci.notify(appendNotification(nil, "notifications/message", p))
}
