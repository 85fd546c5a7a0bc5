package main

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestInvisibleChannelRefusesWrites is the reviewer's repro: once Discord
// said the bot cannot see a channel (403 Missing Access), writes to it
// (messages, typing, reactions) are answered from memory too, so no
// caller can spend the invalid-request budget on it, whatever the method.
func TestInvisibleChannelRefusesWrites(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	priv := "/api/v10/channels/" + discordtest.PrivateID.String()
	h := [][2]string{{"X-Privileged-Call", "1"}}
	if resp, body := rawRequest(t, addr, "GET", priv+"/messages?limit=1", h, ""); resp.StatusCode != 403 || gjson.Get(body, "code").Int() != 50001 {
		t.Fatalf("first read: %d %s", resp.StatusCode, body)
	}
	writes := []struct{ method, path, body string }{
		{"POST", "/messages", `{"content":"hi"}`},
		{"POST", "/typing", ""},
		{"PUT", "/messages/1085503155732611999/reactions/%F0%9F%91%8D/@me", ""},
		{"POST", "/threads", `{"name":"t","type":11}`},
	}
	for i := 0; i < 3; i++ {
		for _, w := range writes {
			resp, body := rawRequest(t, addr, w.method, priv+w.path, h, w.body)
			if resp.StatusCode != 403 || gjson.Get(body, "code").Int() != 50001 {
				t.Errorf("%s %s: %d %s, want the remembered 403 50001", w.method, w.path, resp.StatusCode, body)
			}
		}
	}
	if s := st.emu.Stats(); s.Total != 1 || s.Invalid != 1 {
		t.Errorf("Discord saw %d requests (%d invalid) for one read and 12 writes, want 1 (1)", s.Total, s.Invalid)
	}
}

// TestMissingPermissionsStaysPerAction: a 403 Missing Permissions (50013)
// for a write says nothing of other actions, nor of the next body: the
// bot may not post in the channel but may still read it, and every write
// asks Discord.
func TestMissingPermissionsStaysPerAction(t *testing.T) {
	t.Parallel()
	seed := discordtest.DefaultSeed()
	for i, c := range seed.Guilds[0].Channels {
		if c.ID == discordtest.RandomID {
			seed.Guilds[0].Channels[i].PermissionOverwrites = []discordtest.Overwrite{{ID: discordtest.BotUserID, Type: 1, Deny: 1 << 11}}
		}
	}
	st := startStackWith(t, discordtest.Options{Seed: seed}, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	random := "/api/v10/channels/" + discordtest.RandomID.String()
	h := [][2]string{{"X-Privileged-Call", "1"}}
	for i := 0; i < 2; i++ {
		resp, body := rawRequest(t, addr, "POST", random+"/messages", h, `{"content":"hi"}`)
		if resp.StatusCode != 403 || gjson.Get(body, "code").Int() != 50013 || resp.Header.Get("X-Response-Src") != "discord" {
			t.Fatalf("post %d: %d src=%s %s, want Discord's 403 50013", i, resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
		}
	}
	if resp, body := rawRequest(t, addr, "GET", random+"/messages?limit=1", h, ""); resp.StatusCode != 200 {
		t.Errorf("read after a refused post: %d %s", resp.StatusCode, body)
	}
	if n := st.emu.Stats().Routes["POST /channels/{channel_id}/messages"]; n != 2 {
		t.Errorf("Discord saw %d posts, want 2: a write's 50013 is not remembered", n)
	}
}
