package route

import (
	"regexp"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z0-9_]+\}`)

// examplePath fills a template's placeholders with values that parse.
func examplePath(template string) string {
	return placeholder.ReplaceAllStringFunc(template, func(p string) string {
		switch p {
		case "{code}", "{webhook_token}", "{interaction_token}":
			return "abc"
		}
		return "123456789012345678"
	})
}

// Every route the no-auth table names is a published route for its
// method, so a typo cannot leave a public route proving tokens.
func TestNoAuthRoutesArePublished(t *testing.T) {
	for k := range noAuthRoutes {
		r, err := Parse(k.method, examplePath(k.template))
		if err != nil || !r.Known || r.Template != k.template {
			t.Errorf("%s %s: %v known=%v template=%q", k.method, k.template, err, r.Known, r.Template)
		}
	}
}

func TestProvesToken(t *testing.T) {
	cases := []struct {
		method, path string
		want         bool
	}{
		{"GET", "/channels/123456789012345678/messages", true},
		{"POST", "/channels/123456789012345678/typing", true},
		{"GET", "/guilds/123456789012345678", true},
		{"GET", "/users/@me", true},
		{"GET", "/gateway/bot", true},
		{"GET", "/webhooks/123456789012345678", true}, // without a token: the bot's
		{"GET", "/gateway", false},
		{"GET", "/invites/abc", false},
		{"GET", "/sticker-packs", false},
		{"GET", "/voice/regions", false},
		{"GET", "/guilds/123456789012345678/widget.json", false},
		{"POST", "/webhooks/123456789012345678/abc", false},
		{"GET", "/webhooks/123456789012345678/abc/messages/123456789012345678", false},
		{"POST", "/interactions/123456789012345678/abc/callback", false},
		{"GET", "/nothing/here", false}, // unpublished: Discord's 404 comes before auth
		{"DELETE", "/gateway", false},   // published for another method only
	}
	for _, c := range cases {
		r, err := Parse(c.method, c.path)
		if err != nil {
			t.Errorf("%s %s: %v", c.method, c.path, err)
			continue
		}
		if got := r.ProvesToken(); got != c.want {
			t.Errorf("%s %s: ProvesToken = %v, want %v", c.method, c.path, got, c.want)
		}
	}
}
