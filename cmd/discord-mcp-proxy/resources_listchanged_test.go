package main

import (
	"context"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestPassthroughWriteNotifiesScopedSessions: a channel deleted through
// the raw passthrough (not a tool, not an MCP session) reaches the
// sessions that can see its guild as notifications/resources/updated and
// notifications/resources/list_changed; a session scoped to the other
// guild hears nothing.
func TestPassthroughWriteNotifiesScopedSessions(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	random := discordtest.RandomID.String()
	type heard struct{ kind, uri string }
	listen := func(guild string) (*sdk.ClientSession, chan heard) {
		ch := make(chan heard, 16)
		cs := connectScoped(t, st.base+"/mcp", "2025-11-25", &sdk.ClientOptions{
			ResourceUpdatedHandler: func(_ context.Context, r *sdk.ResourceUpdatedNotificationRequest) {
				ch <- heard{"updated", r.Params.URI}
			},
			ResourceListChangedHandler: func(context.Context, *sdk.ResourceListChangedRequest) { ch <- heard{"list", ""} },
		}, map[string]string{"X-Target-Guilds": guild})
		return cs, ch
	}
	mine, heardMine := listen(guild1)
	_, heardOther := listen(guild2)
	uri := "discord://channels/" + random
	if err := mine.Subscribe(tctx(t), &sdk.SubscribeParams{URI: uri}); err != nil {
		t.Fatal(err)
	}
	resp, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "DELETE", "/api/v10/channels/"+random,
		[][2]string{{"X-Privileged-Call", "1"}}, "")
	if resp.StatusCode != 200 {
		t.Fatalf("passthrough DELETE: %d %s", resp.StatusCode, body)
	}
	got := map[heard]bool{}
	deadline := time.After(10 * time.Second)
	for !got[heard{"updated", uri}] || !got[heard{"list", ""}] {
		select {
		case h := <-heardMine:
			got[h] = true
		case <-deadline:
			t.Fatalf("heard %v, want the channel's update and a list change", got)
		}
	}
	select {
	case h := <-heardOther:
		t.Fatalf("the session scoped to the other guild heard %v", h)
	case <-time.After(300 * time.Millisecond):
	}
}
