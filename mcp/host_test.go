package mcp

import (
	"net"
	"testing"
)

func TestHostPolicy(t *testing.T) {
	p := newHostPolicy([]string{"discord-mcp-proxy", "Proxy.Example.:9000", "10.9.8.7", "[fd00::7]:8080"}, "127.0.0.1:8080")
	for host, want := range map[string]bool{
		// Loopback and localhost, any port, any case, one trailing dot.
		"localhost": true, "localhost:8080": true, "LOCALHOST:1": true, "localhost.": true, "localhost.:8080": true,
		"127.0.0.1": true, "127.0.0.1:8080": true, "127.8.9.10:80": true, "[::1]": true, "[::1]:8080": true,
		"[::ffff:127.0.0.1]:8080": true,
		// The operator's list, normalised the same way.
		"discord-mcp-proxy": true, "discord-mcp-proxy:8080": true, "DISCORD-MCP-PROXY.": true,
		"proxy.example": true, "proxy.example:1234": true, "10.9.8.7:8080": true, "[fd00::7]": true,
		// Hostile or malformed names.
		"": false, "evil.example": false, "evil.example:8080": false, "localhost.evil.example": false,
		"evil.localhost": false, "localhost..": false, ".localhost": false, "localhost:": false,
		"localhost:80:80": false, "localhost:http": false, "localhost:123456": false, "user@localhost": false,
		"::1": false, "[::1": false, "[::1]x": false, "[127.0.0.1]": false, "[fe80::1%25eth0]": false,
		"127.1": false, "2130706433": false, "0x7f000001": false, "0.0.0.0": false, "10.9.8.6": false,
		"local host": false, "localhost\x00": false, "xn--lcalhost-?": false,
		"discord-mcp-proxy.evil.example": false, "proxy.example.evil": false,
	} {
		if got := p.allowed([]byte(host)); got != want {
			t.Errorf("allowed(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestHostPolicyListenAddress: a specific listen host is allowed; an
// unspecified one (0.0.0.0, [::]) allows the machine's own addresses but
// still no foreign name.
func TestHostPolicyListenAddress(t *testing.T) {
	if p := newHostPolicy(nil, "proxy.internal:8080"); !p.allowed([]byte("proxy.internal:8080")) || p.allowed([]byte("evil.example")) {
		t.Error("listen name: want it allowed and nothing else")
	}
	if p := newHostPolicy(nil, "192.0.2.10:8080"); !p.allowed([]byte("192.0.2.10:8080")) || p.allowed([]byte("192.0.2.11")) {
		t.Error("listen address: want it allowed and nothing else")
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, listen := range []string{"0.0.0.0:8080", "[::]:8080", ":8080"} {
		p := newHostPolicy([]string{"discord-mcp-proxy"}, listen)
		for _, a := range addrs {
			ip := a.(*net.IPNet).IP
			if ip.IsLinkLocalUnicast() && ip.To4() == nil {
				continue // zoned addresses never appear in Host
			}
			if h := net.JoinHostPort(ip.String(), "8080"); !p.allowed([]byte(h)) {
				t.Errorf("%s: own address %s refused", listen, h)
			}
		}
		for host, want := range map[string]bool{"discord-mcp-proxy:8080": true, "evil.example:8080": false, "192.0.2.99": false} {
			if p.allowed([]byte(host)) != want {
				t.Errorf("%s: allowed(%q) != %v", listen, host, want)
			}
		}
	}
}

// TestHostOnEveryPath: a hostile Host is refused on every MCP path before
// anything runs; Go's client sends the name given in req.Host.
func TestHostOnEveryPath(t *testing.T) {
	s, base := startServer(t, Options{})
	for _, path := range []string{"/v1", "/mcp", "/v1/sse", "/v1/sse/message?sessionId=x", "/v1/tools/list", "/v1/tools/call", "/nowhere"} {
		for _, method := range []string{"GET", "POST"} {
			r := doHost(t, method, base+path, "evil.example:8080", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}`)
			if r.status != 403 || r.header.Get("X-Response-Src") != "mcp" {
				t.Errorf("%s %s with a hostile Host: %d %s", method, path, r.status, r.body)
			}
		}
	}
	if n := s.sessions.count(); n != 0 {
		t.Errorf("a refused initialize left %d sessions", n)
	}
}
