package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Review finding 2: answers that name users in passing (creators,
// inviters) or list channels (welcome screens, events) are filtered to the
// caller's targets; a single event out of scope is withheld whole.
func TestFilterAnswerUsersAndChannels(t *testing.T) {
	users := []string{"X-Target-Users", aUser}
	chans := []string{"X-Target-Channels", aChan}
	u := func(id string) string { return `{"id":"` + id + `","username":"n` + id + `"}` }
	for _, c := range []struct {
		name, method, path string
		hdr                []string
		body               string
		absent, present    []string
	}{
		{"guild emojis", "GET", "/guilds/1/emojis", users,
			`[{"id":"7","name":"a","user":` + u(aUser) + `},{"id":"8","name":"b","user":` + u(aUser2) + `}]`,
			[]string{aUser2}, []string{`"name":"b"`, `"user":` + u(aUser)}},
		{"guild with emojis and stickers", "GET", "/guilds/1", users,
			`{"id":"1","owner_id":"9","emojis":[{"id":"7","user":` + u(aUser2) + `}],"stickers":[{"id":"8","user":` + u(aUser2) + `}]}`,
			[]string{aUser2}, []string{`"emojis":[{"id":"7"}]`, `"stickers":[{"id":"8"}]`}},
		{"sticker", "PATCH", "/guilds/1/stickers/8", users, `{"id":"8","user":` + u(aUser2) + `}`, []string{aUser2}, []string{`"id":"8"`}},
		{"soundboard", "GET", "/guilds/1/soundboard-sounds", users, `{"items":[{"sound_id":"3","user":` + u(aUser2) + `}]}`, []string{aUser2}, []string{`"sound_id":"3"`}},
		{"integrations", "GET", "/guilds/1/integrations", users, `[{"id":"4","user":` + u(aUser2) + `,"account":{"id":"x"}}]`, []string{aUser2}, []string{`"account"`}},
		{"channel invites", "GET", "/channels/1/invites", users,
			`[{"code":"a","channel":{"id":"` + aChan + `"},"inviter":` + u(aUser2) + `,"target_user":` + u(aUser2) + `}]`,
			[]string{aUser2, "inviter", "target_user"}, []string{`"code":"a"`}},
		{"invite by code", "GET", "/invites/abc", users, `{"code":"abc","inviter":` + u(aUser) + `,"target_user":` + u(aUser2) + `}`,
			[]string{aUser2}, []string{`"inviter":` + u(aUser)}},
		{"events list creators", "GET", "/guilds/1/scheduled-events", users,
			`[{"id":"1","channel_id":null,"creator_id":"` + aUser2 + `","creator":` + u(aUser2) + `}]`, []string{aUser2}, []string{`"id":"1"`}},
		{"one event in scope", "GET", "/guilds/1/scheduled-events/1", chans, `{"id":"1","channel_id":"` + aChan + `"}`, nil, []string{aChan}},
		{"one external event", "GET", "/guilds/1/scheduled-events/1", chans, `{"id":"1","channel_id":null}`, nil, []string{`"id":"1"`}},
		{"welcome screen", "GET", "/guilds/1/welcome-screen", chans,
			`{"description":"d","welcome_channels":[{"channel_id":"` + aChan + `","description":"ok"},{"channel_id":"` + aOther + `","description":"hidden"}]}`,
			[]string{aOther, "hidden"}, []string{`"description":"ok"`, `"description":"d"`}},
		{"webhook creator", "GET", "/channels/1/webhooks", users,
			`[{"id":"123456789012345678","channel_id":"` + aChan + `","user":` + u(aUser2) + `,"token":"secret"}]`, []string{aUser2, "secret"}, []string{`"channel_id"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := route.Parse(c.method, c.path)
			if err != nil || !r.Known {
				t.Fatalf("route %s %s: %v", c.method, c.path, err)
			}
			out, err := filterAnswer(context.Background(), answerScope(t, c.hdr...), &r, []byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(out) {
				t.Fatalf("not JSON: %s", out)
			}
			for _, s := range c.absent {
				if strings.Contains(string(out), s) {
					t.Errorf("holds %q: %s", s, out)
				}
			}
			for _, s := range c.present {
				if !strings.Contains(string(out), s) {
					t.Errorf("lost %q: %s", s, out)
				}
			}
		})
	}
}

func TestFilterAnswerWithholdsEventOutOfScope(t *testing.T) {
	r, _ := route.Parse("GET", "/guilds/1/scheduled-events/1")
	out, err := filterAnswer(context.Background(), answerScope(t, "X-Target-Channels", aChan), &r, []byte(`{"id":"1","channel_id":"`+aOther+`"}`))
	var d *policy.Denied
	if !errors.As(err, &d) || out != nil {
		t.Errorf("an event in another channel: %s %v", out, err)
	}
}

// A hostile upstream cannot make the walk recurse without bound.
func TestUserFieldsDepth(t *testing.T) {
	r, _ := route.Parse("GET", "/guilds/1/emojis")
	deep := strings.Repeat(`{"a":`, 200) + `{"user":{"id":"` + aUser2 + `"}}` + strings.Repeat(`}`, 200)
	out, err := filterAnswer(context.Background(), answerScope(t, "X-Target-Users", aUser), &r, []byte(deep))
	if err != nil || !json.Valid(out) || strings.Contains(string(out), aUser2) {
		t.Errorf("deep answer: %v %.80s", err, out)
	}
}
