package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

func TestToolsetsHeaderNarrows(t *testing.T) {
	ce := ceiling(t, config.Config{})
	for _, tc := range []struct {
		name    string
		kv      []string
		allowed []string
		denied  []string
	}{
		{"absent", nil, []string{"messages", "pins"}, nil},
		{"star", []string{"X-Toolsets", "*"}, []string{"messages", "pins"}, nil},
		{"list", []string{"X-Toolsets", "messages, pins"}, []string{"messages", "pins"}, []string{"reactions", "Messages", ""}},
		{"repeated intersect", []string{"X-Toolsets", "messages,pins", "X-Toolsets", "pins,polls"}, []string{"pins"}, []string{"messages", "polls"}},
		{"disjoint", []string{"X-Toolsets", "messages", "X-Toolsets", "pins"}, nil, []string{"messages", "pins"}},
		{"star after list keeps list", []string{"X-Toolsets", "messages", "X-Toolsets", "*"}, []string{"messages"}, []string{"pins"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scope(t, ce, tc.kv...)
			for _, n := range tc.allowed {
				if !s.AllowsToolset(n) {
					t.Errorf("%q refused", n)
				}
			}
			for _, n := range tc.denied {
				if s.AllowsToolset(n) {
					t.Errorf("%q allowed", n)
				}
			}
		})
	}
}

func TestToolsetsHeaderMalformed(t *testing.T) {
	ce := ceiling(t, config.Config{})
	for _, v := range []string{"", " ", "messages,,pins", "Messages", "pins;polls", "a b", strings.Repeat("x", 65), "messages,\x01"} {
		_, err := ce.Scope(headers("X-Toolsets", v))
		var he *HeaderError
		if !errors.As(err, &he) || he.Header != "X-Toolsets" {
			t.Errorf("%q: err = %v, want a HeaderError naming X-Toolsets", v, err)
		}
	}
}

// The bearer token's toolsets claim and the header narrow together.
func TestToolsetsClaimAndHeader(t *testing.T) {
	ce := ceiling(t, config.Config{})
	for _, tc := range []struct {
		claim, header []string
		allowed       []string
		denied        []string
	}{
		{[]string{"messages", "pins"}, nil, []string{"messages", "pins"}, []string{"polls"}},
		{[]string{"messages", "pins"}, []string{"X-Toolsets", "pins,polls"}, []string{"pins"}, []string{"messages", "polls"}},
		{[]string{"*"}, []string{"X-Toolsets", "polls"}, []string{"polls"}, []string{"pins"}},
		{nil, []string{"X-Toolsets", "*"}, []string{"anything"}, nil},
	} {
		s := scope(t, ce, tc.header...)
		s.who.toolsets = tc.claim
		for _, n := range tc.allowed {
			if !s.AllowsToolset(n) {
				t.Errorf("claim %v header %v: %q refused", tc.claim, tc.header, n)
			}
		}
		for _, n := range tc.denied {
			if s.AllowsToolset(n) {
				t.Errorf("claim %v header %v: %q allowed", tc.claim, tc.header, n)
			}
		}
	}
}

// narrowToolsets only narrows: nil and "*" change nothing.
func TestNarrowToolsetsOnlyNarrows(t *testing.T) {
	ce := ceiling(t, config.Config{})
	s := scope(t, ce, "X-Toolsets", "messages,pins")
	s.narrowToolsets([]string{"pins", "reactions"})
	if !s.AllowsToolset("pins") || s.AllowsToolset("messages") || s.AllowsToolset("reactions") {
		t.Errorf("after narrowing: %+v", s.toolsets)
	}
	s.narrowToolsets(nil)
	s.narrowToolsets([]string{"*"})
	if !s.AllowsToolset("pins") || s.AllowsToolset("messages") {
		t.Errorf("nil or * widened: %+v", s.toolsets)
	}
	if d := ce.Default(); !d.AllowsToolset("messages") {
		t.Error("narrowing a request scope changed the ceiling")
	}
}
