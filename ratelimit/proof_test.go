package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
)

// TestOnlyProvingAnswersAcceptTokens: a 2xx or 404 on a route that does
// not prove the token (one Discord serves without auth, an unpublished
// path) leaves a made-up token unknown, so its 401 that follows spends
// the unknown tokens' share, not the total the accepted tokens live on.
func TestOnlyProvingAnswersAcceptTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Options{InvalidBudget: 100})
		l.Trust("operator")
		for i := 0; i < 150; i++ {
			public := Request{Token: fmt.Sprint("bogus", i), Method: "GET", Route: "/gateway", Global: true}
			p, err := l.Acquire(context.Background(), public)
			if err != nil {
				if !errors.Is(err, ErrInvalidBudget) {
					t.Fatalf("token %d: %v", i, err)
				}
				continue // the unknown tokens' share is spent: refused here
			}
			p.Done(Headers{Status: []int{200, 404}[i%2]})
			me := Request{Token: public.Token, Method: "GET", Route: "/users/@me", Global: true, ProvesToken: true}
			if p, err := l.Acquire(context.Background(), me); err == nil {
				p.Done(Headers{Status: 401})
			}
		}
		c := l.store.AddInvalid("operator", false, 0, l.now(), l.o.InvalidWindow)
		if c.Total.N > l.o.UnknownBudget {
			t.Errorf("made-up tokens spent %d of the total, more than their share %d", c.Total.N, l.o.UnknownBudget)
		}
		op := req("/m")
		op.Token = "operator"
		mustAcquire(t, l, op).Done(Headers{Status: 200})
		// A proving answer still accepts a new token.
		fresh := req("/m")
		fresh.Token = "fresh"
		l.o.UnknownBudget = 1000 // the share above is spent; this is about acceptance
		mustAcquire(t, l, fresh).Done(Headers{Status: 404})
		if st := l.store.TokenStatus("fresh"); st != TokenAccepted {
			t.Errorf("a 404 on a proving route left the token %v", st)
		}
	})
}

// TestUnprovingRouteDoesNotRejectToken: a 401 on a route whose answers do
// not prove the bot token (an OAuth2-only route, a webhook's own token)
// does not mark the operator's token rejected.
func TestUnprovingRouteDoesNotRejectToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Options{})
		l.Trust("operator")
		oauthOnly := Request{Token: "operator", Method: "GET", Route: "/users/@me/guilds/{guild_id}/member", Global: true}
		mustAcquire(t, l, oauthOnly).Done(Headers{Status: 401})
		if st := l.store.TokenStatus("operator"); st != TokenAccepted {
			t.Fatalf("a 401 on an OAuth2-only route left the operator's token %v", st)
		}
		me := Request{Token: "operator", Method: "GET", Route: "/users/@me", Global: true, ProvesToken: true}
		mustAcquire(t, l, me).Done(Headers{Status: 401})
		if _, err := l.Acquire(context.Background(), me); !errors.Is(err, ErrTokenInvalid) {
			t.Fatalf("after a 401 on a proving route: %v, want ErrTokenInvalid", err)
		}
	})
}
