// Package policy decides who may do what: it turns the operator's ceiling
// (config) and a request's Authorization and X-* headers into a Scope, and
// Scope.Check refuses any Discord request outside it.
//
// Headers and token claims only ever narrow the ceiling.
package policy

import (
	"context"
)

// Scope is what one caller may do for one request. It is immutable once
// built; share it freely.
type Scope struct {
	// token is the Discord credential, "Bot <token>". Never printed: see
	// Token and the String method.
	token string

	// Current* are the X-Current-* context defaults ("" when absent).
	CurrentUser, CurrentGuild, CurrentChannel, CurrentMessage string

	// AllowedMentions is the JSON allowed_mentions object forced onto every
	// message the proxy sends.
	AllowedMentions []byte

	Debug bool // X-Debug-Mode
}

// Token returns the Authorization value to send to Discord ("Bot …"),
// or "" when the caller has none.
func (s *Scope) Token() string { return s.token }

// String never shows the token.
func (s *Scope) String() string { return "policy.Scope{…}" }

type scopeKey struct{}

// WithScope returns ctx carrying s; the MCP layer sets it per request.
func WithScope(ctx context.Context, s *Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// FromContext returns the Scope in ctx, or nil.
func FromContext(ctx context.Context) *Scope {
	s, _ := ctx.Value(scopeKey{}).(*Scope)
	return s
}
