package discordtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// FuzzHandler drives the handler with arbitrary methods, paths and bodies:
// fasthttp does not recover panics, so any panic would kill the server.
func FuzzHandler(f *testing.F) {
	g, ch, m := GuildID.String(), GeneralID.String(), seededID(5)
	for _, s := range []struct{ method, path, body string }{
		{"GET", "/api/v10/users/@me", ""},
		{"GET", "/api/v10/channels/" + ch + "/messages?limit=100&around=" + m, ""},
		{"GET", "/api/v10/channels/" + ch + "/messages?after=18446744073709551615", ""},
		{"POST", "/api/v10/channels/" + ch + "/messages", `{"content":"<@1> <@&2> @here","embeds":[{"fields":[1,{}]}],"allowed_mentions":{"parse":["x"],"users":[1]},"message_reference":{"message_id":"` + m + `","fail_if_not_exists":false}}`},
		{"PATCH", "/api/v10/channels/" + ch + "/messages/" + m, `{"content":null,"embeds":null}`},
		{"POST", "/api/v10/channels/" + ch + "/messages/bulk-delete", `{"messages":[1,"2",null,{}]}`},
		{"PUT", "/api/v10/channels/" + ch + "/messages/" + m + "/reactions/%F0%9F%91%8D/@me", ""},
		{"PATCH", "/api/v10/channels/" + ch, `{"name":5,"topic":[],"position":1e99,"nsfw":"yes"}`},
		{"DELETE", "/api/v9/channels/" + CategoryID.String(), ""},
		{"GET", "/api/v10/guilds/" + g + "/members?limit=1000&after=0", ""},
		{"GET", "/api/v10/channels/" + ch + "/" + m, ""},
		{"GET", "/api/v10//channels//messages", ""},
		{"GET", "/api/v10/channels/abc/messages/x%ZZ", ""},
		{"DELETE", "/api/v10/channels/" + ch + "/messages/" + m + "/reactions/abc/not-a-user", ""},
		{"POST", "/_emulator/reset", ""},
	} {
		f.Add(s.method, s.path, s.body)
	}
	e, err := New(Options{Limits: noLimits()})
	if err != nil {
		f.Fatal(err)
	}
	h := e.Handler()
	f.Fuzz(func(t *testing.T, method, path, body string) {
		var ctx fasthttp.RequestCtx
		ctx.Request.Header.SetMethod(method)
		ctx.Request.SetRequestURI(path)
		ctx.Request.Header.Set("Authorization", "Bot "+e.Token())
		ctx.Request.Header.SetContentType("application/json")
		ctx.Request.SetBodyString(body)
		h(&ctx)
		if ctx.Response.StatusCode() == 0 {
			t.Fatal("no status")
		}
	})
}

func TestLoadSeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	const seed = `{
	  "token": "seed-token",
	  "user": {"id": "1085125165056131072", "username": "seedbot", "bot": true},
	  "guilds": [{
	    "id": "1085502652416131072", "name": "Seeded", "owner_id": "584712821145731072",
	    "roles": [{"id": "1085502652416131072", "name": "@everyone", "permissions": "68608"}],
	    "channels": [{"id": "1085503155732611072", "type": 0, "name": "lobby"}],
	    "members": [{"user": {"id": "1085125165056131072", "username": "seedbot", "bot": true}, "roles": []}]
	  }],
	  "messages": {"1085503155732611072": [
	    {"id": "1378659336192131072", "author": {"id": "584712821145731072", "username": "ada"}, "content": "seeded hello"}
	  ]}
	}`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSeed(path)
	if err != nil {
		t.Fatal(err)
	}
	e, base := start(t, Options{Seed: s})
	if e.Token() != "seed-token" {
		t.Fatalf("token %q", e.Token())
	}
	r := do(t, e, "GET", base+"/channels/1085503155732611072/messages", "")
	if r.status != 200 || !strings.Contains(r.body, `"content":"seeded hello"`) || !strings.Contains(r.body, `"discriminator":"0"`) ||
		!strings.Contains(r.body, `"timestamp":"2025-06-01T09:00:00.000000+00:00"`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if _, err := LoadSeed(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing seed file accepted")
	}
	if _, err := New(Options{Seed: &Seed{}}); err == nil {
		t.Error("empty seed accepted")
	}
}
