package policy

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

func TestCheck(t *testing.T) {
	ctx := context.Background()
	type tc struct {
		name   string
		cfg    config.Config
		hdr    []string
		method string
		path   string
		body   string
		rule   string // "" = allowed
	}
	chans := config.Config{TargetChannels: "10"}
	guilds := config.Config{TargetGuilds: "100"}
	users := config.Config{TargetUsers: "5"}
	for _, c := range []tc{
		// method and path
		{"method allowed", config.Config{AllowedMethods: "GET"}, nil, "GET", "/channels/1/messages", "", ""},
		{"method refused", config.Config{AllowedMethods: "GET"}, nil, "POST", "/channels/1/messages", `{}`, hAllowedMethods},
		{"header narrows method", config.Config{}, []string{"X-Allowed-Methods", "GET"}, "DELETE", "/channels/1", "", hAllowedMethods},
		{"unknown route", config.Config{}, nil, "GET", "/channels/1/nonsense", "", "route"},
		{"case is an unknown route", config.Config{}, nil, "GET", "/Channels/1", "", "route"},
		{"path pattern ok", config.Config{AllowedPaths: "/channels/*/messages"}, nil, "GET", "/channels/1/messages", "", ""},
		{"path pattern refused", config.Config{AllowedPaths: "/channels/*/messages"}, nil, "GET", "/channels/1", "", hAllowedPaths},
		{"ceiling and header both apply", config.Config{AllowedPaths: "/channels/**"}, []string{"X-Allowed-Paths", "/guilds/**"}, "GET", "/channels/1", "", hAllowedPaths},
		{"api prefix stripped by route", config.Config{AllowedPaths: "/channels/*"}, nil, "GET", "/api/v10/channels/1", "", ""},

		// channels from the path, threads by parent
		{"listed channel", chans, nil, "GET", "/channels/10/messages", "", ""},
		{"unlisted channel", chans, nil, "GET", "/channels/20/messages", "", hTargetChannels},
		{"thread by parent", chans, nil, "POST", "/channels/12/messages", `{"content":"x"}`, ""},
		{"category does not pass its children", config.Config{TargetChannels: "11"}, nil, "GET", "/channels/13", "", hTargetChannels},
		{"unresolvable channel", chans, nil, "GET", "/channels/99", "", "channel"},
		{"header narrows channels", config.Config{}, []string{"X-Target-Channels", "20"}, "GET", "/channels/10", "", hTargetChannels},
		{"stage instance channel", chans, nil, "GET", "/stage-instances/20", "", hTargetChannels},

		// guilds
		{"guild from path", guilds, nil, "GET", "/guilds/100/roles", "", ""},
		{"guild refused", guilds, nil, "GET", "/guilds/200/roles", "", hTargetGuilds},
		{"channel in guild", guilds, nil, "GET", "/channels/12", "", ""},
		{"channel in other guild", guilds, nil, "GET", "/channels/20", "", hTargetGuilds},
		{"DM is in no guild", guilds, nil, "GET", "/channels/30", "", hTargetGuilds},
		{"command guild", guilds, nil, "GET", "/applications/1/guilds/200/commands", "", hTargetGuilds},

		// users
		{"member listed", users, nil, "GET", "/guilds/1/members/5", "", ""},
		{"member refused", users, nil, "PUT", "/guilds/1/bans/6", `{}`, hTargetUsers},
		{"@me is the bot", config.Config{TargetUsers: "0"}, nil, "PATCH", "/guilds/1/members/@me", `{"nick":"x"}`, ""},
		{"reaction of another user", users, nil, "DELETE", "/channels/10/messages/2/reactions/x/6", "", hTargetUsers},
		{"DM channel with users restricted", users, nil, "POST", "/channels/30/messages", `{"content":"x"}`, hTargetUsers},
		{"DM channel listed", config.Config{TargetUsers: "5", TargetChannels: "30"}, nil, "POST", "/channels/30/messages", `{"content":"x"}`, ""},
		{"DM channel with users none", config.Config{TargetUsers: "0", TargetChannels: "30"}, nil, "POST", "/channels/30/messages", `{"content":"x"}`, hTargetUsers},
		{"DM create allowed", users, nil, "POST", "/users/@me/channels", `{"recipient_id":"5"}`, ""},
		{"DM create refused", users, nil, "POST", "/users/@me/channels", `{"recipient_id":"6"}`, hTargetUsers},
		{"DM create duplicate key", users, nil, "POST", "/users/@me/channels", `{"recipient_id":"5","recipient_id":"6"}`, "body"},
		{"DM create no users", config.Config{TargetUsers: "0"}, nil, "POST", "/users/@me/channels", `{"recipient_id":"5"}`, hTargetUsers},
		{"group DM refused", users, nil, "POST", "/users/@me/channels", `{"recipient_id":"5","access_tokens":["t"]}`, hTargetUsers},
		{"DM create empty body", users, nil, "POST", "/users/@me/channels", ``, hTargetUsers},
		{"bulk ban", users, nil, "POST", "/guilds/1/bulk-ban", `{"user_ids":["5","6"]}`, hTargetUsers},
		{"voice move", chans, nil, "PATCH", "/guilds/1/members/5", `{"channel_id":"20"}`, hTargetChannels},

		// bodies
		{"reply elsewhere", chans, nil, "POST", "/channels/10/messages", `{"content":"x","message_reference":{"message_id":"1","channel_id":"20"}}`, hTargetChannels},
		{"reply guild elsewhere", guilds, nil, "POST", "/channels/10/messages", `{"message_reference":{"message_id":"1","channel_id":"10","guild_id":"200"}}`, hTargetGuilds},
		{"reply here", chans, nil, "POST", "/channels/10/messages", `{"message_reference":{"message_id":"1","channel_id":"10"}}`, ""},
		{"numeric id", chans, nil, "POST", "/channels/10/messages", `{"message_reference":{"channel_id":20}}`, hTargetChannels},
		{"odd id shape", chans, nil, "POST", "/channels/10/messages", `{"message_reference":{"channel_id":{"x":1}}}`, hTargetChannels},
		{"move to category", chans, nil, "PATCH", "/channels/10", `{"parent_id":"11"}`, hTargetChannels},
		{"leave category", chans, nil, "PATCH", "/channels/10", `{"parent_id":null}`, ""},
		{"guild setting channel", guilds, nil, "PATCH", "/guilds/100", `{"system_channel_id":"20"}`, hTargetGuilds},
		{"follow into other channel", chans, nil, "POST", "/channels/10/followers", `{"webhook_channel_id":"20"}`, hTargetChannels},
		{"positions", guilds, nil, "PATCH", "/guilds/100/channels", `[{"id":"10","position":1},{"id":"20","position":2}]`, hTargetGuilds},
		{"multipart refused when restricted", chans, nil, "PATCH", "/channels/10", "--x\r\nContent-Disposition: form-data", "body"},
		{"multipart message always refused", config.Config{}, nil, "POST", "/channels/10/messages", "--x\r\n", "body"},
		{"deep body", chans, nil, "PATCH", "/channels/10", strings.Repeat("[", 100) + strings.Repeat("]", 100), "body"},

		// overwrites and permission bits
		{"member overwrite", users, nil, "PUT", "/channels/10/permissions/6", `{"type":1,"allow":"0"}`, hTargetUsers},
		{"role overwrite", users, nil, "PUT", "/channels/10/permissions/6", `{"type":0,"allow":"0"}`, ""},
		{"type smuggled", users, nil, "PUT", "/channels/10/permissions/6", `{"type":0,"type":1}`, "body"},
		{"overwrite delete", users, nil, "DELETE", "/channels/10/permissions/6", ``, hTargetUsers},
		{"allow within bits", config.Config{PermissionBits: "3072"}, nil, "PUT", "/channels/10/permissions/6", `{"type":0,"allow":"1024","deny":"8"}`, ""},
		{"allow beyond bits", config.Config{PermissionBits: "3072"}, nil, "PUT", "/channels/10/permissions/6", `{"type":0,"allow":"8"}`, hPermissionBits},
		{"header narrows bits", config.Config{}, []string{"X-Permission-Bits", "1024"}, "PUT", "/channels/10/permissions/6", `{"type":0,"allow":2048}`, hPermissionBits},
		{"role create beyond", config.Config{PermissionBits: "3072"}, nil, "POST", "/guilds/1/roles", `{"name":"r","permissions":"8"}`, hPermissionBits},
		{"role edit within", config.Config{PermissionBits: "3072"}, nil, "PATCH", "/guilds/1/roles/2", `{"permissions":"2048"}`, ""},
		{"role perms not a number", config.Config{PermissionBits: "3072"}, nil, "PATCH", "/guilds/1/roles/2", `{"permissions":"8e0"}`, hPermissionBits},
		{"channel create overwrites", config.Config{PermissionBits: "1024", TargetUsers: "5"}, nil, "POST", "/guilds/1/channels",
			`{"name":"c","permission_overwrites":[{"id":"5","type":1,"allow":"1024"},{"id":"7","type":0,"allow":"8"}]}`, hPermissionBits},
		{"channel create member overwrite", config.Config{TargetUsers: "5"}, nil, "POST", "/guilds/1/channels",
			`{"name":"c","permission_overwrites":[{"id":"6","type":1}]}`, hTargetUsers},

		// webhooks and tokens
		{"webhook when unrestricted", config.Config{}, nil, "POST", "/webhooks/1/tok", `{"content":"x"}`, ""},
		{"webhook when channels restricted", chans, nil, "POST", "/webhooks/1/tok", `{"content":"x"}`, hTargetChannels},
		{"webhook by id when guilds restricted", guilds, nil, "GET", "/webhooks/1", "", hTargetGuilds},
		{"interaction when restricted", chans, nil, "POST", "/interactions/1/tok/callback", `{"type":4}`, hTargetChannels},
		{"invite delete when restricted", guilds, nil, "DELETE", "/invites/abc", "", hTargetGuilds},
		{"slack webhook", config.Config{}, nil, "POST", "/webhooks/1/tok/slack", `{"text":"<!everyone>"}`, hAllowedMentions},
	} {
		t.Run(c.name, func(t *testing.T) {
			ce := ceiling(t, c.cfg)
			s := scope(t, ce, c.hdr...)
			r := mustRoute(t, c.method, c.path)
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			err := s.Check(ctx, r, body, world())
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
			if strings.Contains(d.Error(), "/tok") {
				t.Errorf("message shows the path: %s", d)
			}
		})
	}
}

