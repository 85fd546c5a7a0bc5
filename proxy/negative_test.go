package proxy_test

import (
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestNegativeMemory: Discord's 403 and 404 to reads are asked once and
// then answered from memory, for any caller without a scope; a write that
// may change access asks again.
func TestNegativeMemory(t *testing.T) {
	f := newFixture(t, nil, nil)
	ctx := f.ctx(t, nil)
	private := discordtest.PrivateID.String()
	get := func(path string, want int, code int64) *proxy.Response {
		t.Helper()
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: path, Query: "limit=1"})
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if resp.Status != want || gjson.GetBytes(resp.Body, "code").Int() != code {
			t.Fatalf("GET %s: %d %s, want %d code %d", path, resp.Status, resp.Body, want, code)
		}
		return resp
	}
	routes := func() map[string]int64 { return f.emu.Stats().Routes }

	for i := 0; i < 20; i++ {
		resp := get("/channels/"+private+"/messages", 403, 50001)
		if resp.Remembered != (i > 0) {
			t.Errorf("read %d: Remembered %v", i, resp.Remembered)
		}
	}
	// Missing Access is about the whole channel: its other reads too.
	get("/channels/"+private, 403, 50001)
	if r := routes(); r["GET /channels/{channel_id}/messages"] != 1 || r["GET /channels/{channel_id}"] != 0 {
		t.Errorf("Discord saw %v for 21 reads of a channel the bot cannot see, want one", r)
	}
	if inv := f.emu.Stats().Invalid; inv != 1 {
		t.Errorf("%d invalid requests spent, want 1", inv)
	}

	// A message that does not exist: that path only.
	missing := "/channels/" + general + "/messages/1085503155732611999"
	for i := 0; i < 5; i++ {
		get(missing, 404, 10008)
	}
	get("/channels/"+general+"/messages", 200, 0)
	if n := routes()["GET /channels/{channel_id}/messages/{message_id}"]; n != 1 {
		t.Errorf("5 reads of a missing message reached Discord %d times, want 1", n)
	}

	// An edit of the channel may change what the bot sees: ask again.
	resp, err := f.px.Do(ctx, &proxy.Request{Method: "PATCH", Path: "/channels/" + general, Body: []byte(`{"topic":"changed"}`)})
	if err != nil || !resp.OK() {
		t.Fatalf("PATCH channel: %v %v", err, resp)
	}
	get(missing, 404, 10008)
	if n := routes()["GET /channels/{channel_id}/messages/{message_id}"]; n != 2 {
		t.Errorf("after a channel edit the missing message was asked %d times in all, want 2", n)
	}
}
