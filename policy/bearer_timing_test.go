package policy

import (
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// BenchmarkBearerScope is the per-request cost of a bearer token: verify
// the JWT and build the scope (ceiling ∩ claims ∩ headers).
func BenchmarkBearerScope(b *testing.B) {
	for _, alg := range []string{AlgEdDSA, AlgRS256} {
		b.Run(alg, func(b *testing.B) {
			w := newBearerWorld(b, alg, config.Config{TargetGuilds: "100,200"})
			tok, _ := w.mint(b, Claims{Guilds: []string{"100"}, Methods: []string{"GET", "POST"}})
			get := headers("Authorization", "Bearer "+tok, "X-Target-Channels", "10")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := w.ce.Scope(get); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
