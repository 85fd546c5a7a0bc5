package mcp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// initAsker opens a session whose client declared form elicitation.
func initAsker(t *testing.T, url string) string {
	t.Helper()
	r := do(t, "POST", url, both, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"form":{}}},"clientInfo":{"name":"raw","version":"1"}}}`)
	sid := r.header.Get("Mcp-Session-Id")
	if r.status != 200 || sid == "" || gjson.Get(r.body, "result.capabilities.tools.listChanged").Bool() != true {
		t.Fatalf("initialize: %d %q %s", r.status, sid, r.body)
	}
	return sid
}

// TestElicitForgedAnswers: the elicitation request goes out on the call's
// own stream with a random id; an answer with another id, or the right id
// from another session, is ignored; the real answer (here a decline, while
// the forgeries accept) is what the tool sees.
func TestElicitForgedAnswers(t *testing.T) {
	cat := &askCatalog{}
	_, base := startServer(t, Options{Catalog: cat})
	url := base + "/mcp"
	a, b := initAsker(t, url), initAsker(t, url)
	ha, hb := with(both, "Mcp-Session-Id", a), with(both, "Mcp-Session-Id", b)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, sr := openStream(t, ctx, "POST", url, ha, `{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"confirm","arguments":{}}}`)
	_, _, data, err := sr.next()
	req := gjson.Parse(data)
	id := req.Get("id")
	if err != nil || req.Get("method").String() != "elicitation/create" || id.Type != gjson.String || len(id.Str) < 32 ||
		req.Get("params.message").String() != confirmQuestion || req.Get("params.mode").String() != "form" ||
		!req.Get("params.requestedSchema.properties.reason").Exists() {
		t.Fatalf("first event: %v %s", err, data)
	}
	accept := `,"result":{"action":"accept","content":{"reason":"forged"}}}`
	for _, f := range []struct {
		name string
		hdr  map[string]string
		body string
	}{
		{"wrong id", ha, `{"jsonrpc":"2.0","id":"ask-0123456789abcdef0123456789abcdef"` + accept},
		{"numeric id", ha, `{"jsonrpc":"2.0","id":1` + accept},
		{"other session", hb, `{"jsonrpc":"2.0","id":` + id.Raw + accept},
	} {
		if r := do(t, "POST", url, f.hdr, f.body); r.status != 202 {
			t.Errorf("%s: %d %s", f.name, r.status, r.body)
		}
	}
	if r := do(t, "POST", url, ha, `{"jsonrpc":"2.0","id":`+id.Raw+`,"result":{"action":"decline"}}`); r.status != 202 {
		t.Fatalf("answer: %d %s", r.status, r.body)
	}
	// Answering twice: the request is gone, the second answer is dropped.
	if r := do(t, "POST", url, ha, `{"jsonrpc":"2.0","id":`+id.Raw+accept); r.status != 202 {
		t.Errorf("second answer: %d %s", r.status, r.body)
	}
	_, _, data, err = sr.next()
	if err != nil || gjson.Get(data, "id").String() != "c1" || gjson.Get(data, "result.content.0.text").String() != "decline " {
		t.Fatalf("result: %v %s", err, data)
	}
	if cat.sentCount() != 0 {
		t.Error("a forged accept reached the tool")
	}
}

// TestElicitNeedsStream: a call whose client accepts only JSON cannot
// carry the request, and a session that did not declare elicitation is
// never asked: both get ErrNoElicitation.
func TestElicitNeedsStream(t *testing.T) {
	cat := &askCatalog{}
	_, base := startServer(t, Options{Catalog: cat})
	url := base + "/mcp"
	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"confirm","arguments":{}}}`
	jsonOnly := map[string]string{"Accept": "application/json", "Content-Type": "application/json", "Mcp-Session-Id": initAsker(t, url)}
	if r := do(t, "POST", url, jsonOnly, call); gjson.Get(r.body, "result.content.0.text").String() != "no-elicitation" {
		t.Errorf("JSON-only call: %d %s", r.status, r.body)
	}
	plain := with(both, "Mcp-Session-Id", initSession(t, url, "2025-11-25"))
	if r := do(t, "POST", url, plain, call); gjson.Get(r.body, "result.content.0.text").String() != "no-elicitation" {
		t.Errorf("undeclared: %d %s", r.status, r.body)
	}
	if cat.sentCount() != 0 {
		t.Error("sent without an answer")
	}
}

// TestInputRequiredState: in the stateless revision an answer counts only
// with the state the server signed for that very call, once.
func TestInputRequiredState(t *testing.T) {
	cat := &askCatalog{}
	_, base := startServer(t, Options{Catalog: cat})
	url := base + "/mcp"
	h := with(both, "Mcp-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "confirm")
	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}}}`
	answer := `"inputResponses":{"elicit-1":{"action":"accept","content":{"reason":"r"}}}`
	call := func(args, extra string) gjson.Result {
		t.Helper()
		r := do(t, "POST", url, h, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"confirm","arguments":`+args+`,`+extra+meta+`}}`)
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		return gjson.Get(r.body, "result")
	}
	first := call(`{"n":1}`, "")
	state := first.Get("requestState").String()
	if first.Get("resultType").String() != "input_required" || first.Get("inputRequests.elicit-1.method").String() != "elicitation/create" ||
		first.Get("inputRequests.elicit-1.params.message").String() != confirmQuestion || state == "" || first.Get("content").Exists() {
		t.Fatalf("first round: %s", first.Raw)
	}
	tampered := []byte(state)
	tampered[len(tampered)/3] ^= 1
	for name, extra := range map[string]string{
		"no state":         answer + ",",
		"forged state":     answer + `,"requestState":"` + string(tampered) + `",`,
		"wrong answer key": `"inputResponses":{"elicit-2":{"action":"accept"}},"requestState":"` + state + `",`,
	} {
		if res := call(`{"n":1}`, extra); res.Get("resultType").String() != "input_required" {
			t.Errorf("%s: %s", name, res.Raw)
		}
	}
	second := call(`{"n":1}`, "")
	state = second.Get("requestState").String()
	if res := call(`{"n":2}`, answer+`,"requestState":"`+state+`",`); res.Get("resultType").String() != "input_required" {
		t.Errorf("state of other arguments: %s", res.Raw)
	}
	third := call(`{"n":1}`, "")
	state = third.Get("requestState").String()
	ok := answer + `,"requestState":"` + state + `",`
	if res := call(`{ "n" : 1 }`, ok); res.Get("resultType").String() != "complete" || res.Get("content.0.text").String() != `accept {"reason":"r"}` {
		t.Fatalf("answered: %s", res.Raw)
	}
	if res := call(`{"n":1}`, ok); res.Get("resultType").String() != "input_required" {
		t.Errorf("replayed state: %s", res.Raw)
	}
	if n := cat.sentCount(); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
}

