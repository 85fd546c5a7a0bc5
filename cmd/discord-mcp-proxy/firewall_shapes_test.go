package main

import (
	"strings"
	"testing"
)

// The message body shapes the message tools send (forwards, polls,
// stickers) cannot carry a request past the firewall: each attempt is a
// real request through the real server, and the emulator receives nothing.
func TestFirewallMessageShapes(t *testing.T) {
	t.Parallel()
	st, addr := hardenStack(t)
	only := [2]string{"X-Target-Channels", general}
	send := api + "/channels/" + general + "/messages"
	fwd := func(ref string) string { return `{"message_reference":{"type":1,` + ref + `}}` }
	poll := `{"question":{"text":"q"},"answers":[{"poll_media":{"text":"a"}}]}`
	// Controls: in scope, the same shapes pass, so the refusals below are
	// the firewall's doing.
	for _, body := range []string{fwd(`"channel_id":"` + general + `","message_id":"` + hAnyID + `","fail_if_not_exists":false`), `{"content":"v","poll":` + poll + `}`} {
		st.emu.ResetStats()
		resp, out := rawRequest(t, addr, "POST", send, [][2]string{{"X-Privileged-Call", "1"}, only}, body)
		if resp.StatusCode != 200 || st.emu.Stats().Routes["POST /channels/{channel_id}/messages"] != 1 {
			t.Fatalf("control %s: %d %s", body, resp.StatusCode, out)
		}
	}
	expectRefused(t, st, addr, []hardenCase{
		// Forwards name their source channel: it must be in scope too.
		{name: "forward from a channel out of scope", method: "POST", uri: send, headers: [][2]string{only},
			body: fwd(`"channel_id":"` + hRandom + `","message_id":"` + hAnyID + `"`)},
		{name: "forward from a guild out of scope", method: "POST", uri: send, headers: [][2]string{{"X-Target-Guilds", hGuild}},
			body: fwd(`"channel_id":"` + general + `","guild_id":"` + hAnyID + `","message_id":"` + hAnyID + `"`)},
		{name: "forward source as a number", method: "POST", uri: send, headers: [][2]string{only},
			body: fwd(`"channel_id":` + hRandom + `,"message_id":"` + hAnyID + `"`)},
		{name: "forward with two types", method: "POST", uri: send, headers: [][2]string{only},
			body: `{"message_reference":{"type":0,"type":1,"channel_id":"` + general + `","message_id":"` + hAnyID + `"}}`},
		{name: "forward with two sources", method: "POST", uri: send, headers: [][2]string{only},
			body: fwd(`"channel_id":"` + general + `","channel_id":"` + hRandom + `","message_id":"` + hAnyID + `"`)},
		{name: "forward source with a leading zero", method: "POST", uri: send, headers: [][2]string{only},
			body: fwd(`"channel_id":"0` + hRandom + `","message_id":"` + hAnyID + `"`)},
		// Polls and stickers go where messages go, and nowhere else.
		{name: "poll to a channel out of scope", method: "POST", uri: api + "/channels/" + hRandom + "/messages", headers: [][2]string{only},
			body: `{"poll":` + poll + `}`},
		{name: "two polls", method: "POST", uri: send, body: `{"poll":` + poll + `,"poll":` + poll + `}`},
		{name: "poll with a duplicate answer list", method: "POST", uri: send,
			body: `{"poll":{"question":{"text":"q"},"answers":[],"answers":[{"poll_media":{"text":"a"}}]}}`},
		{name: "end a poll out of scope", method: "POST", uri: api + "/channels/" + hRandom + "/polls/" + hAnyID + "/expire", headers: [][2]string{only}},
		{name: "poll voters out of scope", method: "GET", uri: api + "/channels/" + hRandom + "/polls/" + hAnyID + "/answers/1", headers: [][2]string{only}},
		{name: "stickers to a channel out of scope", method: "POST", uri: api + "/channels/" + hRandom + "/messages", headers: [][2]string{only},
			body: `{"sticker_ids":["` + hAnyID + `"]}`},
		{name: "two sticker lists", method: "POST", uri: send, body: `{"sticker_ids":[],"sticker_ids":["` + hAnyID + `"]}`},
		{name: "stickers with a pinging reply elsewhere", method: "POST", uri: send, headers: [][2]string{only},
			body: `{"sticker_ids":["` + hAnyID + `"],"message_reference":{"message_id":"` + hAnyID + `","channel_id":"` + hRandom + `"}}`},
	})

	// The same through the tools: a forward from, or a poll to, a channel
	// out of scope is refused before Discord.
	for _, c := range []struct{ name, args string }{
		{"tool forward from out of scope", `{"channel_id":"` + general + `","forward":{"channel_id":"` + hRandom + `","message_id":"` + hAnyID + `"}}`},
		{"tool poll out of scope", `{"channel_id":"` + hRandom + `","poll":` + poll + `}`},
		{"tool stickers out of scope", `{"channel_id":"` + hRandom + `","sticker_ids":["` + hAnyID + `"]}`},
	} {
		st.emu.ResetStats()
		resp, body := rawRequest(t, addr, "POST", "/v1/tools/call", [][2]string{only},
			`{"name":"send_message","arguments":`+c.args+`}`)
		routes := st.emu.Stats().Routes
		if routes["POST /channels/{channel_id}/messages"] != 0 || !strings.Contains(body, "PermissionDeniedError") {
			t.Errorf("%s: %d, emulator saw %v: %s", c.name, resp.StatusCode, routes, body)
		}
	}
}
