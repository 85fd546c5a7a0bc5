package tools

import (
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// list_channels is a tree: uncategorised channels, then each category
// followed by its channels in position order.
func TestListChannelsTree(t *testing.T) {
	t.Parallel()
	seed := discordtest.WithForum(discordtest.DefaultSeed())
	g := &seed.Guilds[0]
	g.Channels = append(g.Channels,
		discordtest.Channel{ID: 1085503500000000000, Type: 0, Name: "lobby", Position: 9},
		discordtest.Channel{ID: 1085503500000000001, Type: 4, Name: "Voice", Position: 1},
		discordtest.Channel{ID: 1085503500000000002, Type: 2, Name: "talk", ParentID: 1085503500000000001, Position: 0})
	st := newToolStack(t, seed, Options{Toolsets: []string{"all"}})
	out := call(t, st.ctx(t, nil), st.cat, "list_channels", `{"guild_id":"`+discordtest.GuildID.String()+`"}`, false)
	var names []string
	for _, n := range out.Get("channels.#.name").Array() {
		names = append(names, n.Str)
	}
	want := "lobby,Text Channels,general,random,staff-only,ideas,Voice,talk"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("order %s, want %s", got, want)
	}
}
