package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestPassthroughForwardsHeaders: a library's request headers reach
// Discord, except hop-by-hop ones, the caller's Authorization and the
// proxy's X-* headers; Discord's status, headers and body come back, less
// its cookies.
func TestPassthroughForwardsHeaders(t *testing.T) {
	t.Parallel()
	st, rec := startRecordingStack(t, nil, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	rec.answer = [][2]string{{"CF-Ray", "8f00-AMS"}, {"Set-Cookie", "__cfruid=abc; path=/; domain=.discord.com"}}
	resp, body := sendForm(t, st.base, "POST", "/api/v10/channels/"+general+"/messages", [][2]string{
		{"X-Privileged-Call", "1"},
		{"X-Target-Channels", general},
		{"User-Agent", "DiscordBot (https://example.com/lib, 9.9)"},
		{"X-Audit-Log-Reason", "a%20reason%20%C3%A9"},
		{"X-Discord-Locale", "de"},
		{"Accept", "application/json"},
		{"X-Forwarded-For", "203.0.113.9"},
		{"X-Some-Proxy-Header", "1"},
		{"Cookie", "session=secret"},
		{"Connection", "keep-alive, X-Drop-Me"},
		{"X-Drop-Me", "1"},
		{"Keep-Alive", "timeout=5"},
	}, "application/json", `{"content":"headers"}`)
	if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" || gjson.Get(body, "content").Str != "headers" {
		t.Fatalf("%d %q %s", resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
	}
	up := rec.lastTo(t, "POST").header
	for name, want := range map[string]string{
		"User-Agent":         "DiscordBot (https://example.com/lib, 9.9)",
		"X-Audit-Log-Reason": "a%20reason%20%C3%A9",
		"X-Discord-Locale":   "de",
		"Accept":             "application/json",
		"Content-Type":       "application/json",
		"Authorization":      "Bot " + st.emu.Token(),
	} {
		if got := up.Get(name); got != want {
			t.Errorf("upstream %s = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"X-Privileged-Call", "X-Target-Channels", "X-Forwarded-For", "X-Some-Proxy-Header", "Cookie", "X-Drop-Me", "Keep-Alive"} {
		if v := up.Get(name); v != "" {
			t.Errorf("%s went upstream: %q", name, v)
		}
	}
	if st.emu.LastAuditReason() != "a reason é" {
		t.Errorf("audit reason %q", st.emu.LastAuditReason())
	}
	if resp.Header.Get("CF-Ray") != "8f00-AMS" || resp.Header.Get("X-RateLimit-Bucket") == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("Discord's headers did not come back: %v", resp.Header)
	}
	if resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("Discord's cookie was handed on: %q", resp.Header.Get("Set-Cookie"))
	}
	// Discord's own refusal comes back as Discord sent it.
	resp, body = sendForm(t, st.base, "GET", "/api/v10/channels/"+general+"/messages/1085503155732611999",
		[][2]string{{"X-Privileged-Call", "1"}}, "", "")
	if resp.StatusCode != 404 || resp.Header.Get("X-Response-Src") != "discord" || gjson.Get(body, "code").Int() != 10008 || gjson.Get(body, "type").Exists() {
		t.Errorf("Discord's 404: %d %q %s", resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
	}
}

// TestUnknownRoutes: paths that are not Discord's published routes are
// refused unless --allow-unknown-routes, and even then only for a
// privileged caller within its method and path rules, never while targets
// or permission bits are restricted. Refusals reach nothing upstream.
func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	unknown := "/api/v10/channels/" + general + "/not-a-route"
	priv := [2]string{"X-Privileged-Call", "1"}
	off := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	resp, body := sendForm(t, off.base, "GET", unknown, [][2]string{priv}, "", "")
	if resp.StatusCode != 403 || !strings.Contains(gjson.Get(body, "message").Str, "not one of Discord's published routes") || off.emu.Stats().Total != 0 {
		t.Errorf("without the switch: %d %s, emulator %d", resp.StatusCode, body, off.emu.Stats().Total)
	}

	on := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOW_UNKNOWN_ROUTES": "true"})
	resp, body = sendForm(t, on.base, "GET", unknown, [][2]string{priv}, "", "")
	if resp.StatusCode != 404 || resp.Header.Get("X-Response-Src") != "discord" || on.emu.Stats().Routes["GET <unknown>"] != 1 {
		t.Errorf("with the switch: %d %q %s %v", resp.StatusCode, resp.Header.Get("X-Response-Src"), body, on.emu.Stats().Routes)
	}
	for _, c := range []struct {
		name, method string
		headers      [][2]string
	}{
		{"not privileged", "GET", nil},
		{"targets restricted", "GET", [][2]string{priv, {"X-Target-Channels", general}}},
		{"guilds restricted", "GET", [][2]string{priv, {"X-Target-Guilds", discordtest.GuildID.String()}}},
		{"permission bits set", "GET", [][2]string{priv, {"X-Permission-Bits", "1024"}}},
		{"method outside the rules", "POST", [][2]string{priv, {"X-Allowed-Methods", "GET"}}},
		{"path outside the rules", "GET", [][2]string{priv, {"X-Allowed-Paths", "/channels/*/messages"}}},
	} {
		on.emu.ResetStats()
		resp, body := sendForm(t, on.base, c.method, unknown, c.headers, "", "")
		if resp.StatusCode != 403 || resp.Header.Get("X-Response-Src") != "mcp" || on.emu.Stats().Total != 0 {
			t.Errorf("%s: %d %s, emulator %v", c.name, resp.StatusCode, body, on.emu.Stats().Routes)
		}
	}
}

// TestOversizedUpload: a form over the proxy's 1 MiB body limit is
// refused in Discord's shape (40005, as Discord answers too large a
// request), before anything reaches Discord.
func TestOversizedUpload(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	conn, err := net.Dial("tcp", strings.TrimPrefix(st.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The length alone is over the limit: the server answers from the
	// header, with no race against a half-written body.
	_, _ = io.WriteString(conn, "POST /api/v10/channels/"+general+"/messages HTTP/1.1\r\nHost: x\r\nX-Privileged-Call: 1\r\n"+
		"Content-Type: multipart/form-data; boundary=XB\r\nContent-Length: 2097152\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || resp.Header.Get("X-Response-Src") != "mcp" || gjson.GetBytes(out, "code").Int() != 40005 || gjson.GetBytes(out, "message").Str == "" {
		t.Errorf("%d %q %s", resp.StatusCode, resp.Header.Get("X-Response-Src"), out)
	}
	if n := st.emu.Stats().Total; n != 0 {
		t.Errorf("the emulator saw %d requests", n)
	}
}
