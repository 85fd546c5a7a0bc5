package main

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestMetricsListenerAdmits: --metrics-listen applies the main listener's
// Host and Origin rule (plus its own address): a rebinding page's name in
// Host, or in an absolute request URI, is refused, as is a request with
// several Origins of which one is not allowed.
func TestMetricsListenerAdmits(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	startStack(t, map[string]string{"DMP_METRICS_LISTEN": addr, "DMP_ALLOWED_HOSTS": "discord-mcp-proxy"})
	waitListening(t, addr)
	_, port, _ := net.SplitHostPort(addr)
	cases := []struct {
		name, raw string
		want      int
	}{
		{"own address", "GET /metrics HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", 200},
		{"localhost", "GET /metrics HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n", 200},
		{"allowed name", "GET /metrics HTTP/1.1\r\nHost: discord-mcp-proxy\r\n\r\n", 200},
		{"allowed origin", "GET /metrics HTTP/1.1\r\nHost: " + addr + "\r\nOrigin: http://localhost\r\n\r\n", 200},
		{"rebinding name", "GET /metrics HTTP/1.1\r\nHost: evil.example\r\n\r\n", 403},
		{"rebinding name with port", "GET /metrics HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n", 403},
		{"absolute URI", "GET http://evil.example/metrics HTTP/1.1\r\nHost: " + addr + "\r\n\r\n", 403},
		{"no Host", "GET /metrics HTTP/1.0\r\n\r\n", 403},
		{"foreign origin", "GET /metrics HTTP/1.1\r\nHost: " + addr + "\r\nOrigin: http://evil.com\r\n\r\n", 403},
		{"second origin foreign", "GET /metrics HTTP/1.1\r\nHost: " + addr + "\r\nOrigin: http://localhost\r\nOrigin: http://evil.com\r\n\r\n", 403},
		{"first origin foreign", "GET /metrics HTTP/1.1\r\nHost: " + addr + "\r\nOrigin: http://evil.com\r\nOrigin: http://localhost\r\n\r\n", 403},
	}
	for _, c := range cases {
		resp, body := sendRaw(t, addr, c.raw)
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d %.80q, want %d", c.name, resp.StatusCode, body, c.want)
		}
		if c.want == 403 && strings.Contains(body, "discord_mcp_proxy_") {
			t.Errorf("%s: refused, but the answer holds metrics", c.name)
		}
	}
}

// TestEveryOriginChecked: on the main listener too, two Origin headers
// are both checked, whichever comes first; Discord sees none of them.
func TestEveryOriginChecked(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	before := st.emu.Stats().Total
	for _, origins := range [][2]string{{"http://localhost", "http://evil.com"}, {"http://evil.com", "http://localhost"}} {
		for _, uri := range []string{"/api/v10/channels/" + discordtest.GeneralID.String(), "/healthz", "/v1/tools/list"} {
			raw := "GET " + uri + " HTTP/1.1\r\nHost: " + addr + "\r\nX-Privileged-Call: 1\r\nOrigin: " + origins[0] + "\r\nOrigin: " + origins[1] + "\r\n\r\n"
			if resp, body := sendRaw(t, addr, raw); resp.StatusCode != 403 {
				t.Errorf("%s with Origins %v: %d %.80q, want 403", uri, origins, resp.StatusCode, body)
			}
		}
	}
	if got := st.emu.Stats().Total; got != before {
		t.Errorf("the emulator received %d requests from refused ones", got-before)
	}
	// Control: one allowed Origin passes.
	raw := "GET /healthz HTTP/1.1\r\nHost: " + addr + "\r\nOrigin: http://localhost\r\n\r\n"
	if resp, body := sendRaw(t, addr, raw); resp.StatusCode != 200 {
		t.Errorf("/healthz with an allowed Origin: %d %.80q", resp.StatusCode, body)
	}
}

// waitListening waits until addr accepts connections (a listener started
// beside the main one).
func waitListening(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s: %v", addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
