package policy

import (
	"context"
	"errors"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/tidwall/gjson"
)

// FuzzScopeHeaders: no header value panics, and whatever parses stays
// within the ceiling.
func FuzzScopeHeaders(f *testing.F) {
	for _, s := range [][2]string{
		{"X-Target-Guilds", "100,200"}, {"X-Target-Users", "0"}, {"X-Allowed-Paths", "/channels/*/**"},
		{"X-Allowed-Mentions", `{"parse":["users"],"roles":["1"]}`}, {"Authorization", "Bot a.b.c"},
		{"Authorization", "Bearer x"}, {"X-Permission-Bits", "8"}, {"X-Allowed-Methods", "get,*"},
		{"X-Privileged-Intents", "presence"}, {"X-Current-User", "5"}, {"X-Debug-Mode", "true"},
	} {
		f.Add(s[0], s[1], s[1])
	}
	ce := ceiling(f, config.Config{
		AllowedMethods: "GET,POST", TargetGuilds: "100,200", PermissionBits: "3072",
		AllowedMentions: `{"parse":["users"]}`, TargetUsers: "5,6",
	})
	names := []string{hAuthorization, hAllowedMethods, hAllowedPaths, hTargetGuilds, hTargetChannels, hTargetUsers,
		hPermissionBits, hPrivilegedIntents, hAllowedMentions, hCurrentUser, hOwnerAccess, hDebugMode}
	f.Fuzz(func(t *testing.T, name, v1, v2 string) {
		for _, n := range append(names, name) {
			s, err := ce.Scope(headers(n, v1, n, v2))
			if err != nil {
				var he *HeaderError
				if !errors.As(err, &he) || he.Header == "" {
					t.Fatalf("%s: not a HeaderError: %v", n, err)
				}
				continue
			}
			if s.AllowsMethod("DELETE") || s.AllowsGuild("300") || s.AllowsUser("7") || !s.HasPermissions(0) || s.HasPermissions(8) {
				t.Fatalf("%s: %q %q widened the ceiling", n, v1, v2)
			}
			am := gjson.ParseBytes(s.AllowedMentions)
			if !gjson.ValidBytes(s.AllowedMentions) || am.Get("parse.#(==\"everyone\")").Exists() || am.Get("replied_user").Bool() {
				t.Fatalf("%s: mentions widened: %s", n, s.AllowedMentions)
			}
		}
	})
}

// FuzzCheck: no panic on any method, path or body; and a request Check
// allows is one route already normalised (its Path parses to itself).
func FuzzCheck(f *testing.F) {
	for _, s := range [][3]string{
		{"POST", "/channels/10/messages", `{"content":"x","message_reference":{"channel_id":"20"}}`},
		{"PUT", "/channels/10/permissions/6", `{"type":1,"allow":"8"}`},
		{"PATCH", "/guilds/100/channels", `[{"id":"10","parent_id":"11"}]`},
		{"POST", "/users/@me/channels", `{"recipient_id":"5"}`},
		{"POST", "/channels/12/threads", `{"name":"t","message":{"content":"x"}}`},
		{"GET", "/api/v10/channels/%31%30", ""},
		{"GET", "/channels/10/../20", ""},
		{"DELETE", "/webhooks/1/tok", ""},
	} {
		f.Add(s[0], s[1], []byte(s[2]))
	}
	ctx := context.Background()
	scopes := []*Scope{
		ceiling(f, config.Config{}).Default(),
		ceiling(f, config.Config{TargetChannels: "10", TargetUsers: "5", PermissionBits: "1024"}).Default(),
		ceiling(f, config.Config{TargetGuilds: "100", AllowedPaths: "/channels/**,/guilds/100/**"}).Default(),
	}
	f.Fuzz(func(t *testing.T, method, path string, body []byte) {
		r, err := route.Parse(method, path)
		if err != nil {
			return
		}
		for _, s := range scopes {
			err := s.Check(ctx, &r, body, world())
			if err != nil {
				var d *Denied
				if !errors.As(err, &d) {
					t.Fatalf("not a Denied: %v", err)
				}
				continue
			}
			again, perr := route.Parse(method, r.Path)
			if perr != nil || again.Path != r.Path {
				t.Fatalf("allowed %s %q whose Path %q does not normalise to itself (%v)", method, path, r.Path, perr)
			}
			if _, err := s.Rewrite(&r, body); err != nil && r.Facts().Shape == route.ShapePlain {
				t.Fatalf("Rewrite failed on a plain route: %v", err)
			}
		}
	})
}
