package policy

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// Rules read from route facts, body forms and duplicate keys.
func TestCheckHardening(t *testing.T) {
	ctx := context.Background()
	bits := config.Config{PermissionBits: "3072"}
	users := config.Config{TargetUsers: "5"}
	chans := config.Config{TargetChannels: "10"}
	for _, c := range []struct {
		name         string
		cfg          config.Config
		method, path string
		body         string
		rule         string // "" = allowed
	}{
		{"onboarding role_ids", bits, "PUT", "/guilds/100/onboarding", `{"prompts":[{"options":[{"role_ids":["7"]}]}]}`, hPermissionBits},
		{"onboarding no roles", bits, "PUT", "/guilds/100/onboarding", `{"prompts":[{"options":[{"role_ids":[]}]}],"enabled":true}`, ""},
		{"onboarding roles null", bits, "PUT", "/guilds/100/onboarding", `{"prompts":[{"options":[{"role_ids":null}]}]}`, ""},
		{"onboarding unrestricted bits", config.Config{}, "PUT", "/guilds/100/onboarding", `{"prompts":[{"options":[{"role_ids":["7"]}]}]}`, ""},
		{"invite role_ids", bits, "POST", "/channels/10/invites", `{"role_ids":["7"]}`, hPermissionBits},
		{"invite plain", bits, "POST", "/channels/10/invites", `{"max_age":60}`, ""},
		{"member add roles", bits, "PUT", "/guilds/100/members/5", `{"access_token":"t","roles":["7"]}`, hPermissionBits},
		{"member edit nick", bits, "PATCH", "/guilds/100/members/5", `{"nick":"n"}`, ""},
		{"member edit roles escaped", bits, "PATCH", "/guilds/100/members/5", `{"rol\u0065s":["7"]}`, hPermissionBits},
		{"command permissions", bits, "PUT", "/applications/1/guilds/100/commands/2/permissions", `{"permissions":[]}`, hPermissionBits},
		{"stage notify", config.Config{}, "POST", "/stage-instances", `{"channel_id":"10","topic":"t","send_start_notification":true}`, hAllowedMentions},
		{"stage notify null", config.Config{}, "POST", "/stage-instances", `{"channel_id":"10","topic":"t","send_start_notification":null}`, ""},
		{"stage notify allowed", config.Config{AllowedMentions: `{"parse":["everyone"]}`}, "POST", "/stage-instances", `{"channel_id":"10","topic":"t","send_start_notification":true}`, ""},
		{"prune users restricted", users, "POST", "/guilds/100/prune", `{"days":7}`, hTargetUsers},
		{"prune count is a read", users, "GET", "/guilds/100/prune", ``, ""},
		{"prune users any", config.Config{}, "POST", "/guilds/100/prune", `{"days":7}`, ""},
		{"lobby with members while users restricted", users, "POST", "/lobbies", `{"members":[{"id":"6"}]}`, hTargetUsers},
		{"bulk ban named users", users, "POST", "/guilds/100/bulk-ban", `{"user_ids":["5"]}`, ""},
		{"bulk ban other user", users, "POST", "/guilds/100/bulk-ban", `{"user_ids":["5","6"]}`, hTargetUsers},
		{"audit log channels restricted", chans, "GET", "/guilds/100/audit-logs", ``, hTargetChannels},
		{"audit log users restricted", users, "GET", "/guilds/100/audit-logs", ``, hTargetUsers},
		{"widget channels restricted", chans, "GET", "/guilds/100/widget.json", ``, hTargetChannels},
		{"perms string ok", bits, "POST", "/guilds/100/roles", `{"permissions":"1024"}`, ""},
		{"perms number ok", bits, "POST", "/guilds/100/roles", `{"permissions":1024}`, ""},
		{"perms array", bits, "POST", "/guilds/100/roles", `{"permissions":["8"]}`, hPermissionBits},
		{"perms object", bits, "POST", "/guilds/100/roles", `{"permissions":{"a":"8"}}`, hPermissionBits},
		{"perms float", bits, "POST", "/guilds/100/roles", `{"permissions":1024.0}`, hPermissionBits},
		{"perms exponent", bits, "POST", "/guilds/100/roles", `{"permissions":1.024e3}`, hPermissionBits},
		{"perms negative number", bits, "POST", "/guilds/100/roles", `{"permissions":-1}`, hPermissionBits},
		{"perms plus", bits, "POST", "/guilds/100/roles", `{"permissions":"+1024"}`, hPermissionBits},
		{"perms beyond 2^53", bits, "POST", "/guilds/100/roles", `{"permissions":9007199254740993}`, hPermissionBits},
		{"perms bool", bits, "POST", "/guilds/100/roles", `{"permissions":false}`, hPermissionBits},
		{"duplicate keys refused unrestricted", config.Config{}, "PATCH", "/channels/10", `{"name":"a","name":"b"}`, "body"},
		{"duplicate escaped keys", bits, "POST", "/guilds/100/roles", `{"permissions":"0","perm\u0069ssions":"8"}`, "body"},
		{"duplicate nested", chans, "POST", "/channels/10/messages", `{"content":"x","message_reference":{"channel_id":"10","channel_id":"20"}}`, "body"},
		{"duplicate in array item", config.Config{}, "PATCH", "/guilds/100/channels", `[{"id":"10","id":"11"}]`, "body"},
		{"same key in sibling objects", config.Config{}, "POST", "/channels/10/messages", `{"content":"x","embeds":[{"title":"a"},{"title":"b"}]}`, ""},
		{"non-JSON body unrestricted plain route", config.Config{}, "PATCH", "/channels/10", `name=x`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := ceiling(t, c.cfg).Default()
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			err := s.Check(ctx, mustRoute(t, c.method, c.path), body, world())
			if c.rule == "" {
				if err != nil {
					t.Fatalf("want allowed, got %v", err)
				}
				return
			}
			var d *Denied
			if !errors.As(err, &d) || d.Rule != c.rule {
				t.Fatalf("want denied by %s, got %v", c.rule, err)
			}
		})
	}
}

