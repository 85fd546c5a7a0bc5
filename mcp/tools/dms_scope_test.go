package tools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// X-Target-Users is the DM allow-list: 0 hides the DM tools; a listed user
// can be messaged and read back (the DM channel passes by its recipient);
// an unlisted one is refused before Discord sees the request.
func TestDMToolsFollowTargetUsers(t *testing.T) {
	st := newToolStack(t, nil, Options{Toolsets: []string{"all"}})
	human, owner := discordtest.HumanUserID.String(), discordtest.OwnerUserID.String()
	none := st.ctx(t, map[string]string{"X-Target-Users": "0"})
	for _, tool := range st.cat.Tools(none) {
		if tool.Name == "send_direct_message" || tool.Name == "get_direct_messages" {
			t.Errorf("%s listed under X-Target-Users: 0", tool.Name)
		}
	}
	if res, _ := st.cat.CallTool(none, "send_direct_message", json.RawMessage(`{"user_id":"`+human+`","content":"x"}`), func(float64, float64, string) {}); !res.IsError {
		t.Errorf("send_direct_message ran under X-Target-Users: 0: %s", res.Text)
	}

	listed := st.ctx(t, map[string]string{"X-Target-Users": human})
	sent := call(t, listed, st.cat, "send_direct_message", `{"user_id":"`+human+`","content":"hello"}`, false)
	back := call(t, listed, st.cat, "get_direct_messages", `{"user_id":"`+human+`"}`, false)
	if back.Get("messages.0.id").Str != sent.Get("id").Str {
		t.Errorf("read back %s after %s", back.Raw, sent.Raw)
	}
	opens := st.emu.Stats().Routes["POST /users/@me/channels"]
	if opens != 1 {
		t.Errorf("the DM channel was opened %d times, want once", opens)
	}

	st.emu.ResetStats()
	res, _ := st.cat.CallTool(listed, "send_direct_message", json.RawMessage(`{"user_id":"`+owner+`","content":"x"}`), func(float64, float64, string) {})
	if !res.IsError || !strings.Contains(res.Text, "X-Target-Users") {
		t.Errorf("DM to an unlisted user: %s", res.Text)
	}
	if n := st.emu.Stats().Total; n != 0 {
		t.Errorf("the emulator saw %d requests for a DM outside X-Target-Users", n)
	}
}

// With attribution on and the current conversation named, the DM links
// back to the message it answers.
func TestDMAttribution(t *testing.T) {
	st := newToolStack(t, nil, Options{Toolsets: []string{"all"}, DMAttribution: true})
	ctx := st.ctx(t, map[string]string{"X-Current-Guild": discordtest.GuildID.String(),
		"X-Current-Channel": discordtest.GeneralID.String(), "X-Current-Message": exMsg})
	out := call(t, ctx, st.cat, "get_direct_messages", `{"user_name":"grace","limit":1}`, false)
	if n := out.Get("messages.#").Int(); n != 0 {
		t.Fatalf("a fresh DM holds %d messages", n)
	}
	call(t, ctx, st.cat, "send_direct_message", `{"user_name":"grace","content":"done"}`, false)
	out = call(t, ctx, st.cat, "get_direct_messages", `{"user_name":"grace","limit":1}`, false)
	want := "done\n\n-# from https://discord.com/channels/" + discordtest.GuildID.String() + "/" + discordtest.GeneralID.String() + "/" + exMsg
	if got := out.Get("messages.0.content").Str; got != want {
		t.Errorf("content %q, want %q", got, want)
	}
}
