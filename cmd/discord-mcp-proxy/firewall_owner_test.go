package main

import (
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestFirewallOwnerTools: the application toolset's owner tools need
// both the operator's --enable-owner-tools and the caller's
// X-Owner-Access; without either, no call reaches the emulator, and
// tools/list does not show them. The control (both) reaches it.
func TestFirewallOwnerTools(t *testing.T) {
	t.Parallel()
	enabled := startStack(t, map[string]string{"DMP_TOOLSETS": "application", "DMP_ENABLE_OWNER_TOOLS": "true"})
	disabled := startStack(t, map[string]string{"DMP_TOOLSETS": "application"})
	owner := [2]string{"X-Owner-Access", "1"}
	app := `"application_id":"` + discordtest.BotUserID.String() + `"`
	calls := []struct{ tool, args string }{
		{"get_current_application", `{}`},
		{"modify_current_application", `{"tags":["x"]}`},
		{"list_entitlements", `{` + app + `}`},
		{"create_test_entitlement", `{` + app + `,"sku_id":"` + discordtest.AppSKUID.String() + `","owner_id":"` + hGuild + `","owner_type":1}`},
		{"set_role_connection_metadata", `{` + app + `,"records":[],"confirm":true}`},
	}
	for _, c := range []struct {
		name    string
		st      *stack
		headers [][2]string
	}{
		{"no X-Owner-Access", enabled, nil},
		{"X-Owner-Access: 0", enabled, [][2]string{{"X-Owner-Access", "0"}}},
		{"owner tools not enabled by the operator", disabled, [][2]string{owner}},
	} {
		for _, call := range calls {
			c.st.emu.ResetStats()
			body := toolCall(t, c.st, call.tool, call.args, c.headers...)
			if n := c.st.emu.Stats().Total; n != 0 || !strings.Contains(body, `"isError":true`) && !strings.Contains(body, "unknown tool") {
				t.Errorf("%s, %s: the emulator received %d requests: %s", c.name, call.tool, n, body)
			}
		}
		_, list := rawRequest(t, strings.TrimPrefix(c.st.base, "http://"), "GET", "/v1/tools/list", c.headers, "")
		if strings.Contains(list, "get_current_application") {
			t.Errorf("%s: tools/list shows the owner tools", c.name)
		}
	}
	for _, call := range calls {
		enabled.emu.ResetStats()
		if body := toolCall(t, enabled, call.tool, call.args, owner); enabled.emu.Stats().Total == 0 {
			t.Errorf("control %s: nothing reached the emulator: %s", call.tool, body)
		}
	}
}
