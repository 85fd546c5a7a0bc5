package main

import (
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestFirewallVoiceTools: a stage start that would notify @everyone is
// refused while the scope does not let everyone be pinged, and a member's
// stage state outside X-Target-Users is not touched; the emulator
// receives nothing (but channel lookups). Controls reach it.
func TestFirewallVoiceTools(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, webhookSeedOptions(), map[string]string{"DMP_TOOLSETS": "voice"})
	if err := st.emu.JoinVoice(discordtest.OwnerUserID, fwStageID); err != nil {
		t.Fatal(err)
	}
	stage := fwStageID.String()
	g := `"guild_id":"` + hGuild + `"`
	for _, c := range []struct {
		name, tool, args, control string
		scope                     [][2]string
	}{
		{"start a stage notifying everyone", "create_stage_instance", `{"channel_id":"` + stage + `","topic":"x","send_start_notification":true}`,
			`{"channel_id":"` + stage + `","topic":"x"}`, nil},
		{"move a member outside X-Target-Users", "modify_voice_state", `{` + g + `,"user_id":"` + discordtest.OwnerUserID.String() + `","channel_id":"` + stage + `","suppress":true}`,
			"", [][2]string{{"X-Target-Users", discordtest.HumanUserID.String()}}},
	} {
		st.emu.ResetStats()
		out := toolCall(t, st, c.tool, c.args, c.scope...)
		if n := beyondLookups(st.emu.Stats()); n != 0 || !strings.Contains(out, "PermissionDeniedError") {
			t.Errorf("%s: the emulator received %d requests: %s", c.name, n, out)
		}
		control := c.control
		if control == "" {
			control = c.args
		}
		st.emu.ResetStats()
		if out := toolCall(t, st, c.tool, control); beyondLookups(st.emu.Stats()) == 0 {
			t.Errorf("%s: control reached nothing: %s", c.name, out)
		}
	}
}
