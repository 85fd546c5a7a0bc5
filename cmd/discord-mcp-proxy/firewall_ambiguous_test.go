package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// Class 8: ambiguous input is refused, never guessed.
func TestHardeningAmbiguousInput(t *testing.T) {
	t.Parallel()
	st, addr := hardenStack(t)
	bits := [2]string{"X-Permission-Bits", strconv.Itoa(1<<10 | 1<<11)}
	role := func(perms string) string { return `{"name":"r","permissions":` + perms + `}` }
	rolesURI := api + "/guilds/" + hGuild + "/roles"
	expectRefused(t, st, addr, []hardenCase{
		// Folded and control-character security headers.
		{name: "folded target channels", method: "GET", uri: api + "/channels/" + hRandom + "/messages",
			headers: [][2]string{{"X-Target-Channels", general + ",\r\n " + hRandom}}},
		{name: "folded with a tab", method: "GET", uri: api + "/channels/" + hRandom + "/messages",
			headers: [][2]string{{"X-Target-Channels", general + ",\r\n\t" + hRandom}}},
		{name: "folded allowed methods", method: "DELETE", uri: api + "/channels/" + general + "/messages/" + hAnyID,
			headers: [][2]string{{"X-Allowed-Methods", "GET,\r\n DELETE"}}},
		{name: "folded authorization", method: "GET", uri: api + "/channels/" + general + "/messages",
			headers: [][2]string{{"Authorization", "Bot " + st.emu.Token()[:10] + "\r\n " + st.emu.Token()[10:]}}},
		{name: "folded target users", method: "GET", uri: api + "/guilds/" + hGuild + "/members/" + hHuman,
			headers: [][2]string{{"X-Target-Users", hOwner + ",\r\n " + hHuman}}},
		{name: "tab inside target channels", method: "GET", uri: api + "/channels/" + hRandom + "/messages",
			headers: [][2]string{{"X-Target-Channels", general + "\t," + hRandom}}},
		// Permission fields in forms the bits check does not read.
		{name: "permissions as an array", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`["8"]`)},
		{name: "permissions as an object", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`{"bits":"8"}`)},
		{name: "permissions as a float", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`8.0`)},
		{name: "permissions with an exponent", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`1e3`)},
		{name: "permissions negative", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`"-1"`)},
		{name: "permissions with a plus sign", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`"+1024"`)},
		{name: "permissions beyond 2^53 as a number", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`9007199254741000`)},
		{name: "permissions as true", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: role(`true`)},
		{name: "overwrite allow as an array", method: "PUT", uri: api + "/channels/" + general + "/permissions/" + hGuild, headers: [][2]string{bits},
			body: `{"type":0,"allow":["8"]}`},
		// Duplicate keys: gjson reads the first, Discord the last.
		{name: "duplicate permissions", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: `{"name":"r","permissions":"0","permissions":"8"}`},
		{name: "duplicate permissions, escaped spelling", method: "POST", uri: rolesURI, headers: [][2]string{bits}, body: `{"name":"r","permissions":"0","perm\u0069ssions":"8"}`},
		{name: "duplicate allow", method: "PUT", uri: api + "/channels/" + general + "/permissions/" + hGuild, headers: [][2]string{bits},
			body: `{"type":0,"allow":"1024","allow":"8"}`},
		{name: "duplicate roles", method: "PATCH", uri: api + "/guilds/" + hGuild + "/members/" + hOwner,
			body: `{"nick":"n","roles":[],"roles":["` + hGuild + `"]}`},
		{name: "duplicate channel_id in a reply", method: "POST", uri: api + "/channels/" + general + "/messages",
			headers: [][2]string{{"X-Target-Channels", general}},
			body:    `{"content":"x","message_reference":{"message_id":"` + hAnyID + `","channel_id":"` + general + `","channel_id":"` + hRandom + `"}}`},
		{name: "duplicate message_reference", method: "POST", uri: api + "/channels/" + general + "/messages",
			headers: [][2]string{{"X-Target-Channels", general}},
			body:    `{"content":"x","message_reference":{"message_id":"` + hAnyID + `"},"message_reference":{"message_id":"` + hAnyID + `","channel_id":"` + hRandom + `"}}`},
		{name: "duplicate allowed_mentions", method: "POST", uri: api + "/channels/" + general + "/messages",
			body: `{"content":"@everyone","allowed_mentions":{"parse":[]},"allowed_mentions":{"parse":["everyone"]}}`},
		{name: "duplicate key deep in an embed", method: "POST", uri: api + "/channels/" + general + "/messages",
			body: `{"content":"x","embeds":[{"title":"a","title":"b"}]}`},
		{name: "duplicate recipient", method: "POST", uri: api + "/users/@me/channels", headers: [][2]string{{"X-Target-Users", hOwner}},
			body: `{"recipient_id":"` + hOwner + `","recipient_id":"` + hHuman + `"}`},
		// Ids with leading zeros are not Discord's canonical ids.
		{name: "leading zero channel id", method: "GET", uri: api + "/channels/0" + general + "/messages"},
		{name: "leading zeros on a restricted channel", method: "GET", uri: api + "/channels/00" + hRandom + "/messages", headers: [][2]string{{"X-Target-Channels", general}}},
		{name: "leading zero guild id", method: "GET", uri: api + "/guilds/0" + hGuild + "/channels"},
	})

	// The current-channel rule of send_message sees 0<id> as another id;
	// Discord would not. It is refused before Discord all the same.
	st.emu.ResetStats()
	resp, body := rawRequest(t, addr, "POST", "/v1/tools/call", [][2]string{{"X-Current-Channel", general}},
		`{"name":"send_message","arguments":{"channel_id":"0`+general+`","content":"sneaky"}}`)
	if st.emu.Stats().Total != 0 || !strings.Contains(body, "isError") && resp.StatusCode < 400 {
		t.Errorf("send_message to 0<current channel>: %d, emulator saw %v: %s", resp.StatusCode, st.emu.Stats().Routes, body)
	}
}

