package tools

import (
	"io"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// shows (what a call asks) answers as visible (what tools/list uses)
// for every toolset, with and without dynamic toolsets, whatever the
// caller's X-Toolsets narrows to.
func TestShowsMatchesVisible(t *testing.T) {
	cfg, err := config.Load("test", nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[bool]int{}
	for _, o := range []Options{{}, {Toolsets: []string{"all"}}, {Dynamic: true}} {
		c, err := NewWith(nil, zerolog.New(io.Discard), o)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []map[string]string{nil, {"X-Toolsets": "messages"}, {"X-Toolsets": "messages,guild"}, {"X-Toolsets": "nosuch"}} {
			ctx := scopeCtx(t, ceiling, h)
			s := policy.FromContext(ctx)
			vis := c.visible(ctx, s)
			for _, ts := range toolsets {
				got, want := c.shows(ctx, s, ts.name), vis.has(ts.name)
				seen[want]++
				if got != want {
					t.Errorf("options %+v, headers %v, toolset %s: shows %v, visible %v", o, h, ts.name, got, want)
				}
			}
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("the cases should show some toolsets and hide others: %v", seen)
	}
}
