package tools

import (
	"errors"
	"io"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// TestExamples runs every row's examples as one table: the arguments must
// pass the row's checks and build exactly the request the example names.
func TestExamples(t *testing.T) {
	if _, err := New(nil, zerolog.New(io.Discard)); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sp := range specs {
		for _, ex := range sp.examples {
			n++
			a, err := parseArgs(sp, []byte(ex.args), nil)
			if err != nil {
				t.Errorf("%s %s: %v", sp.name, ex.args, err)
				continue
			}
			got := "" // a local tool sends nothing
			if reqs := sp.planned(a); len(reqs) > 0 {
				got = describeRequest(reqs[0])
			}
			if got != ex.want {
				t.Errorf("%s %s:\n got %s\nwant %s", sp.name, ex.args, got, ex.want)
			}
		}
	}
	if n < len(specs) {
		t.Errorf("%d examples for %d tools", n, len(specs))
	}
}

// TestCatalogRefusesBadRows: the start check names what is wrong, as an
// error kind the caller can test for.
func TestCatalogRefusesBadRows(t *testing.T) {
	good := func() *spec {
		return &spec{name: "x", desc: "x", title: "x", toolset: tsMessages, method: "GET", path: "/channels/{channel_id}",
			params: []param{channelParam}, ann: mcp.Annotations{Title: "x", ReadOnlyHint: true},
			examples: []example{{"{}", "GET /channels/1"}}, out: []field{{name: "id", src: "id", typ: oString}}}
	}
	if err := good().check(); err != nil {
		t.Fatalf("a good row was refused: %v", err)
	}
	cases := map[string]func(*spec){
		"unpublished route":  func(s *spec) { s.path = "/channels/{channel_id}/nope" },
		"wrong method":       func(s *spec) { s.method = "PUT" },
		"template by hand":   func(s *spec) { s.path = "/channels/{id}" },
		"no toolset":         func(s *spec) { s.toolset = "" },
		"unknown toolset":    func(s *spec) { s.toolset = "everything" },
		"no example":         func(s *spec) { s.examples = nil },
		"no output":          func(s *spec) { s.out = nil },
		"no title":           func(s *spec) { s.ann.Title = "" },
		"read-only and dest": func(s *spec) { s.ann.DestructiveHint = true },
		"untyped param":      func(s *spec) { s.params = append(s.params, param{name: "y"}) },
		"rule names nothing": func(s *spec) { s.oneOf = []string{"nothing"} },
		"unsent step":        func(s *spec) { s.more = []step{{"GET", "/channels/{channel_id}"}} },
		"bad output type":    func(s *spec) { s.out[0].typ = "date" },
	}
	for name, spoil := range cases {
		s := good()
		spoil(s)
		if err := s.check(); !errors.Is(err, errBadSpec) {
			t.Errorf("%s: check gave %v, want errBadSpec", name, err)
		}
	}
}
