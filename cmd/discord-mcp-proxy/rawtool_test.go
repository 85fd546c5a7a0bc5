package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// connectWith is connect with headers on every request of the session.
func connectWith(t *testing.T, base string, header ...[2]string) *sdk.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := sdk.NewClient(&sdk.Implementation{Name: "rawtool-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: base + "/mcp", HTTPClient: libHTTP(t, base, header...)}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func toolNames(t *testing.T, cs *sdk.ClientSession) []string {
	t.Helper()
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	return names
}

// TestDiscordRequestTool: discord_request is listed and runs only for
// privileged callers, under the passthrough's rules.
func TestDiscordRequestTool(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	plain := connect(t, st.base+"/mcp", "")
	if slices.Contains(toolNames(t, plain), "discord_request") {
		t.Error("discord_request is listed to a caller without X-Privileged-Call")
	}
	st.emu.ResetStats()
	res := callTool(t, plain, "discord_request", map[string]any{"method": "GET", "path": "/users/@me"})
	if !res.IsError || !strings.Contains(text(res), "X-Privileged-Call") || st.emu.Stats().Total != 0 {
		t.Errorf("unprivileged call: %s, emulator %d", text(res), st.emu.Stats().Total)
	}

	priv := connectWith(t, st.base, [2]string{"X-Target-Channels", general})
	if !slices.Contains(toolNames(t, priv), "discord_request") {
		t.Fatal("discord_request is not listed to a privileged caller")
	}
	res = callTool(t, priv, "discord_request", map[string]any{"method": "post", "path": "/channels/" + general + "/messages",
		"body": `{"content":"@everyone raw","allowed_mentions":{"parse":["everyone"]}}`, "confirm": true}) // a write: destructive tools confirm
	sc := structured(t, res)
	body, _ := sc["body"].(string)
	if res.IsError || sc["status"] != float64(200) || gjson.Get(body, "content").Str != "@everyone raw" || gjson.Get(body, "mention_everyone").Bool() {
		t.Errorf("send: %s", text(res))
	}
	for _, c := range []struct {
		name string
		args map[string]any
		want string
	}{
		{"outside the targets", map[string]any{"method": "GET", "path": "/channels/" + discordtest.RandomID.String() + "/messages"}, "outside X-Target-Channels"},
		{"unknown route", map[string]any{"method": "GET", "path": "/channels/" + general + "/not-a-route"}, "published routes"},
		{"traversal", map[string]any{"method": "GET", "path": "/channels/" + general + "/../" + discordtest.RandomID.String() + "/messages"}, "refused path"},
		{"body not JSON", map[string]any{"method": "POST", "path": "/channels/" + general + "/messages", "body": `{"content":`}, "body"},
		{"method", map[string]any{"method": "TRACE", "path": "/users/@me"}, "method must be"},
	} {
		st.emu.ResetStats()
		res := callTool(t, priv, "discord_request", c.args)
		if !res.IsError || !strings.Contains(text(res), c.want) {
			t.Errorf("%s: %s", c.name, text(res))
		}
		stats := st.emu.Stats()
		if stats.Total != stats.Routes["GET /channels/{channel_id}"] {
			t.Errorf("%s: the emulator saw %v", c.name, stats.Routes)
		}
	}
	// Discord's own refusal is the tool's error, as for every tool.
	res = callTool(t, priv, "discord_request", map[string]any{"method": "GET", "path": "/channels/" + general + "/messages/1085503155732611999"})
	if !res.IsError || !strings.Contains(text(res), "Unknown Message") {
		t.Errorf("Discord's 404: %s", text(res))
	}
}
