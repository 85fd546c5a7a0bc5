package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sendRaw writes exactly these bytes on a fresh connection and reads one
// answer; a server that does not answer within the deadline fails the test.
func sendRaw(t *testing.T, addr, raw string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: no answer: %v", firstLine(raw), err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func firstLine(raw string) string {
	if i := strings.IndexAny(raw, "\r\n"); i >= 0 {
		return raw[:i]
	}
	return raw
}

// TestHostRebinding: a page under a hostile name that resolves to the
// proxy sends no Origin on a same-origin request, but its name is in Host.
// Every endpoint refuses it before anything runs: the emulator sees
// nothing. Controls show the same requests pass under our own names.
func TestHostRebinding(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOWED_HOSTS": "discord-mcp-proxy"})
	addr := strings.TrimPrefix(st.base, "http://")
	endpoints := []struct{ method, uri, body string }{
		{"GET", "/api/v10/channels/" + general + "/messages?limit=1", ""},
		{"GET", "/healthz", ""},
		{"GET", "/health", ""},
		{"POST", "/v1/tools/call", `{"name":"get_channel_info","arguments":{"channel_id":"` + general + `"}}`},
		{"GET", "/v1/tools/list", ""},
		{"POST", "/mcp", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_channel_info","arguments":{"channel_id":"` + general + `"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}`},
		{"POST", "/v1", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}`},
		{"GET", "/v1/sse", ""},
	}
	_, port, _ := net.SplitHostPort(addr)
	hostile := []struct {
		name, hostLines, uriPrefix string
		extra                      []string
	}{
		{name: "hostile name with port", hostLines: "Host: evil.example:" + port + "\r\n"},
		{name: "hostile name without port", hostLines: "Host: evil.example\r\n"},
		{name: "hostile name upper case with trailing dot", hostLines: "Host: EVIL.EXAMPLE.:" + port + "\r\n"},
		{name: "localhost as a prefix", hostLines: "Host: localhost.evil.example\r\n"},
		{name: "subdomain of localhost", hostLines: "Host: evil.localhost\r\n"},
		{name: "allowed name as a prefix", hostLines: "Host: discord-mcp-proxy.evil.example\r\n"},
		{name: "userinfo", hostLines: "Host: localhost@evil.example\r\n"},
		{name: "two ports", hostLines: "Host: localhost:" + port + ":80\r\n"},
		{name: "double trailing dot", hostLines: "Host: localhost..\r\n"},
		{name: "bare IPv6", hostLines: "Host: ::1\r\n"},
		{name: "decimal loopback", hostLines: "Host: 2130706433\r\n"},
		{name: "short loopback", hostLines: "Host: 127.1\r\n"},
		{name: "unspecified address", hostLines: "Host: 0.0.0.0:" + port + "\r\n"},
		{name: "empty Host", hostLines: "Host: \r\n"},
		{name: "no Host", hostLines: ""},
		{name: "duplicate Host, good first", hostLines: "Host: localhost\r\nHost: evil.example\r\n"},
		{name: "duplicate Host, hostile first", hostLines: "Host: evil.example\r\nHost: localhost\r\n"},
		{name: "absolute-form URI naming a hostile host", hostLines: "Host: " + addr + "\r\n", uriPrefix: "http://evil.example:" + port},
		{name: "absolute-form URI, hostile Host", hostLines: "Host: evil.example\r\n", uriPrefix: "http://" + addr},
		{name: "good Host, hostile Origin", hostLines: "Host: " + addr + "\r\n", extra: []string{"Origin: http://evil.example:" + port}},
		{name: "good Host, null Origin", hostLines: "Host: " + addr + "\r\n", extra: []string{"Origin: null"}},
	}
	for _, h := range hostile {
		for _, e := range endpoints {
			st.emu.ResetStats()
			resp, body := sendRaw(t, addr, hostRequest(e.method, h.uriPrefix+e.uri, h.hostLines, e.body, h.extra...))
			if resp.StatusCode < 400 || resp.StatusCode >= 500 || resp.Header.Get("X-Response-Src") != "mcp" {
				t.Errorf("%s: %s %s: %d src=%q %s", h.name, e.method, e.uri, resp.StatusCode, resp.Header.Get("X-Response-Src"), body)
			}
			if n := st.emu.Stats().Total; n != 0 {
				t.Errorf("%s: %s %s: the emulator saw %d requests", h.name, e.method, e.uri, n)
			}
		}
	}
	// Controls: our own names pass, so the refusals above are the Host rule's.
	for _, host := range []string{addr, "localhost:" + port, "LOCALHOST.:" + port, "127.0.0.2:" + port, "[::1]:" + port, "discord-mcp-proxy:8080", "discord-mcp-proxy"} {
		st.emu.ResetStats()
		resp, body := sendRaw(t, addr, hostRequest("GET", "/api/v10/channels/"+general+"/messages?limit=1", "Host: "+host+"\r\n", ""))
		if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" || st.emu.Stats().Total == 0 {
			t.Errorf("control Host %q: %d %s", host, resp.StatusCode, body)
		}
		resp, body = sendRaw(t, addr, hostRequest("GET", "/healthz", "Host: "+host+"\r\n", ""))
		if resp.StatusCode != 200 || !strings.Contains(body, `"healthy"`) {
			t.Errorf("control Host %q on /healthz: %d %s", host, resp.StatusCode, body)
		}
	}
}

// hostRequest is a request with exactly these Host lines (and URI), and
// the headers every endpoint needs to act: a privileged passthrough call,
// a 2026-07-28 tools/call, SSE accepted.
func hostRequest(method, uri, hostLines, body string, extra ...string) string {
	var b strings.Builder
	b.WriteString(method + " " + uri + " HTTP/1.1\r\n" + hostLines + "Connection: close\r\nX-Privileged-Call: 1\r\n")
	b.WriteString("Accept: application/json, text/event-stream\r\nMcp-Method: tools/call\r\nMcp-Name: get_channel_info\r\nMcp-Protocol-Version: 2026-07-28\r\n")
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	if body != "" {
		b.WriteString("Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	return b.String() + "\r\n" + body
}
