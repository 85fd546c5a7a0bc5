package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp/tools"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestGoSDKCatalog: the official Go SDK lists every tool of --toolsets all
// through the real binary's handlers and reads results of the paging,
// pin and reaction tools (mcp/tools' drive test checks every result
// against its outputSchema); --read-only and --dry-run hold over the wire.
func TestGoSDKCatalog(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_TOOLSETS": "all"})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	// What the catalog itself lists for a caller without privileged or
	// owner access (not discord_request, not the owner tools), over all
	// pages of tools/list.
	want := catalogListFor(t, map[string]string{"DMP_TOOLSETS": "all"})
	var listed []string
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, tool.Name)
	}
	if len(listed) != len(want) || len(want) < 24 {
		t.Errorf("--toolsets all lists %d tools, want %d", len(listed), len(want))
	}
	for _, name := range want {
		if !slices.Contains(listed, name) {
			t.Errorf("tools/list misses %s", name)
		}
	}
	msg := discordtest.DefaultSeed().Messages[general][1].ID.String()
	for _, c := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"fetch_messages", map[string]any{"channel_name": "random", "limit": 5}, "truncated"},
		{"list_pins", map[string]any{"channel_id": general}, "pins"},
		{"list_reactions", map[string]any{"channel_id": general, "message_id": msg, "emoji": "👋"}, "users"},
		{"get_messages_id_range", map[string]any{"channel_id": general, "from_id": msg, "count_after": 3}, "next_cursor"},
	} {
		res := callTool(t, cs, c.tool, c.args)
		if res.IsError || structured(t, res)[c.want] == nil {
			t.Errorf("%s: %s", c.tool, text(res))
		}
		// Discord's text reaches the model inside the untrusted-data fence.
		if c.tool != "get_messages_id_range" && !strings.Contains(text(res), `<untrusted-data source="discord"`) {
			t.Errorf("%s: text content not fenced: %.200s", c.tool, text(res))
		}
	}
	res := callTool(t, cs, "clear_reactions", map[string]any{"channel_id": general, "message_id": msg})
	if !res.IsError || !strings.Contains(text(res), "ConfirmationRequiredError") {
		t.Errorf("unconfirmed clear_reactions: %s", text(res))
	}

	ro := startStack(t, map[string]string{"DMP_TOOLSETS": "all", "DMP_READ_ONLY": "true"})
	for tool, err := range connect(t, ro.base+"/mcp", "2025-11-25").Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
			t.Errorf("--read-only lists %s", tool.Name)
		}
	}

	dry := startStack(t, map[string]string{"DMP_DRY_RUN": "true"})
	dry.emu.ResetStats()
	res = callTool(t, connect(t, dry.base+"/mcp", "2025-11-25"), "send_message", map[string]any{"channel_id": general, "content": "not really"})
	if !res.IsError || !strings.Contains(text(res), "DryRunError") || dry.emu.Stats().Routes["POST /channels/{channel_id}/messages"] != 0 {
		t.Errorf("--dry-run send: %s; emulator %v", text(res), dry.emu.Stats().Routes)
	}
}

// catalogListFor is the tools the catalog lists, under the ceiling of a
// config from env, to a caller sending no headers.
func catalogListFor(t *testing.T, env map[string]string) []string {
	t.Helper()
	cfg, err := config.Load("test", nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ce, err := policy.NewCeiling(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ce.Scope(func(string) []string { return nil })
	if err != nil {
		t.Fatal(err)
	}
	cat, err := tools.NewWith(nil, zerolog.Nop(), tools.Options{Toolsets: cfg.Toolsets})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range cat.Tools(policy.WithScope(context.Background(), sc)) {
		names = append(names, tool.Name)
	}
	return names
}
