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

// healthCheck asks Discord who the configured bot is, at most once per ttl,
// so a tight health probe cannot spend the bot's rate limits.
type healthCheck struct {
	p   *Proxy
	ttl time.Duration

	mu    sync.Mutex
	state string
	at    time.Time
}

// Health reports whether Discord accepts the configured token.
// s is the operator's default Scope (the configured token).
func (p *Proxy) Health(ctx context.Context, s *policy.Scope) string {
	return p.health.check(ctx, s)
}

func (h *healthCheck) check(ctx context.Context, s *policy.Scope) string {
	if s == nil || s.Token() == "" {
		return HealthUnknown
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state != "" && time.Since(h.at) < h.ttl {
		return h.state
	}
	ctx, cancel := context.WithTimeout(policy.WithScope(ctx, s), 5*time.Second)
	defer cancel()
	resp, err := h.p.Do(ctx, &Request{Method: "GET", Path: "/users/@me", internal: true})
	switch {
	case err != nil:
		h.state = HealthUnreachable
	case resp.Status == 401:
		h.state = HealthUnauthorized
	case resp.OK():
		h.state = HealthConnected
	default:
		h.state = HealthUnknown
	}
	h.at = time.Now()
	return h.state
}
