package policy

import (
	"errors"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

func TestImageModelHeader(t *testing.T) {
	ce, err := NewCeiling(&config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		vals []string
		want string
		bad  bool
	}{
		{nil, "", false},
		{[]string{"gpt-image-1"}, "gpt-image-1", false},
		{[]string{"dall-e-3", "dall-e-3"}, "dall-e-3", false},
		{[]string{"a", "b"}, "", true},
		{[]string{""}, "", true},
		{[]string{"a/b"}, "", true},
		{[]string{"a\r\nX-Owner-Access: 1"}, "", true},
	} {
		s, err := ce.Scope(func(name string) []string {
			if name == hImageModel {
				return c.vals
			}
			return nil
		})
		var he *HeaderError
		switch {
		case c.bad && (err == nil || !errors.As(err, &he) || he.Header != hImageModel):
			t.Errorf("%q: want a HeaderError naming X-Image-Model, got %v", c.vals, err)
		case !c.bad && (err != nil || s.ImageModel != c.want):
			t.Errorf("%q: got %v, %v; want %q", c.vals, s, err, c.want)
		}
	}
}