// Without the message_content intent no read carries message text: not
// the passthrough's answers, not the tools' results.
func TestHardeningMessageContentIntent(t *testing.T) {
	t.Parallel()
	_, addr := hardenStack(t)
	noText := [2]string{"X-Privileged-Intents", "server_members"}
	post := func(headers [][2]string, body string) map[string]any {
		t.Helper()
		resp, raw := rawRequest(t, addr, "POST", api+"/channels/"+general+"/messages", append([][2]string{{"X-Privileged-Call", "1"}}, headers...), body)
		var m map[string]any
		if resp.StatusCode != 200 || json.Unmarshal([]byte(raw), &m) != nil {
			t.Fatalf("post: %d %s", resp.StatusCode, raw)
		}
		return m
	}
	first := post(nil, `{"content":"secret plans","embeds":[{"description":"secret embed"}]}`)
	reply := post([][2]string{noText}, `{"content":"secret reply","message_reference":{"message_id":"`+first["id"].(string)+`"}}`)
	if reply["content"] != "" {
		t.Errorf("the create answer carries text without the intent: %v", reply)
	}
	for _, c := range []struct{ name, uri string }{
		{"one message", api + "/channels/" + general + "/messages/" + first["id"].(string)},
		{"the reply with its referenced message", api + "/channels/" + general + "/messages/" + reply["id"].(string)},
		{"a page of messages", api + "/channels/" + general + "/messages?limit=100"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, raw := rawRequest(t, addr, "GET", c.uri, [][2]string{{"X-Privileged-Call", "1"}, noText}, "")
			if resp.StatusCode != 200 || resp.ContentLength != int64(len(raw)) {
				t.Fatalf("%d, Content-Length %d for %d bytes: %s", resp.StatusCode, resp.ContentLength, len(raw), raw)
			}
			for _, s := range []string{"secret", "Welcome to the emulator", "Lisbon"} {
				if strings.Contains(raw, s) {
					t.Errorf("the answer holds %q: %s", s, raw)
				}
			}
			// Control: with the intent the same read has the text.
			_, full := rawRequest(t, addr, "GET", c.uri, [][2]string{{"X-Privileged-Call", "1"}}, "")
			if !strings.Contains(full, "secret") && !strings.Contains(full, "Welcome to the emulator") {
				t.Errorf("control: no text even with the intent: %s", full)
			}
		})
	}
	// The tools read through the same filter.
	_, raw := rawRequest(t, addr, "POST", "/v1/tools/call", [][2]string{noText},
		`{"name":"get_messages","arguments":{"channel_id":"`+general+`","limit":100}}`)
	if strings.Contains(raw, "secret") || strings.Contains(raw, "Lisbon") || !strings.Contains(raw, discordtest.OwnerUserID.String()) {
		t.Errorf("get_messages without the intent: %s", raw)
	}
}
