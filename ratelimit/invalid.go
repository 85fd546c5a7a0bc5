package ratelimit

import (
	"context"
	"time"
)

// The invalid-request budget. Discord bans an IP for a while after 10,000
// 401, 403 and (not shared-scope) 429 answers in 10 minutes, whatever the
// token, so this process counts them per token and for all tokens, and
// fails fast before either count reaches InvalidBudget.
//
// Any caller can send a token of its own making, so a bogus token must
// not spend the budget of the others: a token Discord has not accepted
// yet sends one request at a time (its probe) until an answer says what
// Discord makes of it; a 401 marks it rejected, refused here from then on
// without asking Discord again, so it counts once. All such unknown
// tokens together may spend only UnknownBudget of the total, counting
// their probes in flight, so the tokens Discord has accepted (and the one
// the operator vouched for, see Trust) keep InvalidBudget - UnknownBudget
// whatever arrives.

// admitToken applies the budget and what Discord made of r's token.
// unknown reports that Discord had not accepted the token; tokenProbe
// that this request is its probe, which the caller must end (Done,
// Abandon, or endTokenProbe when no Permit comes of it).
func (l *Limiter) admitToken(ctx context.Context, r Request, deadline time.Time) (unknown, tokenProbe bool, err error) {
	for {
		st := l.store.TokenStatus(r.Token)
		if st == TokenRejected {
			return false, false, &Error{Reason: "an earlier request with this token got 401", Cause: ErrTokenInvalid}
		}
		unknown = st != TokenAccepted
		c := l.store.AddInvalid(r.Token, unknown, 0, l.now(), l.o.InvalidWindow)
		if err := l.overBudget(c); err != nil || !unknown {
			return unknown, false, err
		}
		probe, err := l.startTokenProbe(r.Token)
		if err != nil || probe == nil {
			return true, probe == nil && err == nil, err
		}
		// Another request of this token is finding out; its answer
		// decides for this one too.
		if err := l.waitUntil(ctx, probe, deadline); err != nil {
			return true, false, err
		}
	}
}

func (l *Limiter) overBudget(c InvalidCounts) error {
	budget := l.o.InvalidBudget
	switch {
	case c.Token.N >= budget:
		return &Error{RetryAfter: c.Token.NextExpiry, Reason: budgetReason("this token", c.Token.N, budget, l.o.InvalidWindow), Cause: ErrInvalidBudget}
	case c.Total.N >= budget:
		return &Error{RetryAfter: c.Total.NextExpiry, Reason: budgetReason("all tokens", c.Total.N, budget, l.o.InvalidWindow), Cause: ErrInvalidBudget}
	}
	return nil
}

// startTokenProbe makes the caller its token's probe and returns nil, or
// returns the running probe's channel to wait on. It fails when the
// unknown tokens' share, with the probes in flight, is spent.
func (l *Limiter) startTokenProbe(token string) (<-chan struct{}, error) {
	l.tokMu.Lock()
	defer l.tokMu.Unlock()
	if ch, ok := l.probing[token]; ok {
		return ch, nil
	}
	// Read under tokMu: a probe that ended since the caller's own read has
	// moved its 401 from in flight to spent, and that stale count would let
	// one more unknown token through.
	spent := l.store.AddInvalid(token, true, 0, l.now(), l.o.InvalidWindow).Unknown
	if spent.N+l.unknownInflight >= l.o.UnknownBudget {
		retry := spent.NextExpiry
		if spent.N == 0 {
			retry = time.Second // only probes in flight: they end soon
		}
		return nil, &Error{RetryAfter: retry, Cause: ErrInvalidBudget,
			Reason: budgetReason("tokens Discord has not accepted", spent.N+l.unknownInflight, l.o.UnknownBudget, l.o.InvalidWindow)}
	}
	l.probing[token] = make(chan struct{})
	l.unknownInflight++
	return nil, nil
}

func (l *Limiter) endTokenProbe(token string) {
	l.tokMu.Lock()
	defer l.tokMu.Unlock()
	if ch, ok := l.probing[token]; ok {
		delete(l.probing, token)
		l.unknownInflight--
		close(ch)
	}
}

// waitUntil waits for ch, ctx's end, deadline or the limiter's close,
// whichever comes first.
func (l *Limiter) waitUntil(ctx context.Context, ch <-chan struct{}, deadline time.Time) error {
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-l.closing:
		return l.closedError()
	case <-t.C:
		return &Error{Reason: "the token's first request is still unanswered", Cause: ErrWaitTooLong}
	}
}

// judgeToken learns from an answer what Discord makes of the token, and
// spends the budget on 401, 403 and 429 (except a shared-scope 429, no
// fault of ours). An answer past authentication (2xx, 403, 404) accepts
// the token, but only on a route whose answer proves it (ProvesToken: not
// one Discord serves without auth, nor an unpublished path it answers 404
// before looking at the token); a 401 rejects it on such a route only:
// elsewhere the 401 may be about the route's own token (a webhook's) or
// the kind of token (an OAuth2-only route), not this one.
func (l *Limiter) judgeToken(g *grant, h *Headers, now time.Time) {
	r := &g.req
	unknown := g.unknown
	if unknown && r.ProvesToken && !r.TokenScoped && (h.Status >= 200 && h.Status < 300 || h.Status == 403 || h.Status == 404) {
		l.store.SetTokenStatus(r.Token, TokenAccepted)
		unknown = false
	}
	switch {
	case h.Status == 401 || h.Status == 403:
	case h.Status == 429 && h.Scope != "shared":
	default:
		if g.tokenProbe {
			l.endTokenProbe(r.Token)
		}
		return
	}
	l.store.AddInvalid(r.Token, unknown, 1, now, l.o.InvalidWindow)
	if h.Status == 401 && r.ProvesToken && !r.TokenScoped {
		l.store.SetTokenStatus(r.Token, TokenRejected)
	}
	if g.tokenProbe {
		l.endTokenProbe(r.Token) // after the status, so its waiters see it
	}
}

// Trust marks token (a fingerprint) as accepted without asking Discord:
// the operator's own token, which must not wait behind unknown ones.
func (l *Limiter) Trust(token string) { l.store.SetTokenStatus(token, TokenAccepted) }

// ResetToken forgets what Discord made of token (after the operator
// replaced it, say).
func (l *Limiter) ResetToken(token string) { l.store.SetTokenStatus(token, TokenUnknown) }
