package tools

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// longSeed has n messages in general, one a millisecond apart after the
// seeded ones, alternating authors.
func longSeed(n int) (*discordtest.Seed, []string) {
	seed := discordtest.DefaultSeed()
	gen := discordtest.GeneralID.String()
	msgs := seed.Messages[gen]
	for i := 0; len(msgs) < n; i++ {
		m := msgs[i%discordtest.DefaultSeedMessages]
		m.ID = msgs[len(msgs)-1].ID + 1<<22
		m.Reactions, m.MessageReference, m.Type, m.Pinned = nil, nil, 0, false
		msgs = append(msgs, m)
	}
	seed.Messages[gen] = msgs
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID.String()
	}
	return seed, ids
}

func idsOf(out gjson.Result) []string {
	var ids []string
	for _, m := range out.Get("messages").Array() {
		ids = append(ids, m.Get("id").Str)
	}
	return ids
}

// monotonic reports whether ids run strictly one way (desc: newest first).
func monotonic(ids []string, desc bool) bool {
	for i := 1; i < len(ids); i++ {
		if c := cmpID(ids[i-1], ids[i]); desc && c <= 0 || !desc && c >= 0 {
			return false
		}
	}
	return true
}

// TestFetchMessagesPaging reads 250 messages in pages of 100 through the
// real proxy: counts, order, the cursor, and date bounds.
func TestFetchMessagesPaging(t *testing.T) {
	seed, all := longSeed(250)
	st := newToolStack(t, seed, Options{Toolsets: []string{"all"}})
	ctx := st.ctx(t, nil)
	gen := discordtest.GeneralID.String()
	out := call(t, ctx, st.cat, "fetch_messages", `{"channel_id":"`+gen+`","limit":200}`, false)
	first := idsOf(out)
	if len(first) != 200 || !monotonic(first, true) || first[0] != all[249] || !out.Get("truncated").Bool() || out.Get("next_cursor").Str != first[199] {
		t.Fatalf("first 200: %d ids, truncated %v, cursor %s", len(first), out.Get("truncated").Bool(), out.Get("next_cursor").Raw)
	}
	if n := len(st.rec.take()); n != 2 {
		t.Errorf("200 messages took %d requests, want 2", n)
	}
	out = call(t, ctx, st.cat, "fetch_messages", `{"channel_id":"`+gen+`","cursor":"`+first[199]+`"}`, false)
	rest := idsOf(out)
	if len(rest) != 50 || rest[0] != all[49] || rest[49] != all[0] || out.Get("truncated").Bool() || out.Get("next_cursor").Type != gjson.Null {
		t.Errorf("the rest: %d ids from %s, truncated %v", len(rest), strings.Join(rest[:min(1, len(rest))], ""), out.Get("truncated").Bool())
	}
	// Forward from a date (the seed starts 2025-06-01 09:00): oldest
	// first, across pages.
	out = call(t, ctx, st.cat, "fetch_messages", `{"channel_id":"`+gen+`","since":"2025-06-01T09:00:00Z","limit":150}`, false)
	fwd := idsOf(out)
	if len(fwd) != 150 || fwd[0] != all[0] || fwd[149] != all[149] || !monotonic(fwd, false) {
		t.Errorf("since: %d ids, first %v", len(fwd), fwd[:min(2, len(fwd))])
	}
	// Both bounds: only what lies between, newest first.
	out = call(t, ctx, st.cat, "fetch_messages", `{"channel_id":"`+gen+`","after":"`+all[100]+`","before":"`+all[220]+`","limit":1000}`, false)
	if got := idsOf(out); len(got) != 119 || got[0] != all[219] || got[118] != all[101] || out.Get("truncated").Bool() {
		t.Errorf("between 100 and 220: %d ids", len(got))
	}
}

// TestIDRangePaging: ranges span pages, include both ends, stop at the
// scan cap with truncation metadata, and filter by author.
func TestIDRangePaging(t *testing.T) {
	seed, all := longSeed(250)
	st := newToolStack(t, seed, Options{Toolsets: []string{"all"}})
	ctx := st.ctx(t, nil)
	gen := discordtest.GeneralID.String()
	out := call(t, ctx, st.cat, "get_messages_id_range", `{"channel_id":"`+gen+`","from_id":"`+all[240]+`","to_id":"`+all[10]+`"}`, false)
	if got := idsOf(out); len(got) != 231 || got[0] != all[10] || got[230] != all[240] || out.Get("truncated").Bool() {
		t.Errorf("10..240: %d rows, truncated %v", len(got), out.Get("truncated").Bool())
	}
	out = call(t, ctx, st.cat, "get_messages_id_range", `{"channel_id":"`+gen+`","from_id":"`+all[10]+`","to_id":"`+all[240]+`","max_scan":100}`, false)
	if got := idsOf(out); len(got) != 100 || !out.Get("truncated").Bool() || out.Get("next_cursor").Str != all[109] || out.Get("scanned").Int() != 100 {
		t.Errorf("capped: %d rows, %s", len(got), out.Raw[max(0, len(out.Raw)-120):])
	}
	owner := discordtest.OwnerUserID.String()
	out = call(t, ctx, st.cat, "get_messages_id_range", `{"channel_id":"`+gen+`","from_id":"`+all[200]+`","count_before":20,"authors":["`+owner+`"]}`, false)
	rows := out.Get("messages").Array()
	if len(rows) != 20 || !monotonic(idsOf(out), true) || cmpID(rows[0].Get("id").Str, all[200]) >= 0 {
		t.Fatalf("count_before: %d rows", len(rows))
	}
	for _, r := range rows {
		if r.Get("author_id").Str != owner || r.Get("created_at").Str == "" {
			t.Errorf("row %s", r.Raw)
		}
	}
}
