package tools

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// wait_for_messages returns what arrives while it waits, keeps waiting
// past messages its filter rejects, and says timed_out when nothing
// matching comes in time.
func TestWaitForMessages(t *testing.T) {
	t.Parallel()
	st := newToolStack(t, nil, Options{Toolsets: []string{"all"}})
	ctx := st.ctx(t, nil)
	gen := discordtest.GeneralID.String()
	last := call(t, ctx, st.cat, "get_messages", `{"channel_id":"`+gen+`","limit":1}`, false).Get("messages.0.id").Str

	type result struct {
		out string
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := st.cat.CallTool(ctx, "wait_for_messages",
			json.RawMessage(`{"channel_id":"`+gen+`","after":"`+last+`","mentions_bot":true,"timeout_seconds":10}`), func(float64, float64, string) {})
		if err != nil {
			done <- result{err: err}
			return
		}
		done <- result{out: string(res.Structured)}
	}()
	time.Sleep(200 * time.Millisecond)
	call(t, ctx, st.cat, "send_message", `{"channel_id":"`+gen+`","content":"no mention: not the answer"}`, false)
	answer := call(t, ctx, st.cat, "send_message", `{"channel_id":"`+gen+`","content":"<@`+discordtest.BotUserID.String()+`> here is the answer"}`, false)
	var r result
	select {
	case r = <-done:
	case <-time.After(8 * time.Second):
		t.Fatal("wait_for_messages did not return after the answer arrived")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	out := parse([]byte(r.out))
	if out.Get("messages.#").Int() != 1 || out.Get("messages.0.id").Str != answer.Get("id").Str || out.Get("timed_out").Bool() {
		t.Fatalf("wait_for_messages: %s", r.out)
	}
	if out.Get("last_id").Str != answer.Get("id").Str {
		t.Errorf("last_id %s, want the newest seen", out.Get("last_id").Str)
	}

	// The caller's own deadline ends the wait before timeout_seconds.
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	out = call(t, short, st.cat, "wait_for_messages", `{"channel_id":"`+gen+`","after":"`+answer.Get("id").Str+`","authors":["`+discordtest.HumanUserID.String()+`"],"timeout_seconds":60}`, false)
	if !out.Get("timed_out").Bool() || out.Get("messages.#").Int() != 0 || out.Get("polls").Int() < 1 {
		t.Errorf("a wait nobody answers: %s", out.Raw)
	}
}
