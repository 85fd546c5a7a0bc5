package main

import (
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// startPassthroughBinary runs an emulator with these limits (nil: Discord's)
// and, in front of it, the binary as `serve --enable-passthrough --listen
// …`: the switch given bare, followed by another flag it must not
// swallow. It returns the proxy's base URL.
func startPassthroughBinary(t *testing.T, limits *discordtest.Limits) (string, *discordtest.Emulator) {
	t.Helper()
	emu, err := discordtest.New(discordtest.Options{Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t)
	addr := freeAddr(t)
	startProcess(t, addr, []string{"DISCORD_TOKEN=" + emu.Token(), "DMP_LOG_LEVEL=warn"},
		bin, "serve", "--enable-passthrough", "--listen", addr, "--upstream", upstream)
	return "http://" + addr, emu
}

func TestBinaryBarePassthroughSwitch(t *testing.T) {
	t.Parallel()
	base, emu := startPassthroughBinary(t, nil)
	resp, body := sendForm(t, base, "GET", "/api/v10/users/@me", [][2]string{{"X-Privileged-Call", "1"}}, "", "")
	if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" || gjson.Get(body, "id").Str != discordtest.BotUserID.String() {
		t.Fatalf("passthrough: %d %q %s", resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
	}
	if resp.Header.Get("X-RateLimit-Bucket") == "" {
		t.Errorf("Discord's rate-limit headers were not forwarded: %v", resp.Header)
	}
	// Without the header the same request is the proxy's refusal, in
	// Discord's error shape.
	resp, body = sendForm(t, base, "GET", "/api/v10/users/@me", nil, "", "")
	if resp.StatusCode != 403 || resp.Header.Get("X-Response-Src") != "mcp" || gjson.Get(body, "code").Int() != 50013 ||
		gjson.Get(body, "type").Str != "PermissionDeniedError" || gjson.Get(body, "message").Str == "" {
		t.Errorf("refusal: %d %s", resp.StatusCode, body)
	}
	if n := emu.Stats().Routes["GET /users/@me"]; n != 1 {
		t.Errorf("the emulator saw GET /users/@me %d times, want 1", n)
	}
}
