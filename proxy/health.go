package proxy

import (
	"context"
	"sync"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// Health states reported by /healthz.
const (
	HealthConnected    = "connected"
	HealthUnauthorized = "unauthorized"
	HealthUnreachable  = "unreachable"
	HealthUnknown      = "unknown"
)

// healthCheck asks Discord who each configured bot is, at most once per
// ttl per bot, so a tight health probe cannot spend the bots' rate limits.
type healthCheck struct {
	p   *Proxy
	ttl time.Duration

	mu     sync.Mutex             // guards states
	states map[string]healthState // by token fingerprint
}

type healthState struct {
	state string
	at    time.Time
}

// Health reports whether Discord accepts the token of s (a configured
// bot's scope); each token's answer is cached for the health TTL.
func (p *Proxy) Health(ctx context.Context, s *policy.Scope) string {
	return p.health.check(ctx, s)
}

func (h *healthCheck) check(ctx context.Context, s *policy.Scope) string {
	if s == nil || s.Token() == "" {
		return HealthUnknown
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if st, ok := h.states[s.Fingerprint()]; ok && time.Since(st.at) < h.ttl {
		return st.state
	}
	ctx, cancel := context.WithTimeout(policy.WithScope(ctx, s), 5*time.Second)
	defer cancel()
	resp, err := h.p.Do(ctx, &Request{Method: "GET", Path: "/users/@me", internal: true})
	state := HealthUnknown
	switch {
	case err != nil:
		state = HealthUnreachable
	case resp.Status == 401:
		state = HealthUnauthorized
	case resp.OK():
		state = HealthConnected
	}
	resp.Release() // nil on error: a no-op
	if h.states == nil {
		h.states = map[string]healthState{}
	}
	h.states[s.Fingerprint()] = healthState{state, time.Now()}
	return state
}
