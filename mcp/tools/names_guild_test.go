package tools

import (
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestNamesResolveInTheCallsServer: a role named in two servers resolves
// to the one in the server the call names (by id or by name), with one
// listing of that server's roles and no listing of the bot's guilds when
// the server is given by id.
func TestNamesResolveInTheCallsServer(t *testing.T) {
	seed := discordtest.DefaultSeed()
	const twin discordtest.Snowflake = 1102897269964931999
	g2 := &seed.Guilds[1]
	g2.Roles = append(g2.Roles, discordtest.Role{ID: twin, Name: "moderators", Position: 1})
	st := newToolStack(t, seed, Options{Toolsets: []string{"all"}})
	ctx := st.ctx(t, nil)
	second := discordtest.SecondGuildID.String()

	st.rec.take()
	got := call(t, ctx, st.cat, "get_role", `{"guild_id":"`+second+`","role_name":"moderators"}`, false)
	if got.Get("id").String() != twin.String() {
		t.Errorf("role_name in the second server resolved to %s", got.Raw)
	}
	if exs := st.rec.take(); len(exs) != 2 || exs[0].Template != "/guilds/{guild_id}/roles" {
		t.Errorf("resolving by a given server sent %d requests: %+v", len(exs), exs)
	}
	got = call(t, ctx, st.cat, "get_role", `{"guild_name":"Emulator Guild","role_name":"moderators"}`, false)
	if got.Get("id").String() != discordtest.ModRoleID.String() {
		t.Errorf("role_name in the first server (by name) resolved to %s", got.Raw)
	}
}
