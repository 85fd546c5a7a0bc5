package policy

import (
	"context"
	"errors"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Security review findings 2, 5 and 6, and the role and join-request
// routes: refusals decided by the route facts and the scope alone.
func TestReviewRefusals(t *testing.T) {
	ce := ceiling(t, config.Config{})
	const g = "/guilds/100000000000000000"
	for _, c := range []struct {
		method, path string
		hdr          []string
		rule         string // "" = allowed
	}{
		{"GET", g + "/members", []string{"X-Privileged-Intents", "message_content"}, hPrivilegedIntents},
		{"GET", g + "/members/search", []string{"X-Privileged-Intents", "0"}, hPrivilegedIntents},
		{"GET", g + "/members", []string{"X-Privileged-Intents", "server_members"}, ""},
		{"GET", g + "/members/200000000000000000", []string{"X-Privileged-Intents", "0"}, ""}, // one named member
		{"GET", g + "/widget.json", []string{"X-Privileged-Intents", "server_members"}, hPrivilegedIntents},
		{"GET", g + "/widget.json", []string{"X-Privileged-Intents", "presence"}, ""},
		{"PATCH", g + "/roles/300000000000000000", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"DELETE", g + "/roles/300000000000000000", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"PATCH", g + "/roles", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"DELETE", g + "/roles/300000000000000000", nil, ""},
		{"PATCH", g + "/requests/300000000000000000", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"GET", g + "/templates", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"GET", g + "/templates", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"GET", "/guilds/templates/abc", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"GET", g + "/onboarding", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"GET", g + "/new-member-welcome", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"GET", g + "/auto-moderation/rules", []string{"X-Target-Users", "5"}, hTargetUsers},
		{"GET", g + "/widget", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"GET", g + "/voice-states/5", []string{"X-Target-Channels", "10", "X-Target-Users", "5"}, hTargetChannels},
		{"PATCH", g + "/scheduled-events/300000000000000000", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"DELETE", g + "/scheduled-events/300000000000000000", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"DELETE", g + "/auto-moderation/rules/300000000000000000", []string{"X-Target-Channels", "10"}, hTargetChannels},
		{"DELETE", g + "/scheduled-events/300000000000000000", nil, ""},
		{"GET", g + "/templates", nil, ""},
	} {
		r, err := route.Parse(c.method, c.path)
		if err != nil {
			t.Fatal(err)
		}
		s := scope(t, ce, c.hdr...)
		err = s.Check(context.Background(), &r, nil, world())
		var d *Denied
		switch {
		case c.rule == "" && err != nil:
			t.Errorf("%s %s %q: %v, want allowed", c.method, c.path, c.hdr, err)
		case c.rule != "" && (!errors.As(err, &d) || d.Rule != c.rule):
			t.Errorf("%s %s %q: %v, want refused by %s", c.method, c.path, c.hdr, err, c.rule)
		}
	}
}

// Finding 5: with users restricted, @everyone and role pings go from the
// forced allowed_mentions, whatever the operator allowed; so does
// send_start_notification.
func TestMentionsWithinUsersDropsEveryoneAndRoles(t *testing.T) {
	ce := ceiling(t, config.Config{AllowedMentions: `{"parse":["everyone","roles","users"]}`})
	if got := string(scope(t, ce).AllowedMentions); got != `{"parse":["roles","users","everyone"]}` {
		t.Errorf("unrestricted: %s", got)
	}
	s := scope(t, ce, "X-Target-Users", "5")
	if got := string(s.AllowedMentions); got != `{"parse":[],"users":["5"]}` {
		t.Errorf("users restricted: %s", got)
	}
	r, err := route.Parse("POST", "/stage-instances")
	if err != nil {
		t.Fatal(err)
	}
	var d *Denied
	err = s.Check(context.Background(), &r, []byte(`{"channel_id":"10","topic":"x","send_start_notification":true}`), world())
	if !errors.As(err, &d) || d.Rule != hAllowedMentions {
		t.Errorf("start notification with users restricted: %v", err)
	}
	ce = ceiling(t, config.Config{AllowedMentions: `{"parse":["everyone"],"roles":["7"]}`, TargetUsers: "5"})
	if got := string(ce.Default().AllowedMentions); got != `{"parse":[]}` {
		t.Errorf("ceiling with users restricted: %s", got)
	}
}
