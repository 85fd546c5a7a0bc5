package proxy

import (
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// rejectedTokens remembers the webhook and interaction tokens Discord
// answered 401 to. Such a token is the route's own credential, not the
// bot's: the bot token stays good (the limiter knows the route is token
// scoped), but every 401 counts against the IP's invalid-request budget,
// and a deleted webhook's or an expired interaction's token never becomes
// valid again. So a token refused once is refused here, from memory, for
// the cache TTL, whichever caller sends it.
//
// The key is the webhook or interaction id and a digest of its token,
// never the token.
type rejectedTokens struct {
	lru *expirable.LRU[string, negEntry]
}

func newRejectedTokens(size int, ttl time.Duration) *rejectedTokens {
	return &rejectedTokens{lru: expirable.NewLRU[string, negEntry](size, nil, ttl)}
}

func rejectedKey(r *route.Route) string {
	return r.MajorID + "/" + digest(r.Key().Major)
}

// recall returns Discord's remembered 401 for r's token, or nil.
func (t *rejectedTokens) recall(r *route.Route) *Response {
	if !r.TokenScoped {
		return nil
	}
	e, ok := t.lru.Get(rejectedKey(r))
	if !ok {
		return nil
	}
	resp := &Response{Status: e.status, Body: append([]byte(nil), e.body...), Route: *r, Remembered: true}
	if e.contentType != "" {
		resp.Header = []HeaderField{{Name: "Content-Type", Value: e.contentType}}
	}
	return resp
}

// learn remembers a 401 to a token-scoped route.
func (t *rejectedTokens) learn(r *route.Route, resp *Response) {
	if !r.TokenScoped || resp.Status != 401 {
		return
	}
	t.lru.Add(rejectedKey(r), rememberedAnswer(resp))
}
