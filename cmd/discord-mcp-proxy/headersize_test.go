package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestOversizedHeadersSayWhy: a header block beyond the server's 8 KiB read
// buffer is refused with 431 and a reason, not a bare "malformed request".
func TestOversizedHeadersSayWhy(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	req, _ := http.NewRequest("GET", st.base+"/healthz", nil)
	req.Header.Set("X-Padding", strings.Repeat("a", 9<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !strings.Contains(string(body), "larger than 8 KiB") {
		t.Fatalf("got %d %s, want 431 naming the 8 KiB limit", resp.StatusCode, body)
	}
	if src := resp.Header.Get("X-Response-Src"); src != "mcp" {
		t.Fatalf("X-Response-Src %q, want mcp", src)
	}
}
