package policy

import (
	"context"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

type hotCase struct {
	name string
	cfg  config.Config
	path string
	body []byte
}

// hotCases are allowed requests on cached channels: the proxy's common path.
var hotCases = []hotCase{
	{"unconstrained", config.Config{}, "/channels/10/messages", []byte(`{"content":"hello"}`)},
	{"listed-channel", config.Config{TargetChannels: "10", AllowedPaths: "/channels/*/messages", AllowedMethods: "GET,POST"}, "/channels/10/messages", []byte(`{"content":"hello","message_reference":{"message_id":"1","channel_id":"10"}}`)},
	{"thread-by-parent", config.Config{TargetChannels: "10"}, "/channels/12/messages", []byte(`{"content":"hello"}`)},
	{"guild-via-cache", config.Config{TargetGuilds: "100", PermissionBits: "3072"}, "/channels/10/messages", []byte(`{"content":"hello"}`)},
}

func (h hotCase) setup(t testing.TB) (*Scope, *route.Route, *fakeResolver) {
	return ceiling(t, h.cfg).Default(), mustRoute(t, "POST", h.path), world()
}

func TestCheckAllocatesNothing(t *testing.T) {
	ctx := context.Background()
	for _, h := range hotCases {
		s, r, res := h.setup(t)
		if err := s.Check(ctx, r, h.body, res); err != nil {
			t.Fatalf("%s: %v", h.name, err)
		}
		if n := testing.AllocsPerRun(100, func() { _ = s.Check(ctx, r, h.body, res) }); n != 0 {
			t.Errorf("%s: %v allocations per Check, want 0", h.name, n)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	for _, h := range hotCases {
		b.Run(h.name, func(b *testing.B) {
			s, r, res := h.setup(b)
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Check(ctx, r, h.body, res); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScope(b *testing.B) {
	ce := ceiling(b, config.Config{TargetGuilds: "100,200"})
	get := headers("Authorization", "Bot abc.def.ghi", "X-Target-Guilds", "100", "X-Allowed-Methods", "GET,POST")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ce.Scope(get); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRewrite(b *testing.B) {
	s := ceiling(b, config.Config{}).Default()
	r := mustRoute(b, "POST", "/channels/10/messages")
	body := []byte(`{"content":"hello @everyone","allowed_mentions":{"parse":["everyone"]},"tts":false}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Rewrite(r, body); err != nil {
			b.Fatal(err)
		}
	}
}
