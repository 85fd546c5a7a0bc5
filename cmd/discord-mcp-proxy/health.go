package main

import (
	"context"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// healthReport is /healthz's body. It names bots and their state, never
// a token.
type healthReport struct {
	Status  string            `json:"status"`
	Discord string            `json:"discord"` // the default bot's state (unknown without one)
	Auth    string            `json:"auth"`    // none, bearer or oauth
	Bots    map[string]string `json:"bots"`    // each configured bot's state
}

// health checks every configured bot (each answer cached for
// --health-ttl, so probes cannot spend the bots' rate limits).
func (a *app) health(ctx context.Context) healthReport {
	ce := a.ceiling.Load()
	r := healthReport{Status: "healthy", Discord: proxy.HealthUnknown, Auth: ce.AuthMode(), Bots: map[string]string{}}
	for _, name := range ce.BotNames() {
		state := a.proxy.Health(ctx, ce.BotScope(name))
		r.Bots[name] = state
		if name == config.DefaultBot {
			r.Discord = state
		}
	}
	return r
}
