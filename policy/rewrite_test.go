package policy

import (
	"encoding/json"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/tidwall/gjson"
)

func TestRewrite(t *testing.T) {
	s := ceiling(t, config.Config{}).Default() // {"parse":[]}
	const forced = `"allowed_mentions":{"parse":[]}`
	for _, c := range []struct {
		name, method, path, body, want string
	}{
		{"create", "POST", "/channels/1/messages",
			`{"content":"@everyone hi"}`,
			`{"content":"@everyone hi",` + forced + `}`},
		{"create replaces wider", "POST", "/channels/1/messages",
			`{"content":"<@&5>", "allowed_mentions": {"parse":["everyone","roles"]}, "tts":false}`,
			`{"content":"<@&5>","tts":false,` + forced + `}`},
		{"duplicate and escaped keys all go", "POST", "/channels/1/messages",
			`{"allowed_mentions":{},"content":"x","allowed\u005fmentions":{"parse":["everyone"]},"allowed_mentions":{"parse":["users"]}}`,
			`{"content":"x",` + forced + `}`},
		{"embed copy untouched", "POST", "/channels/1/messages",
			`{"embeds":[{"description":"d","allowed_mentions":{"parse":["everyone"]}}]}`,
			`{"embeds":[{"description":"d","allowed_mentions":{"parse":["everyone"]}}],` + forced + `}`},
		{"empty object", "POST", "/channels/1/messages", `{}`, `{` + forced + `}`},
		{"edit", "PATCH", "/channels/1/messages/2", `{"content":"x"}`, `{"content":"x",` + forced + `}`},
		{"webhook execute", "POST", "/webhooks/1/tok", `{"content":"x"}`, `{"content":"x",` + forced + `}`},
		{"webhook edit original", "PATCH", "/webhooks/1/tok/messages/@original", `{"content":"x"}`, `{"content":"x",` + forced + `}`},
		{"lobby message", "POST", "/lobbies/1/messages", `{"content":"x"}`, `{"content":"x",` + forced + `}`},
		{"forum post", "POST", "/channels/1/threads",
			`{"name":"t","message":{"content":"@everyone","allowed_mentions":{"parse":["everyone"]}},"allowed_mentions":{"parse":["everyone"]}}`,
			`{"name":"t","message":{"content":"@everyone",` + forced + `},"allowed_mentions":{"parse":["everyone"]}}`},
		{"plain thread", "POST", "/channels/1/threads", `{"name":"t","type":11}`, `{"name":"t","type":11}`},
		{"callback message", "POST", "/interactions/1/tok/callback",
			`{"type":4,"data":{"content":"x","allowed_mentions":{"parse":["users"]}}}`,
			`{"type":4,"data":{"content":"x",` + forced + `}}`},
		{"callback type smuggled", "POST", "/interactions/1/tok/callback",
			`{"type":9,"type":4,"data":{"content":"x"}}`,
			`{"type":9,"type":4,"data":{"content":"x",` + forced + `}}`},
		{"callback modal untouched", "POST", "/interactions/1/tok/callback",
			`{"type":9,"data":{"custom_id":"m"}}`, `{"type":9,"data":{"custom_id":"m"}}`},
		{"other route untouched", "PATCH", "/channels/1", `{"name": "x"}`, `{"name": "x"}`},
		{"blank body", "POST", "/channels/1/messages", ``, ``},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Rewrite(mustRoute(t, c.method, c.path), []byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			if len(got) > 0 && !json.Valid(got) {
				t.Errorf("invalid JSON %s", got)
			}
		})
	}
	for _, body := range []string{`--boundary\r\n`, `[1]`, `"x"`, `{"content":`} {
		if _, err := s.Rewrite(mustRoute(t, "POST", "/channels/1/messages"), []byte(body)); err == nil {
			t.Errorf("%q: want an error", body)
		}
	}
}

// A header narrowing the mentions shows up in what Rewrite forces, and the
// last allowed_mentions Discord would read is the forced one.
func TestRewriteUsesScopeMentions(t *testing.T) {
	ce := ceiling(t, config.Config{AllowedMentions: `{"parse":["users","roles"]}`})
	s := scope(t, ce, "X-Allowed-Mentions", `{"parse":["users","everyone"]}`)
	got, err := s.Rewrite(mustRoute(t, "POST", "/channels/1/messages"), []byte(`{"content":"@everyone","allowed_mentions":{"parse":["everyone"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var last json.RawMessage
	gjson.ParseBytes(got).ForEach(func(k, v gjson.Result) bool {
		if k.Str == "allowed_mentions" {
			last = json.RawMessage(v.Raw)
		}
		return true
	})
	if string(last) != `{"parse":["users"]}` {
		t.Errorf("forced %s", last)
	}
}