func TestCheckRawHeaders(t *testing.T) {
	for _, c := range []struct {
		raw string
		bad bool
	}{
		{"Host: x\r\nX-Target-Channels: 1,2\r\n\r\n", false},
		{"Host: x\r\nX-Target-Channels: 1,\r\n 2\r\n\r\n", true},
		{"Host: x\r\nx-target-channels: 1,\r\n\t2\r\n\r\n", true},
		{"Host: x\r\nAuthorization: Bot a\r\n b\r\n\r\n", true},
		{"Host: x\r\nX-Anything: a\r\n b\r\n\r\n", true},
		{"Host: x\r\nUser-Agent: a\r\n b\r\n\r\n", false}, // not read by policy
		{"X-Target-Users: 1\nX-Target-Guilds: 2\n\n", false},
		{"", false},
	} {
		err := CheckRawHeaders([]byte(c.raw))
		var he *HeaderError
		if c.bad != (err != nil) || err != nil && !errors.As(err, &he) {
			t.Errorf("%q: %v", c.raw, err)
		}
	}
}

func TestScopeRefusesControlCharacters(t *testing.T) {
	ce := ceiling(t, config.Config{})
	for _, kv := range [][]string{
		{"X-Target-Channels", "10\t,20"},
		{"X-Target-Channels", "10,\r\n 20"},
		{"X-Allowed-Methods", "GET\x00"},
		{"Authorization", "Bot abc\x7fdef"},
		{"X-Current-Channel", "10\n"},
	} {
		_, err := ce.Scope(headers(kv...))
		var he *HeaderError
		if !errors.As(err, &he) || he.Header != kv[0] {
			t.Errorf("%q: %v", kv, err)
		}
		if err != nil && strings.Contains(err.Error(), kv[1]) {
			t.Errorf("the error echoes the value: %v", err)
		}
	}
}

func TestMayExecuteWebhook(t *testing.T) {
	ctx := context.Background()
	// open is Discord's own default for a body without allowed_mentions:
	// only then does the token let the caller do no more than the proxy.
	const open = `{"parse":["everyone","roles","users"],"replied_user":true}`
	for _, c := range []struct {
		cfg  config.Config
		hdr  []string
		want bool
	}{
		{config.Config{AllowedMentions: open}, nil, true},
		{config.Config{}, nil, false}, // forced {"parse":[]}
		{config.Config{AllowedMentions: `{"parse":["everyone","roles","users"]}`}, nil, false},
		{config.Config{AllowedMentions: open}, []string{"X-Allowed-Mentions", `{"parse":[]}`}, false},
		{config.Config{AllowedMentions: open}, []string{"X-Target-Users", "5"}, false},
		{config.Config{AllowedMentions: open, TargetUsers: "5"}, nil, false},
		{config.Config{AllowedMentions: open}, []string{"X-Allowed-Methods", "GET"}, false},
		{config.Config{AllowedMentions: open, TargetChannels: "10"}, nil, false},
		{config.Config{AllowedMentions: open, TargetGuilds: "100"}, nil, false},
		{config.Config{AllowedMentions: open, AllowedPaths: "/channels/**"}, nil, false},
		{config.Config{AllowedMentions: open, AllowedPaths: "/webhooks/**"}, nil, true},
	} {
		s := scope(t, ceiling(t, c.cfg), c.hdr...)
		if got := s.MayExecuteWebhook(ctx, "123456789012345678", "tok-en_1"); got != c.want {
			t.Errorf("mentions %s, users %q, %q: %v, want %v", c.cfg.AllowedMentions, c.cfg.TargetUsers, c.hdr, got, c.want)
		}
	}
	s := ceiling(t, config.Config{AllowedMentions: open}).Default()
	if s.MayExecuteWebhook(ctx, "0123", "tok") || s.MayExecuteWebhook(ctx, "123456789012345678", "") ||
		s.MayExecuteWebhook(ctx, "123456789012345678", "a/b") {
		t.Error("a malformed webhook id or token passed")
	}
}
