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
