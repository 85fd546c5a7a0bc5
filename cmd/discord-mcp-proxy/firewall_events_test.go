package main

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// TestFirewallEventTools: changing a scheduled event, or one occurrence
// of it, acts on an object in a channel the path does not name, so it is
// refused while X-Target-Channels is restricted; the emulator receives
// nothing (but the proxy's own channel lookups). Controls reach it.
func TestFirewallEventTools(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, webhookSeedOptions(), map[string]string{"DMP_TOOLSETS": "events"})
	g := `"guild_id":"` + hGuild + `"`
	body := toolCall(t, st, "create_event", `{`+g+`,"name":"Launch","scheduled_start_time":"2030-01-01T18:00:00Z","scheduled_end_time":"2030-01-01T19:00:00Z","entity_type":3,"location":"Online"}`)
	id := gjson.Get(body, "structuredContent.id").String()
	if id == "" {
		t.Fatalf("create_event: %s", body)
	}
	e := g + `,"event_id":"` + id + `"`
	only := [2]string{"X-Target-Channels", general}
	for _, c := range []struct{ name, tool, args string }{
		{"move an occurrence", "create_event_exception", `{` + e + `,"original_scheduled_start_time":"2030-01-08T18:00:00Z","is_canceled":true}`},
		{"modify the event", "modify_event", `{` + e + `,"name":"x"}`},
		{"delete the event", "delete_event", `{` + e + `,"confirm":true}`},
	} {
		st.emu.ResetStats()
		out := toolCall(t, st, c.tool, c.args, only)
		if n := beyondLookups(st.emu.Stats()); n != 0 || !strings.Contains(out, "PermissionDeniedError") {
			t.Errorf("%s: the emulator received %d requests: %s", c.name, n, out)
		}
		st.emu.ResetStats()
		if out := toolCall(t, st, c.tool, c.args); beyondLookups(st.emu.Stats()) == 0 {
			t.Errorf("%s: control reached nothing: %s", c.name, out)
		}
	}
}
