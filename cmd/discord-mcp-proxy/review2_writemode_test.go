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
