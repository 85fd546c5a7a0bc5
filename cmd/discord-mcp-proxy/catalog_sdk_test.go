package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp/tools"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestGoSDKCatalog: the official Go SDK lists every tool of --toolsets all
// through the real binary's handlers and reads results of the paging,
// pin and reaction tools (mcp/tools' drive test checks every result
// against its outputSchema); --read-only and --dry-run hold over the wire.
func TestGoSDKCatalog(t *testing.T) {
	st := startStack(t, map[string]string{"DMP_TOOLSETS": "all"})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	// Every tool but discord_request (privileged callers only), over all
	// pages of tools/list.
	all, err := tools.New(nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, tool.Name)
	}
	if want := len(all.Tools(context.Background())); len(listed) != want || want < 24 {
		t.Errorf("--toolsets all lists %d tools, want %d", len(listed), want)
	}
	for _, tool := range all.Tools(context.Background()) {
		if !slices.Contains(listed, tool.Name) {
			t.Errorf("tools/list misses %s", tool.Name)
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
	list, err := connect(t, ro.base+"/mcp", "2025-11-25").ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range list.Tools {
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
