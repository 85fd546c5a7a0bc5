package tools

import (
	"io"
	"slices"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// TestToolsListOwnerKey: owner access is part of the list cache's key, so
// a non-owner's cached list never answers an owner, nor the other way
// round (the owner tools were invisible to owners after a non-owner's
// tools/list before it was).
func TestToolsListOwnerKey(t *testing.T) {
	cfg, err := config.Load("test", nil, func(k string) string {
		return map[string]string{"DMP_ENABLE_OWNER_TOOLS": "true"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewWith(nil, zerolog.New(io.Discard), Options{Toolsets: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for _, owner := range []bool{false, true} {
			h := map[string]string{}
			if owner {
				h["X-Owner-Access"] = "1"
			}
			got := slices.Contains(names(c.Tools(scopeCtx(t, ceiling, h))), "get_current_application")
			if got != owner {
				t.Errorf("round %d, owner=%v: get_current_application listed=%v", round, owner, got)
			}
		}
	}
}
