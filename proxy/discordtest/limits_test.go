package discordtest

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

func msgURL(base string) string { return base + "/channels/" + GeneralID.String() + "/messages" }

func TestBucketHeadersAnd429(t *testing.T) {
	clk := newClock()
	e, base := start(t, Options{Now: clk.now})
	var hash string
	for i := 0; i < 5; i++ {
		r := do(t, e, "POST", msgURL(base), `{"content":"m"}`)
		if r.status != 200 {
			t.Fatalf("post %d: %d %s", i, r.status, r.body)
		}
		h := r.header
		if h.Get("X-RateLimit-Limit") != "5" || h.Get("X-RateLimit-Remaining") != string(rune('4'-i)) {
			t.Errorf("post %d: limit %q remaining %q", i, h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"))
		}
		if h.Get("X-RateLimit-Reset-After") != "5.000" || !strings.Contains(h.Get("X-RateLimit-Reset"), ".") {
			t.Errorf("reset %q reset-after %q", h.Get("X-RateLimit-Reset"), h.Get("X-RateLimit-Reset-After"))
		}
		hash = h.Get("X-RateLimit-Bucket")
	}
	if hash == "" || hash != e.BucketHash(BucketMessageCreate) {
		t.Errorf("bucket %q, want %q", hash, e.BucketHash(BucketMessageCreate))
	}
	clk.advance(2 * time.Second)
	r := do(t, e, "POST", msgURL(base), `{"content":"m"}`)
	if r.status != 429 {
		t.Fatalf("6th post: %d %s", r.status, r.body)
	}
	if r.header.Get("X-RateLimit-Scope") != "user" || r.header.Get("Retry-After") != "3" ||
		r.header.Get("X-RateLimit-Remaining") != "0" || r.header.Get("X-RateLimit-Global") != "" {
		t.Errorf("429 headers: %v", r.header)
	}
	if gjson.Get(r.body, "retry_after").Float() != 3 || gjson.Get(r.body, "global").Bool() ||
		gjson.Get(r.body, "message").String() != "You are being rate limited." {
		t.Errorf("429 body: %s", r.body)
	}
	// Another channel has its own bucket.
	if r := do(t, e, "POST", base+"/channels/"+RandomID.String()+"/messages", `{"content":"m"}`); r.status != 200 {
		t.Errorf("other channel: %d", r.status)
	}
	clk.advance(3 * time.Second)
	if r := do(t, e, "POST", msgURL(base), `{"content":"m"}`); r.status != 200 {
		t.Errorf("after reset: %d %s", r.status, r.body)
	}
	s := e.Stats()
	if s.RateLimited["user"] != 1 || s.Violations != 1 || s.Invalid != 1 || s.Statuses[429] != 1 {
		t.Errorf("stats: %+v", s)
	}
}

func TestSharedBucketHashes(t *testing.T) {
	clk := newClock()
	e, base := start(t, Options{Now: clk.now})
	sent := do(t, e, "POST", msgURL(base), `{"content":"a"}`)
	id := gjson.Get(sent.body, "id").String()
	patch := do(t, e, "PATCH", msgURL(base)+"/"+id, `{"content":"b"}`)
	del := do(t, e, "DELETE", msgURL(base)+"/"+id, "")
	if patch.status != 200 || del.status != 204 {
		t.Fatalf("patch %d delete %d", patch.status, del.status)
	}
	ph, dh := patch.header.Get("X-RateLimit-Bucket"), del.header.Get("X-RateLimit-Bucket")
	if ph == "" || ph != dh || ph == sent.header.Get("X-RateLimit-Bucket") {
		t.Errorf("patch %q delete %q post %q", ph, dh, sent.header.Get("X-RateLimit-Bucket"))
	}
	if del.header.Get("X-RateLimit-Remaining") != "3" {
		t.Errorf("shared bucket remaining %q, want 3", del.header.Get("X-RateLimit-Remaining"))
	}
	// Deleting a message older than 14 days uses another bucket.
	old := do(t, e, "DELETE", msgURL(base)+"/"+seededID(2), "")
	if old.status != 204 || old.header.Get("X-RateLimit-Bucket") != e.BucketHash(BucketMessageDeleteOld) {
		t.Errorf("old delete: %d bucket %q", old.status, old.header.Get("X-RateLimit-Bucket"))
	}
}

func TestReactionBucket(t *testing.T) {
	clk := newClock()
	e, base := start(t, Options{Now: clk.now})
	u := msgURL(base) + "/" + seededID(3) + "/reactions/%F0%9F%91%8D/@me"
	if r := do(t, e, "PUT", u, ""); r.status != 204 {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	if r := do(t, e, "DELETE", u, ""); r.status != 429 || gjson.Get(r.body, "retry_after").Float() != 0.25 {
		t.Fatalf("second: %d %s", r.status, r.body)
	}
	clk.advance(250 * time.Millisecond)
	if r := do(t, e, "DELETE", u, ""); r.status != 204 {
		t.Fatalf("after 250ms: %d %s", r.status, r.body)
	}
}

func TestGlobal429(t *testing.T) {
	clk := newClock()
	lim := DefaultLimits()
	lim.GlobalLimit = 3
	e, base := start(t, Options{Now: clk.now, Limits: lim})
	for i := 0; i < 3; i++ {
		if r := do(t, e, "GET", base+"/users/@me", ""); r.status != 200 {
			t.Fatalf("%d: %d", i, r.status)
		}
	}
	r := do(t, e, "GET", base+"/guilds/"+GuildID.String(), "")
	checkGlobal429(t, r)
	// Webhook executions are outside the global limit.
	if w := do(t, e, "POST", base+"/webhooks/1085503155732611999/tok", `{"content":"x"}`, "Authorization", ""); w.status != 404 {
		t.Errorf("webhook under global 429: %d %s", w.status, w.body)
	}
	clk.advance(time.Second)
	if r := do(t, e, "GET", base+"/users/@me", ""); r.status != 200 {
		t.Fatalf("after window: %d", r.status)
	}
	s := e.Stats()
	if s.RateLimited["global"] != 1 || s.Violations != 1 {
		t.Errorf("stats %+v", s)
	}

	// Forced: every request until the deadline, retry_after counting down.
	e.ForceGlobal429(10 * time.Second)
	clk.advance(4 * time.Second)
	r = do(t, e, "GET", base+"/users/@me", "")
	checkGlobal429(t, r)
	if gjson.Get(r.body, "retry_after").Float() != 6 || r.header.Get("Retry-After") != "6" {
		t.Errorf("forced: %v %s", r.header, r.body)
	}
	clk.advance(6 * time.Second)
	if r := do(t, e, "GET", base+"/users/@me", ""); r.status != 200 {
		t.Fatalf("after forced: %d", r.status)
	}
}

// checkGlobal429 checks the shape of Discord's documented global 429.
func checkGlobal429(t *testing.T, r reply) {
	t.Helper()
	if r.status != 429 || r.header.Get("X-RateLimit-Global") != "true" || r.header.Get("X-RateLimit-Scope") != "global" || r.header.Get("Retry-After") == "" {
		t.Fatalf("global 429: %d %v %s", r.status, r.header, r.body)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset-After"} {
		if r.header.Get(h) != "" {
			t.Errorf("global 429 carries %s", h)
		}
	}
	if !gjson.Get(r.body, "global").Bool() || !gjson.Get(r.body, "retry_after").Exists() {
		t.Errorf("body %s", r.body)
	}
}

func TestShared429(t *testing.T) {
	clk := newClock()
	e, base := start(t, Options{Now: clk.now})
	e.ForceShared429(GeneralID.String(), 1337*time.Second)
	r := do(t, e, "GET", msgURL(base), "")
	if r.status != 429 || r.header.Get("X-RateLimit-Scope") != "shared" || r.header.Get("Retry-After") != "1337" {
		t.Fatalf("shared: %d %v", r.status, r.header)
	}
	if ra := r.header.Get("X-RateLimit-Reset-After"); ra == "" || ra == "1337.000" {
		t.Errorf("Reset-After %q should show the bucket, not Retry-After", ra)
	}
	if r := do(t, e, "GET", base+"/channels/"+RandomID.String()+"/messages", ""); r.status != 200 {
		t.Errorf("other channel: %d", r.status)
	}
	if s := e.Stats(); s.Invalid != 0 || s.RateLimited["shared"] != 1 {
		t.Errorf("shared 429 counted invalid: %+v", s)
	}

	// A configured shared limit on channel renames.
	lim := DefaultLimits()
	lim.Shared = []SharedLimit{{Route: "PATCH /channels/{channel_id}", Limit: 1, Window: time.Minute, RetryAfter: 10 * time.Minute}}
	e2, base2 := start(t, Options{Now: clk.now, Limits: lim})
	u := base2 + "/channels/" + RandomID.String()
	if r := do(t, e2, "PATCH", u, `{"name":"renamed"}`); r.status != 200 || gjson.Get(r.body, "name").String() != "renamed" {
		t.Fatalf("rename: %d %s", r.status, r.body)
	}
	r = do(t, e2, "PATCH", u, `{"name":"again"}`)
	if r.status != 429 || r.header.Get("X-RateLimit-Scope") != "shared" || r.header.Get("Retry-After") != "600" {
		t.Fatalf("second rename: %d %v", r.status, r.header)
	}
}

func TestBan(t *testing.T) {
	lim := DefaultLimits()
	lim.InvalidLimit = 3
	e, base := start(t, Options{Limits: lim})
	for i := 0; i < 3; i++ {
		do(t, e, "GET", base+"/users/@me", "", "Authorization", "Bot wrong")
	}
	r := do(t, e, "GET", base+"/users/@me", "")
	if r.status != 429 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "1015") {
		t.Fatalf("ban: %d %v %s", r.status, r.header, r.body)
	}
	for h := range r.header {
		if strings.HasPrefix(http.CanonicalHeaderKey(h), "X-Ratelimit") {
			t.Errorf("ban carries %s", h)
		}
	}
	if s := e.Stats(); !s.Banned || s.Invalid != 3 || s.RateLimited["ban"] != 1 {
		t.Errorf("stats %+v", s)
	}
	e.ResetStats()
	if r := do(t, e, "GET", base+"/users/@me", ""); r.status != 200 {
		t.Errorf("after reset: %d", r.status)
	}
}

func TestConcurrencyTracker(t *testing.T) {
	e, base := start(t, Options{Latency: 200 * time.Millisecond, Limits: noLimits()})
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			req, _ := http.NewRequest("GET", msgURL(base)+"?limit=1", nil)
			req.Header.Set("Authorization", "Bot "+e.Token())
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err) // not Fatal: this is not the test's goroutine
				return
			}
			resp.Body.Close()
		}()
	}
	close(gate)
	wg.Wait()
	s := e.Stats()
	// With limits off the tracker still keys on the route's bucket name.
	key := BucketMessageRead + "/" + GeneralID.String()
	if s.MaxConcurrency[key] < 2 || s.MaxInFlight < 2 {
		t.Errorf("parallel requests not seen in flight together: %v max %d", s.MaxConcurrency, s.MaxInFlight)
	}
}

func TestFaults(t *testing.T) {
	e, base := start(t, Options{FailRate: 1})
	for i := 0; i < 6; i++ {
		r := do(t, e, "GET", base+"/users/@me", "")
		if r.status != 500 && r.status != 502 {
			t.Fatalf("status %d", r.status)
		}
		if r.header.Get("X-RateLimit-Bucket") != "" {
			t.Errorf("fault carries bucket headers")
		}
	}
	if s := e.Stats(); s.Faults != 6 || s.Total != 6 {
		t.Errorf("stats %+v", s)
	}
	if _, err := New(Options{FailRate: 2}); err == nil {
		t.Error("FailRate 2 accepted")
	}
}
