package main

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

const initBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r2","version":"1"}}}`

// mintAs mints a token of the stack's proxy for subject.
func (b *bearerStack) mintAs(t *testing.T, subject string) (string, string) {
	t.Helper()
	tok, jti, err := b.keys.Mint(policy.MintOptions{Subject: subject, Issuer: "discord-mcp-proxy", Audience: "discord-mcp-proxy",
		TTL: time.Hour, Claims: policy.Claims{}})
	if err != nil {
		t.Fatal(err)
	}
	return tok, jti
}

// mcpRaw sends one request to /mcp with a bearer token and, if given, a
// session id.
func mcpRaw(t *testing.T, addr, method, tok, sid, body string) (int, string, string) {
	t.Helper()
	h := [][2]string{{"Authorization", "Bearer " + tok}, {"Accept", "application/json, text/event-stream"}}
	if sid != "" {
		h = append(h, [2]string{"Mcp-Session-Id", sid}, [2]string{"Mcp-Protocol-Version", "2025-06-18"})
	}
	resp, out := rawRequest(t, addr, method, "/mcp", h, body)
	if sid == "" {
		return resp.StatusCode, resp.Header.Get("Mcp-Session-Id"), out
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), out
}

// TestSessionBoundToCredential: a session belongs to the credential that
// created it. Another token's holder who knows the id gets, for POST,
// GET and DELETE, exactly the answer an unknown id gets; the owner's
// session keeps working.
func TestSessionBoundToCredential(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, nil)
	addr := strings.TrimPrefix(st.base, "http://")
	alice, _ := st.mintAs(t, "alice")
	mallory, _ := st.mintAs(t, "mallory")
	code, sid, body := mcpRaw(t, addr, "POST", alice, "", initBody)
	if code != 200 || sid == "" {
		t.Fatalf("initialize: %d %s", code, body)
	}
	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_channel_info","arguments":{"channel_id":"` + general + `"}}}`
	for _, c := range []struct{ method, body string }{{"POST", call}, {"GET", ""}, {"DELETE", ""}} {
		unkCode, _, unkBody := mcpRaw(t, addr, c.method, mallory, "0123456789abcdef0123456789abcdef", c.body)
		gotCode, _, gotBody := mcpRaw(t, addr, c.method, mallory, sid, c.body)
		if gotCode != 404 || gotCode != unkCode || gotBody != unkBody {
			t.Errorf("%s with another's session: %d %s; an unknown session: %d %s", c.method, gotCode, gotBody, unkCode, unkBody)
		}
	}
	before := st.emu.Stats().Total
	if code, _, body := mcpRaw(t, addr, "POST", alice, sid, call); code != 200 || !strings.Contains(body, "general") {
		t.Errorf("the owner after the attempts: %d %s", code, body)
	}
	if st.emu.Stats().Total == before {
		t.Error("the owner's call did not reach the emulator")
	}
}

// TestSessionQuotaPerCaller: with --max-sessions 5, one token cannot take
// every slot: its third initialize is refused (429, a short Retry-After)
// while another caller still gets a session; once the hog's token is
// revoked its sessions stop counting.
func TestSessionQuotaPerCaller(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, map[string]string{"DMP_MAX_SESSIONS": "5", "DMP_MAX_SESSIONS_PER_CALLER": "2"})
	addr := strings.TrimPrefix(st.base, "http://")
	hog, hogJTI := st.mintAs(t, "hog")
	for i := 0; i < 2; i++ {
		if code, _, body := mcpRaw(t, addr, "POST", hog, "", initBody); code != 200 {
			t.Fatalf("hog's session %d: %d %s", i, code, body)
		}
	}
	for i := 0; i < 5; i++ {
		h := [][2]string{{"Authorization", "Bearer " + hog}, {"Accept", "application/json, text/event-stream"}}
		resp, body := rawRequest(t, addr, "POST", "/mcp", h, initBody)
		ra, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		if resp.StatusCode != 429 || ra < 1 || ra > 60 || resp.Header.Get("Mcp-Session-Id") != "" {
			t.Fatalf("hog's extra session: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	other, _ := st.mintAs(t, "other")
	if code, _, body := mcpRaw(t, addr, "POST", other, "", initBody); code != 200 {
		t.Errorf("another caller locked out: %d %s", code, body)
	}
	if err := run(context.Background(), []string{"token", "revoke", hogJTI, "--data-dir", st.dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return status(t, st.base, "Bearer "+hog) == 401 })
	renewed, _ := st.mintAs(t, "hog")
	for i := 0; i < 2; i++ {
		if code, _, body := mcpRaw(t, addr, "POST", renewed, "", initBody); code != 200 {
			t.Errorf("the revoked token's sessions still count: %d %s", code, body)
		}
	}
}
