package policy

import (
	"context"
	"errors"
	"net/textproto"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// fakeResolver answers from a map and counts look-ups, so tests can prove
// unconstrained scopes never fetch.
type fakeResolver struct {
	chans map[string]ChannelInfo
	calls int
}

var errUnknownChannel = errors.New("unknown channel")

func (f *fakeResolver) Channel(_ context.Context, id string) (ChannelInfo, error) {
	f.calls++
	c, ok := f.chans[id]
	if !ok {
		return ChannelInfo{}, errUnknownChannel
	}
	return c, nil
}

// A small world: guild 100 has text channel 10, category 11, thread 12
// (parent 10) and text channel 13 under category 11; guild 200 has channel
// 20; channel 30 is a DM.
func world() *fakeResolver {
	return &fakeResolver{chans: map[string]ChannelInfo{
		"10": {ID: "10", GuildID: "100", Type: 0},
		"11": {ID: "11", GuildID: "100", Type: 4},
		"12": {ID: "12", GuildID: "100", ParentID: "10", Type: chanPublicThread},
		"13": {ID: "13", GuildID: "100", ParentID: "11", Type: 0},
		"20": {ID: "20", GuildID: "200", Type: 0},
		"30": {ID: "30", Type: chanDM},
	}}
}

func ceiling(t testing.TB, c config.Config) *Ceiling {
	t.Helper()
	if c.AllowedMentions == "" {
		c.AllowedMentions = defaultMentions
	}
	ce, err := NewCeiling(&c)
	if err != nil {
		t.Fatalf("NewCeiling: %v", err)
	}
	return ce
}

// headers builds a get func; names are canonicalised as fasthttp would.
func headers(kv ...string) func(string) []string {
	h := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		k := textproto.CanonicalMIMEHeaderKey(kv[i])
		h[k] = append(h[k], kv[i+1])
	}
	return func(name string) []string { return h[textproto.CanonicalMIMEHeaderKey(name)] }
}

func scope(t testing.TB, ce *Ceiling, kv ...string) *Scope {
	t.Helper()
	s, err := ce.Scope(headers(kv...))
	if err != nil {
		t.Fatalf("Scope(%q): %v", kv, err)
	}
	return s
}

func mustRoute(t testing.TB, method, path string) *route.Route {
	t.Helper()
	r, err := route.Parse(method, path)
	if err != nil {
		t.Fatalf("route.Parse(%s %s): %v", method, path, err)
	}
	return &r
}
