package proxy

import (
	"context"
	"errors"
	"testing"
)

// TestFetchAttachmentRefusesOtherHosts: only Discord's CDN (https) and the
// upstream's own host may be fetched; nothing is dialled for the rest.
func TestFetchAttachmentRefusesOtherHosts(t *testing.T) {
	p := &Proxy{scheme: "http", host: "127.0.0.1:9"}
	for _, u := range []string{
		"http://cdn.discordapp.com/attachments/1/2/a.png", // not https
		"https://evil.example/a.png",
		"https://user@cdn.discordapp.com/a.png",
		"http://127.0.0.1:10/a.png", // another port of the upstream's host
		"file:///etc/passwd",
		"::not a url",
	} {
		if _, _, err := p.FetchAttachment(context.Background(), u, 1<<20); !errors.Is(err, ErrAttachment) {
			t.Errorf("%s: %v, want ErrAttachment", u, err)
		}
	}
}
