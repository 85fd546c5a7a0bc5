package tools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// Guild search under a scope: it names the channels in reach (policy
// refuses a guild search naming none), falls back to the scan when the
// guild search is refused and a channel was named, and refuses guild-only
// filters without a guild before sending anything.
func TestGuildSearchScope(t *testing.T) {
	t.Parallel()
	st := newToolStack(t, nil, Options{Toolsets: []string{"all"}})
	gen, guild := discordtest.GeneralID.String(), discordtest.GuildID.String()
	nop := func(float64, float64, string) {}

	res, _ := st.cat.CallTool(st.ctx(t, nil), "search_messages", json.RawMessage(`{"channel_id":"`+gen+`","query":"x","pinned":true}`), nop)
	if !res.IsError || !strings.Contains(res.Text, "InvalidInputError") || st.emu.Stats().Total != 0 {
		t.Errorf("a guild-only filter without guild_id: %s (emulator %d)", res.Text, st.emu.Stats().Total)
	}

	scoped := st.ctx(t, map[string]string{"X-Target-Channels": gen})
	var notes []string
	res, _ = st.cat.CallTool(scoped, "search_messages", json.RawMessage(`{"guild_id":"`+guild+`","query":"release"}`),
		func(_, _ float64, msg string) { notes = append(notes, msg) })
	out := parse(res.Structured)
	if res.IsError || out.Get("mode").Str != "guild_search" || out.Get("messages.#").Int() == 0 {
		t.Fatalf("guild search under X-Target-Channels: %s %s", res.Text, res.Structured)
	}
	out.Get("messages.#.channel_id").ForEach(func(_, ch gjson.Result) bool {
		if ch.Str != gen {
			t.Errorf("a match from channel %s came back", ch.Str)
		}
		return true
	})
	if len(notes) == 0 || !strings.Contains(notes[0], "indexing") {
		t.Errorf("no progress while Discord indexed: %q", notes)
	}

	noSearch := st.ctx(t, map[string]string{"X-Allowed-Paths": "/channels/**,/users/@me/guilds"})
	out = call(t, noSearch, st.cat, "search_messages", `{"guild_id":"`+guild+`","channel_id":"`+gen+`","query":"release"}`, false)
	if out.Get("mode").Str != "channel_scan" || out.Get("messages.#").Int() == 0 {
		t.Errorf("a refused guild search did not fall back to the scan: %s", out.Raw)
	}
}
