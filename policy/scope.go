// Package policy decides who may do what: it turns the operator's ceiling
// (config) and a request's Authorization and X-* headers into a Scope, and
// Scope.Check refuses any Discord request outside it.
//
// Headers and token claims only ever narrow the ceiling: every narrowing
// header is intersected with the ceiling (and with its own duplicates), so a
// value outside the ceiling leaves less allowed, never more.
//
// # Choices
//
//   - Unknown routes (route.Route.Known false) are always refused: targets
//     are read from a route's template, so an unmatched path would slip
//     past the target rules. New Discord routes arrive by regenerating
//     route's table.
//   - Repeated narrowing headers intersect; repeated Authorization,
//     X-Current-* and switches must agree or the request is refused. A
//     present but empty header is malformed, never "any".
//   - Path patterns are case-sensitive and match route.Path, which has no
//     /api/vN prefix and no query; a trailing slash on a pattern is ignored
//     ("**" also matches zero segments).
//   - While X-Target-Channels or X-Target-Guilds is restricted, routes whose
//     channel policy cannot learn (webhooks, with or without token,
//     interactions, invites, lobbies) are refused. Slack- and
//     GitHub-compatible webhook executes are always refused: their bodies
//     cannot carry a forced allowed_mentions.
//   - A thread passes X-Target-Channels by its parent; a category does not
//     pass its channels. A DM is in no guild (it fails X-Target-Guilds) and
//     touches a user policy cannot see (with X-Target-Users restricted it
//     passes only when listed by id in X-Target-Channels, and never with
//     X-Target-Users "0").
//   - With X-Target-Users restricted, forced mentions ping only those users
//     and never the replied-to author.
//   - Bodies are read only as JSON; with any target or bit restriction (and
//     always on message routes) a body that is not JSON, multipart
//     included, is refused.
package policy

import (
	"context"
	"math"
)

// allPerms is the permission ceiling of a scope without X-Permission-Bits.
const allPerms = math.MaxInt64

// Scope is what one caller may do for one request. It is immutable once
// built; share it freely.
type Scope struct {
	// token is the Discord credential, "Bot <token>". Never printed: see
	// Token and the String method.
	token string
	// fingerprint is a short hash of the bare token, computed once.
	fingerprint string
	// callerID is CallerID for a Bot token the caller brought, built once
	// per token (tokencache.go); "" otherwise.
	callerID string
	// who is the caller and bot behind the token (see auth.go).
	who identity

	// Current* are the X-Current-* context defaults ("" when absent).
	CurrentUser, CurrentGuild, CurrentChannel, CurrentMessage string

	// ImageModel is X-Image-Model ("" when absent: the operator's default).
	ImageModel string

	// AllowedMentions is the JSON allowed_mentions object forced onto every
	// message the proxy sends.
	AllowedMentions []byte
	// mentionsOpen: AllowedMentions lets every kind ping, as Discord does
	// for a body without allowed_mentions (see MayExecuteWebhook).
	mentionsOpen bool

	Debug bool // X-Debug-Mode

	methods methodSet
	// paths holds one pattern list per source (ceiling, each header value);
	// a path must match every list. Empty = any path.
	paths                   []patternList
	guilds, channels, users idSet
	perms                   int64 // allPerms = unconstrained
	intents                 intentSet
	owner, privileged       bool
	unknownRoutes           bool        // --allow-unknown-routes, for privileged callers
	toolsets                toolsetList // X-Toolsets and claims; see toolsets.go
}

// Token returns the Authorization value to send to Discord ("Bot …"),
// or "" when the caller has none.
func (s *Scope) Token() string { return s.token }

// String never shows the token.
func (s *Scope) String() string { return "policy.Scope{…}" }

// Fingerprint is a stable short hash of the token (16 hex digits), for
// rate-limit keys and logs; "" without a token. It is the same in every
// process, so a shared limiter store agrees on it.
func (s *Scope) Fingerprint() string { return s.fingerprint }

// AllowsMethod reports whether m (upper case) is within X-Allowed-Methods.
func (s *Scope) AllowsMethod(m string) bool { return s.methods.has(m) }

// HasPermissions reports whether all bits are within X-Permission-Bits
// (absent = any).
func (s *Scope) HasPermissions(bits int64) bool { return bits&^s.perms == 0 }

// PermissionCeiling is the most a role or overwrite may grant:
// math.MaxInt64 (every bit) when unconstrained.
func (s *Scope) PermissionCeiling() int64 { return s.perms }

// HasIntents reports whether every named intent (server_members, presence,
// message_content) is within X-Privileged-Intents. Unknown names are false.
func (s *Scope) HasIntents(names ...string) bool {
	for _, n := range names {
		b, ok := intentBit(n)
		if !ok || s.intents&b == 0 {
			return false
		}
	}
	return true
}

// AllowsDMs is false when X-Target-Users is "0" (no user at all).
func (s *Scope) AllowsDMs() bool { return s.users.any || len(s.users.ids) > 0 }

// AllowsGuild reports whether id is within X-Target-Guilds.
func (s *Scope) AllowsGuild(id string) bool { return s.guilds.has(id) }

// AllowsChannel reports whether id is listed in X-Target-Channels (or the
// header is unconstrained). It does not resolve threads to their parent:
// Check does that.
func (s *Scope) AllowsChannel(id string) bool { return s.channels.has(id) }

// AllowsUser reports whether id is within X-Target-Users.
func (s *Scope) AllowsUser(id string) bool { return s.users.has(id) }

// OwnerAccess is X-Owner-Access and the operator's --enable-owner-tools.
func (s *Scope) OwnerAccess() bool { return s.owner }

// PrivilegedCall is X-Privileged-Call and the operator's
// --enable-passthrough.
func (s *Scope) PrivilegedCall() bool { return s.privileged }

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

// scopedContext is a context carrying a Scope, allocated together with
// it: one allocation per request where WithScope's would be a second.
// It answers Value like context.WithValue's context does.
type scopedContext struct {
	context.Context // the parent
	s               Scope
}

func (c *scopedContext) Value(key any) any {
	if _, ok := key.(scopeKey); ok {
		return &c.s
	}
	return c.Context.Value(key)
}

// ScopeContext is ScopeOf, returning parent carrying the scope (as
// WithScope does) besides the scope itself.
func (c *Ceiling) ScopeContext(parent context.Context, h Headers) (context.Context, *Scope, error) {
	sc := &scopedContext{Context: parent}
	if err := c.build(&sc.s, h); err != nil {
		return parent, nil, err
	}
	return sc, &sc.s, nil
}