// Unconstrained scopes must never ask the resolver; a listed channel
// needs no look-up either.
func TestCheckResolvesOnlyWhenNeeded(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		cfg   config.Config
		path  string
		calls int
	}{
		{config.Config{}, "/channels/10/messages", 0},
		{config.Config{TargetChannels: "10"}, "/channels/10/messages", 0},
		{config.Config{TargetChannels: "10", TargetUsers: "5"}, "/channels/10/messages", 0},
		{config.Config{TargetChannels: "10"}, "/channels/12/messages", 1},
		{config.Config{TargetGuilds: "100"}, "/channels/10/messages", 1},
		{config.Config{TargetUsers: "5"}, "/channels/10/messages", 1},
	} {
		res := world()
		s := ceiling(t, c.cfg).Default()
		if err := s.Check(ctx, mustRoute(t, "POST", c.path), []byte(`{"content":"hi"}`), res); err != nil {
			t.Errorf("%+v %s: %v", c.cfg, c.path, err)
		}
		if res.calls != c.calls {
			t.Errorf("%+v %s: %d look-ups, want %d", c.cfg, c.path, res.calls, c.calls)
		}
	}
	// No resolver at all: fine when none is needed, refused when it is.
	s := ceiling(t, config.Config{TargetGuilds: "100"}).Default()
	if err := s.Check(ctx, mustRoute(t, "GET", "/guilds/100"), nil, nil); err != nil {
		t.Error(err)
	}
	if err := s.Check(ctx, mustRoute(t, "GET", "/channels/10"), nil, nil); err == nil {
		t.Error("want refused without a resolver")
	}
}

func TestDeniedUnwrapsResolverError(t *testing.T) {
	s := ceiling(t, config.Config{TargetGuilds: "100"}).Default()
	err := s.Check(context.Background(), mustRoute(t, "GET", "/channels/99"), nil, world())
	if !errors.Is(err, errUnknownChannel) {
		t.Errorf("got %v", err)
	}
}
