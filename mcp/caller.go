package mcp

import (
	"context"

	"github.com/valyala/fasthttp"
)

// Caller is who made a request, as the integrator's Options.Identity names
// it from the prepared context. A session belongs to the caller that
// created it: a request for it from anyone else is answered exactly like
// one for an unknown session (404), so a session id alone is worth
// nothing and reveals nothing.
type Caller struct {
	// ID is a stable name for the credential: e.g. a bearer token's issuer
	// and subject, a fingerprint of a Bot token, or "anonymous". It is
	// compared, never shown.
	ID string
	// Live reports whether the credential still holds (not expired, not
	// revoked); nil means it always does. A session whose creator's
	// credential lapsed stops counting against the quotas.
	Live func() bool
}

// anonymousCaller is every caller when no Identity hook is set.
var anonymousCaller = Caller{ID: "anonymous"}

// callerOf names the caller of a prepared request.
func (s *Server) callerOf(pctx context.Context) Caller {
	if s.o.Identity == nil {
		return anonymousCaller
	}
	return s.o.Identity(pctx)
}

// preparedCaller runs Prepare and names the caller; on error it has
// answered (400/401) and ok is false.
func (s *Server) preparedCaller(ctx *fasthttp.RequestCtx) (context.Context, Caller, bool) {
	pctx, status, err := s.prepare(ctx)
	if err != nil {
		s.refuse(ctx, false, status, err.Error())
		return nil, Caller{}, false
	}
	return pctx, s.callerOf(pctx), true
}
