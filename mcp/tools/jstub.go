package tools

// TEMPORARY stand-ins for engineer J's API (package mcp: Elicit,
// NotifyToolsChanged, SessionValue, SetSessionValue, ErrNoElicitation;
// package policy: Scope.AllowsToolset). The lead deletes this file at
// merge and replaces it with one-line forwards:
//
//	var errNoElicitation = mcp.ErrNoElicitation
//	func elicit(ctx context.Context, m string, s json.RawMessage) (string, json.RawMessage, error) { return mcp.Elicit(ctx, m, s) }
//	func notifyToolsChanged(ctx context.Context) { mcp.NotifyToolsChanged(ctx) }
//	func sessionValue(ctx context.Context, k any) any { return mcp.SessionValue(ctx, k) }
//	func setSessionValue(ctx context.Context, k, v any) { mcp.SetSessionValue(ctx, k, v) }
//	func allowsToolset(s *policy.Scope, n string) bool { return s == nil || s.AllowsToolset(n) }
//
// Until then: no client can answer elicitation, there is no session
// state, and every scope allows every toolset.

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

var errNoElicitation = errors.New("mcp: client cannot answer elicitation")

func elicit(context.Context, string, json.RawMessage) (string, json.RawMessage, error) {
	return "", nil, errNoElicitation
}

func notifyToolsChanged(context.Context) {}

func sessionValue(context.Context, any) any { return nil }

func setSessionValue(context.Context, any, any) {}

func allowsToolset(*policy.Scope, string) bool { return true }
