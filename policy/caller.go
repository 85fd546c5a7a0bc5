package policy

import (
	"strconv"
	"time"
)

// CallerID names the credential behind s, for binding MCP sessions to it:
// a bearer token's issuer and subject (a renewed token for the same
// subject is the same caller), "bot:" and the fingerprint of a Bot token
// the caller brought, or "anonymous" for a caller with no credential (the
// proxy's own DISCORD_TOKEN). It holds no secret.
func (s *Scope) CallerID() string {
	switch {
	case s == nil:
		return "anonymous"
	case s.who.subject != "":
		// Length-prefixed, so no issuer/subject pair can spell another.
		return "bearer:" + strconv.Itoa(len(s.who.issuer)) + ":" + s.who.issuer + s.who.subject
	case s.who.bot == "" && s.callerID != "":
		return s.callerID
	case s.who.bot == "" && s.fingerprint != "":
		return botCallerID(s.fingerprint)
	}
	return "anonymous"
}

// botCallerID is CallerID for a Bot token with fingerprint fp.
func botCallerID(fp string) string { return "bot:" + fp }

// CredentialLive returns a check that the credential behind s still holds
// (a bearer token not expired nor revoked), or nil when nothing about it
// can lapse.
func (s *Scope) CredentialLive() func() bool {
	if s == nil || s.who.subject == "" {
		return nil
	}
	exp, jti, revoked := s.who.expires, s.who.jti, s.who.revoked
	return func() bool {
		if !exp.IsZero() && time.Now().After(exp) {
			return false
		}
		return jti == "" || revoked == nil || !revoked(jti)
	}
}
