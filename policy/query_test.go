package policy

import (
	"context"
	"errors"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

func TestCheckQuery(t *testing.T) {
	const (
		allowed = "111111111111111111"
		other   = "222222222222222222"
		guild   = "333333333333333333"
	)
	s := &Scope{}
	s.channels, _ = parseIDs(allowed)
	s.users, _ = parseIDs(allowed)
	s.guilds, _ = parseIDs("*")
	s.intents = allIntents
	for _, c := range []struct {
		method, path, query string
		ok                  bool
	}{
		{"GET", "/channels/" + allowed + "/messages", "limit=5&before=" + other, true},
		{"GET", "/guilds/" + guild + "/messages/search", "content=x&channel_id=" + allowed, true},
		{"GET", "/guilds/" + guild + "/messages/search", "content=x", false},
		{"GET", "/guilds/" + guild + "/messages/search", "channel_id=" + allowed + "&channel_id=" + other, false},
		{"GET", "/guilds/" + guild + "/messages/search", "channel_id=" + allowed + "&author_id=" + other, false},
		{"GET", "/guilds/" + guild + "/audit-logs", "user_id=" + other, false},
		{"GET", "/channels/" + allowed + "/messages", "limit=%zz", false},
		{"GET", "/guilds/" + guild + "/messages/search", "has=embed&channel_id=" + allowed, true},
	} {
		r, perr := route.Parse(c.method, c.path)
		if perr != nil {
			t.Fatal(perr)
		}
		err := s.CheckQuery(context.Background(), &r, c.query, nil)
		var d *Denied
		if c.ok != (err == nil) || (err != nil && !errors.As(err, &d)) {
			t.Errorf("%s ?%s: got %v, want ok=%v", c.path, c.query, err, c.ok)
		}
	}
}

// Without message_content, a search may not match on what the intent
// withholds: the matches would reveal it.
func TestCheckQueryContentNeedsIntent(t *testing.T) {
	s := &Scope{}
	s.channels, s.users, s.guilds = anyIDs, anyIDs, anyIDs
	s.intents, _ = parseIntents("server_members,presence")
	r, err := route.Parse("GET", "/guilds/333333333333333333/messages/search")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"content=secret", "content=", "has=embed", "has=file", "attachment_filename=x", "attachment_extension=pdf",
		"embed_type=image", "embed_provider=x", "link_hostname=example.com", "author_id=1&content=a"} {
		var d *Denied
		if err := s.CheckQuery(context.Background(), &r, q, nil); !errors.As(err, &d) || d.Rule != hPrivilegedIntents {
			t.Errorf("?%s: %v, want refused by %s", q, err, hPrivilegedIntents)
		}
	}
	for _, q := range []string{"author_id=1", "pinned=true&limit=5", "mention_everyone=true"} {
		if err := s.CheckQuery(context.Background(), &r, q, nil); err != nil {
			t.Errorf("?%s: %v", q, err)
		}
	}
	s.intents = allIntents
	if err := s.CheckQuery(context.Background(), &r, "content=secret", nil); err != nil {
		t.Errorf("with the intent: %v", err)
	}
}
