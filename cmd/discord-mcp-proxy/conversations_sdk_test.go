package main

import (
	"context"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestGoSDKConversation is issue 9 tried as a new user would, through the
// official MCP Go SDK and the real server: create a forum post, reply in
// it, find it by thread search, find the reply by guild search, DM a user
// by name and read the DM back.
func TestGoSDKConversation(t *testing.T) {
	t.Parallel()
	// No emulator rate limits: the limiter's pacing is tested elsewhere.
	st := startStackWith(t, discordtest.Options{Seed: discordtest.WithForum(discordtest.DefaultSeed()), Limits: &discordtest.Limits{}},
		map[string]string{"DMP_TOOLSETS": "messages,channels,threads,forums,dms"})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	ok := func(tool string, args map[string]any) map[string]any {
		t.Helper()
		res := callTool(t, cs, tool, args)
		if res.IsError {
			t.Fatalf("%s: %s", tool, text(res))
		}
		return structured(t, res)
	}
	post := ok("create_forum_post", map[string]any{"channel_name": "ideas", "name": "Offline mode", "content": "Could the app work offline?"})
	postID, _ := post["id"].(string)
	reply := ok("send_message", map[string]any{"channel_id": postID, "content": "Seconded: offline sync please"})
	found := ok("search_threads", map[string]any{"channel_name": "ideas", "name": "offline"})
	if threads, _ := found["threads"].([]any); len(threads) != 1 || threads[0].(map[string]any)["id"] != postID {
		t.Errorf("search_threads: %v", found)
	}
	// The guild's first search waits out the emulator's 202 (1 s).
	hits := ok("search_messages", map[string]any{"guild_name": "Emulator Guild", "query": "offline sync"})
	if msgs, _ := hits["messages"].([]any); hits["mode"] != "guild_search" || len(msgs) != 1 || msgs[0].(map[string]any)["id"] != reply["id"] {
		t.Errorf("guild search: %v", hits)
	}
	sent := ok("send_direct_message", map[string]any{"user_name": "grace", "content": "The offline idea is posted."})
	back := ok("get_direct_messages", map[string]any{"user_name": "grace", "limit": 1})
	if msgs, _ := back["messages"].([]any); len(msgs) != 1 || msgs[0].(map[string]any)["id"] != sent["id"] {
		t.Errorf("get_direct_messages: %v after %v", back, sent)
	}
	if n := st.emu.Stats().Routes["POST /users/@me/channels"]; n != 1 {
		t.Errorf("the DM channel was opened %d times", n)
	}
	if _, err := cs.ListTools(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}
