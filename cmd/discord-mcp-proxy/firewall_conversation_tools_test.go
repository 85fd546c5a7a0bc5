package main

import (
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// The same attacks as TestFirewallConversations, made through the tools
// over MCP (the official Go SDK, the real server): each is refused as a
// PermissionDeniedError, and the emulator receives nothing but, at most,
// the proxy's own channel metadata reads.
func TestFirewallConversationTools(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Seed: discordtest.WithForum(discordtest.DefaultSeed()), Limits: &discordtest.Limits{}},
		map[string]string{"DMP_TOOLSETS": "all"})
	forum := discordtest.ForumID.String()
	gen := [2]string{"X-Target-Channels", general}
	// Controls: the same tools pass where the scope allows them.
	for _, c := range []struct {
		tool   string
		args   map[string]any
		header [2]string
	}{
		{"create_thread", map[string]any{"channel_id": general, "name": "x"}, gen},
		{"send_direct_message", map[string]any{"user_id": hHuman, "content": "x"}, [2]string{"X-Target-Users", hHuman}},
		{"set_channel_permission", map[string]any{"channel_id": general, "target_id": hHuman, "type": 1, "deny": []string{"SendMessages"}},
			[2]string{"X-Permission-Bits", "268438528"}},
	} {
		st.emu.ResetStats()
		res := callTool(t, connectWith(t, st.base, c.header), c.tool, c.args)
		// The bot lacks Manage Roles in the seed: Discord's 403 still shows the request went.
		if st.emu.Stats().Total == 0 || res.IsError && !strings.Contains(text(res), "Discord refused") {
			t.Fatalf("control %s: %s (emulator %v)", c.tool, text(res), st.emu.Stats().Routes)
		}
	}
	for _, c := range []struct {
		name, tool string
		args       map[string]any
		header     [2]string
	}{
		{"thread under a forbidden parent", "create_thread", map[string]any{"channel_id": hRandom, "name": "x"}, gen},
		{"forum post into a forbidden forum", "create_forum_post", map[string]any{"channel_id": forum, "name": "x", "content": "y"}, gen},
		{"thread search in a forbidden forum", "search_threads", map[string]any{"channel_id": forum, "name": "x"}, gen},
		{"overwrite beyond X-Permission-Bits", "set_channel_permission",
			map[string]any{"channel_id": general, "target_id": hHuman, "type": 1, "allow": []string{"ViewChannel", "Administrator"}},
			[2]string{"X-Permission-Bits", "268438528"}}, // ViewChannel, SendMessages, ManageRoles
		{"DM outside X-Target-Users", "send_direct_message", map[string]any{"user_id": hHuman, "content": "x"}, [2]string{"X-Target-Users", hOwner}},
		{"guild search by a forbidden channel", "search_messages", map[string]any{"guild_id": hGuild, "channel_id": hRandom, "query": "x"}, gen},
		{"follow into a forbidden channel", "follow_announcement_channel", map[string]any{"channel_id": general, "target_channel_id": hRandom}, gen},
		{"invite for a forbidden channel", "create_invite", map[string]any{"channel_id": hRandom}, gen},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := connectWith(t, st.base, c.header)
			st.emu.ResetStats()
			res := callTool(t, cs, c.tool, c.args)
			if !res.IsError || !strings.Contains(text(res), "PermissionDeniedError") {
				t.Errorf("not refused: %s", text(res))
			}
			stats := st.emu.Stats()
			if stats.Total != stats.Routes["GET /channels/{channel_id}"] {
				t.Errorf("the emulator saw %v", stats.Routes)
			}
		})
	}
}
