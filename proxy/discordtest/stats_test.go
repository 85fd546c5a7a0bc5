package discordtest

import (
	"encoding/json"
	"testing"
)

func TestStatsCountEverything(t *testing.T) {
	e, base := start(t, Options{Limits: noLimits()})
	if s := e.Stats(); s.Total != 0 {
		t.Fatalf("fresh total %d", s.Total)
	}
	do(t, e, "GET", base+"/users/@me", "")
	do(t, e, "GET", base+"/users/@me", "", "Authorization", "")
	do(t, e, "GET", base+"/no/such/route", "")
	do(t, e, "GET", base+"/channels/"+GeneralID.String()+"/messages", "")
	do(t, e, "GET", "http://"+hostOf(base)+"/api/v9/channels/"+GeneralID.String()+"/messages", "")
	do(t, e, "GET", "http://"+hostOf(base)+"/elsewhere", "")
	r := do(t, e, "DELETE", base+"/channels/"+GeneralID.String()+"/messages/"+seededID(4), "",
		"X-Audit-Log-Reason", "spam%20cleanup%20%E2%9C%85")
	if r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}

	s := e.Stats()
	want := map[string]int64{
		"GET /users/@me":                      2,
		"GET <unknown>":                       2,
		"GET /channels/{channel_id}/messages": 2,
		"DELETE /channels/{channel_id}/messages/{message_id}": 1,
	}
	if s.Total != 7 {
		t.Errorf("total %d, want 7", s.Total)
	}
	for k, v := range want {
		if s.Routes[k] != v {
			t.Errorf("routes[%q] = %d, want %d (%v)", k, s.Routes[k], v, s.Routes)
		}
	}
	if s.Statuses[200] != 3 || s.Statuses[401] != 1 || s.Statuses[404] != 2 || s.Statuses[204] != 1 || s.Invalid != 1 {
		t.Errorf("statuses %v invalid %d", s.Statuses, s.Invalid)
	}
	if e.LastAuditReason() != "spam cleanup ✅" {
		t.Errorf("audit reason %q", e.LastAuditReason())
	}

	// The JSON endpoint shows the same and is not itself counted.
	r = do(t, e, "GET", "http://"+hostOf(base)+"/_emulator/stats", "")
	var js Stats
	if err := json.Unmarshal([]byte(r.body), &js); err != nil {
		t.Fatal(err, r.body)
	}
	if js.Total != 7 || js.Routes["GET /users/@me"] != 2 || js.Statuses[404] != 2 || js.LastAuditReason != "spam cleanup ✅" {
		t.Errorf("json stats %s", r.body)
	}
	if r := do(t, e, "POST", "http://"+hostOf(base)+"/_emulator/reset", ""); r.status != 204 {
		t.Fatalf("reset: %d", r.status)
	}
	if s := e.Stats(); s.Total != 0 || len(s.Routes) != 0 {
		t.Errorf("after reset %+v", s)
	}
}

func hostOf(base string) string {
	const p = "http://"
	h := base[len(p):]
	for i := range h {
		if h[i] == '/' {
			return h[:i]
		}
	}
	return h
}
