package main

import (
	"strings"
	"testing"
)

// TestWriteModesCoverPassthrough: --dry-run and --read-only hold on every
// road to Discord, the raw passthrough included: a write answers the
// proxy's Discord-shaped refusal and the emulator receives nothing, while
// reads still pass.
func TestWriteModesCoverPassthrough(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ flag, kind string }{
		{"DMP_DRY_RUN", "DryRunError"},
		{"DMP_READ_ONLY", "PermissionDeniedError"},
	} {
		t.Run(c.flag, func(t *testing.T) {
			st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", c.flag: "true"})
			addr := strings.TrimPrefix(st.base, "http://")
			priv := [][2]string{{"X-Privileged-Call", "1"}}
			writes := []struct{ method, uri, body string }{
				{"POST", "/api/v10/channels/" + general + "/messages", `{"content":"sent anyway"}`},
				{"PATCH", "/api/v10/channels/" + general, `{"name":"renamed"}`},
				{"DELETE", "/api/v10/channels/" + general, ""},
				{"PUT", "/api/v10/channels/" + general + "/pins/1085503155732611072", ""},
			}
			for _, w := range writes {
				before := st.emu.Stats().Total
				resp, body := rawRequest(t, addr, w.method, w.uri, priv, w.body)
				if resp.StatusCode != 403 || resp.Header.Get("X-Response-Src") != "mcp" ||
					!strings.Contains(body, `"type":"`+c.kind+`"`) || !strings.Contains(body, `"code":`) {
					t.Errorf("%s %s: %d %s", w.method, w.uri, resp.StatusCode, body)
				}
				if got := st.emu.Stats().Total; got != before {
					t.Errorf("%s %s reached Discord (%d requests)", w.method, w.uri, got-before)
				}
			}
			if resp, body := rawRequest(t, addr, "GET", "/api/v10/channels/"+general, priv, ""); resp.StatusCode != 200 {
				t.Errorf("a read under %s: %d %s", c.flag, resp.StatusCode, body)
			}
		})
	}
}

// TestRepeatedAuditReasonRefused: two X-Audit-Log-Reason headers with
// different values are refused like other repeated headers (the audit
// log would otherwise show one and the caller mean the other); the
// emulator receives nothing. Two equal copies pass.
func TestRepeatedAuditReasonRefused(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	h := [][2]string{{"X-Privileged-Call", "1"}, {"X-Audit-Log-Reason", "cleanup"}, {"X-Audit-Log-Reason", "something%20else"}}
	before := st.emu.Stats().Total
	resp, body := rawRequest(t, addr, "PATCH", "/api/v10/channels/"+general, h, `{"topic":"t"}`)
	if resp.StatusCode != 400 || !strings.Contains(body, "X-Audit-Log-Reason") {
		t.Errorf("two different reasons: %d %s", resp.StatusCode, body)
	}
	if got := st.emu.Stats().Total; got != before {
		t.Errorf("the request reached Discord (%d)", got-before)
	}
	h[2][1] = "cleanup"
	if resp, body := rawRequest(t, addr, "PATCH", "/api/v10/channels/"+general, h, `{"topic":"t"}`); resp.StatusCode != 200 {
		t.Errorf("two equal reasons: %d %s", resp.StatusCode, body)
	}
}

// TestUnknownRoutesKeepMentionsAndContentRules: with
// --allow-unknown-routes, a path Discord does not publish has no known
// body or answer shape, so the proxy can neither force allowed_mentions
// onto its body nor strip message content from its answer. With a body
// it is refused while mentions are restricted (the default), and at all
// while message_content is not granted; the emulator receives nothing.
// An empty body with message_content passes.
func TestUnknownRoutesKeepMentionsAndContentRules(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOW_UNKNOWN_ROUTES": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	unknown := "/api/v10/channels/" + general + "/unpublished-send"
	priv := [][2]string{{"X-Privileged-Call", "1"}}
	for _, c := range []struct {
		name, method, body, header string
		headers                    [][2]string
	}{
		{"a body while mentions are restricted", "POST", `{"content":"@everyone hi"}`, "allowed_mentions", priv},
		{"no message_content", "GET", "", "message_content", append(priv, [2]string{"X-Privileged-Intents", "server_members"})},
	} {
		before := st.emu.Stats().Total
		resp, body := rawRequest(t, addr, c.method, unknown, c.headers, c.body)
		if resp.StatusCode != 403 || !strings.Contains(body, c.header) {
			t.Errorf("%s: %d %s", c.name, resp.StatusCode, body)
		}
		if got := st.emu.Stats().Total; got != before {
			t.Errorf("%s: reached Discord (%d)", c.name, got-before)
		}
	}
	before := st.emu.Stats().Total
	if resp, body := rawRequest(t, addr, "GET", unknown, priv, ""); resp.Header.Get("X-Response-Src") != "discord" {
		t.Errorf("an empty-bodied unknown route: %d %s", resp.StatusCode, body)
	}
	if st.emu.Stats().Total != before+1 {
		t.Error("the allowed unknown route did not reach Discord")
	}
	// With mentions unrestricted by the operator, a body passes.
	open := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOW_UNKNOWN_ROUTES": "true",
		"DMP_ALLOWED_MENTIONS": `{"parse":["users","roles","everyone"],"replied_user":true}`})
	if resp, body := rawRequest(t, strings.TrimPrefix(open.base, "http://"), "POST", unknown, priv, `{"content":"x"}`); resp.Header.Get("X-Response-Src") != "discord" {
		t.Errorf("a body with mentions unrestricted: %d %s", resp.StatusCode, body)
	}
}
