package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"net/textproto"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

func answerScope(t *testing.T, kv ...string) *policy.Scope {
	t.Helper()
	ce, err := policy.NewCeiling(&config.Config{AllowedMentions: `{"parse":[]}`})
	if err != nil {
		t.Fatal(err)
	}
	h := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		k := textproto.CanonicalMIMEHeaderKey(kv[i])
		h[k] = append(h[k], kv[i+1])
	}
	s, err := ce.Scope(func(n string) []string { return h[textproto.CanonicalMIMEHeaderKey(n)] })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const (
	aChan   = "100000000000000010"
	aThread = "100000000000000012"
	aOther  = "100000000000000020"
	aUser   = "100000000000000005"
	aUser2  = "100000000000000006"
)

// Answers Discord sends on routes the emulator does not serve, filtered
// here directly; the firewall suite drives the served ones end to end.
func TestFilterAnswer(t *testing.T) {
	noText := []string{"X-Privileged-Intents", "server_members"}
	chans := []string{"X-Target-Channels", aChan}
	msg := func(ch, text string) string {
		return `{"id":"1","channel_id":"` + ch + `","content":"` + text + `","embeds":[{"description":"` + text + `"}],"attachments":[{"url":"` + text + `"}],"components":[],"poll":{"question":{"text":"` + text + `"}}}`
	}
	for _, c := range []struct {
		name, method, path string
		hdr                []string
		body               string
		absent, present    []string
	}{
		{"active threads by parent", "GET", "/guilds/1/threads/active", chans,
			`{"threads":[{"id":"` + aThread + `","type":11,"parent_id":"` + aChan + `"},{"id":"30","type":11,"parent_id":"` + aOther + `"}],` +
				`"members":[{"id":"` + aThread + `","user_id":"5"},{"id":"30","user_id":"6"}],"first_messages":[` + msg(aThread, "kept") + `,` + msg("30", "secret") + `]}`,
			[]string{`"30"`, "secret"}, []string{aThread, "kept"}},
		{"archived threads without the intent", "GET", "/channels/1/threads/archived/public", noText,
			`{"threads":[{"id":"` + aThread + `","type":11}],"members":[],"first_messages":[` + msg(aThread, "secret") + `],"has_more":false}`,
			[]string{"secret", `"poll"`}, []string{`"has_more":false`}},
		{"pins", "GET", "/channels/1/messages/pins", noText,
			`{"items":[{"pinned_at":"t","message":` + msg(aChan, "secret") + `}],"has_more":false}`, []string{"secret"}, []string{`"pinned_at":"t"`}},
		{"search pages", "GET", "/guilds/1/messages/search", noText,
			`{"messages":[[` + msg(aChan, "secret") + `]],"total_results":1}`, []string{"secret"}, []string{`"total_results":1`}},
		{"interaction callback resource", "POST", "/interactions/1/tok/callback", noText,
			`{"interaction":{"id":"1"},"resource":{"type":4,"message":` + msg(aChan, "secret") + `}}`, []string{"secret"}, []string{`"type":4`}},
		{"forum post first message", "POST", "/channels/1/threads", noText,
			`{"id":"` + aThread + `","message":` + msg(aThread, "secret") + `}`, []string{"secret"}, []string{aThread}},
		{"reply and forward", "GET", "/channels/1/messages/2", noText,
			`{"id":"2","content":"secret","referenced_message":` + msg(aChan, "secret") + `,"message_snapshots":[{"message":` + msg(aChan, "secret") + `}]}`,
			[]string{"secret"}, []string{`"referenced_message":{`, `"message_snapshots":[{"message":{`}},
		{"audit log webhooks", "GET", "/guilds/1/audit-logs", []string{"X-Allowed-Methods", "GET"},
			`{"webhooks":[{"id":"123456789012345678","token":"secret","url":"https://x/secret"}],"users":[]}`, []string{"secret"}, []string{"123456789012345678"}},
		{"webhook with a url but a null token", "GET", "/webhooks/123456789012345678", []string{"X-Allowed-Methods", "GET"},
			`{"id":"123456789012345678","token":null,"url":"https://x/secret"}`, []string{"secret"}, []string{"123456789012345678"}},
		{"follower webhook has nothing to hide", "GET", "/channels/1/webhooks", []string{"X-Allowed-Methods", "GET"},
			`[{"id":"123456789012345678","type":2,"source_channel":{"id":"5"}}]`, nil, []string{`"source_channel":{"id":"5"}`}},
		{"webhook by id", "GET", "/webhooks/123456789012345678", []string{"X-Allowed-Methods", "GET,PATCH"},
			`{"id":"123456789012345678","token":"secret","url":"https://x/secret","name":"n"}`, []string{"secret", `"url"`}, []string{`"name":"n"`}},
		{"poll voters", "GET", "/channels/1/polls/2/answers/3", []string{"X-Target-Users", aUser},
			`{"users":[{"id":"` + aUser + `"},{"id":"` + aUser2 + `"}]}`, []string{aUser2}, []string{aUser}},
		{"thread members", "GET", "/channels/1/thread-members", []string{"X-Target-Users", aUser},
			`[{"id":"1","user_id":"` + aUser + `"},{"id":"1","user_id":"` + aUser2 + `"}]`, []string{aUser2}, []string{aUser}},
		{"reaction users", "GET", "/channels/1/messages/2/reactions/x", []string{"X-Target-Users", aUser},
			`[{"id":"` + aUser + `"},{"id":"` + aUser2 + `"}]`, []string{aUser2}, []string{aUser}},
		{"bans", "GET", "/guilds/1/bans", []string{"X-Target-Users", aUser},
			`[{"reason":null,"user":{"id":"` + aUser + `"}},{"reason":"x","user":{"id":"` + aUser2 + `"}}]`, []string{aUser2}, []string{aUser}},
		{"guild invites", "GET", "/guilds/1/invites", chans,
			`[{"code":"a","channel":{"id":"` + aChan + `"}},{"code":"b","channel":{"id":"` + aOther + `"}},{"code":"c","channel":null}]`,
			[]string{aOther, `"code":"c"`}, []string{`"code":"a"`}},
		{"scheduled events", "GET", "/guilds/1/scheduled-events", chans,
			`[{"id":"1","channel_id":"` + aChan + `"},{"id":"2","channel_id":"` + aOther + `"},{"id":"3","channel_id":null,"entity_type":3}]`,
			[]string{aOther}, []string{`"id":"1"`, `"id":"3"`}},
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

func TestFilterAnswerLeavesUnrestrictedAlone(t *testing.T) {
	r, _ := route.Parse("GET", "/channels/1/messages")
	body := []byte(`[{"content":"hello"}]`)
	out, err := filterAnswer(context.Background(), answerScope(t), &r, body)
	if err != nil || &out[0] != &body[0] {
		t.Errorf("an answer needing nothing was rewritten: %s %v", out, err)
	}
	// A webhook run without ?wait=true answers 204 with no body.
	hook, _ := route.Parse("POST", "/webhooks/123456789012345678/tok")
	if out, err := filterAnswer(context.Background(), answerScope(t, "X-Privileged-Intents", "0"), &hook, nil); err != nil || len(out) != 0 {
		t.Errorf("an empty answer: %q %v", out, err)
	}
	out, err = filterAnswer(context.Background(), answerScope(t, "X-Privileged-Intents", "0"), &r, []byte(`<html>`))
	if !errors.Is(err, errUnfilterable) || out != nil {
		t.Errorf("a non-JSON answer that needed filtering: %q %v", out, err)
	}
}

func BenchmarkFilterMessages(b *testing.B) {
	r, _ := route.Parse("GET", "/channels/1/messages")
	ce, _ := policy.NewCeiling(&config.Config{AllowedMentions: `{"parse":[]}`, PrivilegedIntents: "server_members"})
	s := ce.Default()
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; i < 100; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"id":"1","channel_id":"2","author":{"id":"3","username":"u"},"content":"hello there, a message of ordinary length","embeds":[],"attachments":[],"components":[],"timestamp":"2025-06-01T09:00:00+00:00"}`)
	}
	sb.WriteString("]")
	body := []byte(sb.String())
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := filterAnswer(context.Background(), s, &r, body); err != nil {
			b.Fatal(err)
		}
	}
}