// TestElicitCallCancelled: when the client cancels the call while the
// question is open, the tool's wait ends with the call's context, the
// pending request is forgotten, and a late answer is ignored.
func TestElicitCallCancelled(t *testing.T) {
	cat := &askCatalog{outcome: make(chan string, 1)}
	s, base := startServer(t, Options{Catalog: cat})
	url := base + "/mcp"
	sid := initAsker(t, url)
	h := with(both, "Mcp-Session-Id", sid)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, sr := openStream(t, ctx, "POST", url, h, `{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"confirm","arguments":{}}}`)
	_, _, data, err := sr.next()
	id := gjson.Get(data, "id").Raw
	if err != nil || gjson.Get(data, "method").String() != "elicitation/create" {
		t.Fatalf("first event: %v %s", err, data)
	}
	if r := do(t, "POST", url, h, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c1"}}`); r.status != 202 {
		t.Fatalf("cancel: %d", r.status)
	}
	select {
	case got := <-cat.outcome:
		if !strings.Contains(got, "context canceled") {
			t.Errorf("the tool saw %q, want the call's cancellation", got)
		}
	case <-ctx.Done():
		t.Fatal("the tool kept waiting after the call was cancelled")
	}
	ss := s.sessions.get(sid)
	ss.mu.Lock()
	open := len(ss.asks)
	ss.mu.Unlock()
	if open != 0 {
		t.Errorf("%d requests still pending", open)
	}
	if r := do(t, "POST", url, h, `{"jsonrpc":"2.0","id":`+id+`,"result":{"action":"accept"}}`); r.status != 202 || cat.sentCount() != 0 {
		t.Errorf("late answer: %d %s, sent %d", r.status, r.body, cat.sentCount())
	}
}

func TestDeclaresFormElicitation(t *testing.T) {
	for caps, want := range map[string]bool{
		`{}`:                     true, // 2025-06-18: form is implied
		`{"form":{}}`:            true,
		`{"form":{},"url":{}}`:   true,
		`{"url":{}}`:             false, // URL mode only: no form to show
		`true`:                   false,
		`null`:                   false,
		`{"elicitation_x":true}`: true,
	} {
		if got := declaresFormElicitation(gjson.Parse(caps)); got != want {
			t.Errorf("%s: %v, want %v", caps, got, want)
		}
	}
}

// TestElicitClientError: a client that answers the request with a
// JSON-RPC error, or with an action that is not one of the three, leaves
// the question unanswered.
func TestElicitClientError(t *testing.T) {
	cat := &askCatalog{}
	_, base := startServer(t, Options{Catalog: cat})
	url := base + "/mcp"
	h := with(both, "Mcp-Session-Id", initAsker(t, url))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, answer := range []string{`"error":{"code":-1,"message":"user closed the dialog"}`, `"result":{"action":"yes"}`, `"result":{"action":"accept","content":[1]}`} {
		_, sr := openStream(t, ctx, "POST", url, h, `{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"confirm","arguments":{}}}`)
		_, _, data, err := sr.next()
		if err != nil {
			t.Fatal(err)
		}
		if r := do(t, "POST", url, h, `{"jsonrpc":"2.0","id":`+gjson.Get(data, "id").Raw+`,`+answer+`}`); r.status != 202 {
			t.Fatalf("answer: %d", r.status)
		}
		_, _, data, err = sr.next()
		if text := gjson.Get(data, "result.content.0.text").String(); err != nil || !strings.HasPrefix(text, "failed: ") || !strings.Contains(text, "elicitation failed") {
			t.Errorf("%s: %v %s", answer, err, data)
		}
	}
	if cat.sentCount() != 0 {
		t.Error("sent without an accepted answer")
	}
}
