package mcp

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

type resp struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, method, url string, hdr map[string]string, body string) resp {
	t.Helper()
	r, err := tryDo(method, url, hdr, body)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tryDo is do for spawned goroutines, which must not stop the test.
func tryDo(method, url string, hdr map[string]string, body string) (resp, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return resp{}, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return resp{r.StatusCode, r.Header, string(b)}, nil
}

// doHost is do with a chosen Host header.
func doHost(t *testing.T, method, url, host, body string) resp {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("Content-Type", "application/json")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return resp{r.StatusCode, r.Header, string(b)}
}

var both = map[string]string{"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}

func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// initSession opens a sessioned revision and returns its session id.
func initSession(t *testing.T, url, version string) string {
	t.Helper()
	r := do(t, "POST", url, both, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+version+`","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
	sid := r.header.Get("Mcp-Session-Id")
	if r.status != 200 || sid == "" || gjson.Get(r.body, "result.protocolVersion").String() != version {
		t.Fatalf("initialize: %d %q %s", r.status, sid, r.body)
	}
	for _, c := range sid {
		if c < 0x21 || c > 0x7e {
			t.Fatalf("session id %q is not visible ASCII", sid)
		}
	}
	if r := do(t, "POST", url, with(both, "Mcp-Session-Id", sid), `{"jsonrpc":"2.0","method":"notifications/initialized"}`); r.status != 202 || r.body != "" {
		t.Fatalf("initialized: %d %q", r.status, r.body)
	}
	return sid
}

func TestJSONRPCErrors(t *testing.T) {
	_, base := startServer(t, Options{})
	url := base + "/v1"
	h := with(both, "Mcp-Session-Id", initSession(t, url, "2025-11-25"), "Mcp-Protocol-Version", "2025-11-25")
	cases := []struct {
		name, body string
		status     int
		code       int64
		id         string
	}{
		{"parse", `{"jsonrpc":`, 200, CodeParseError, "null"}, // /v1: plain JSON-RPC's 200; /mcp: 400 below
		{"wrong jsonrpc", `{"jsonrpc":"1.0","id":1,"method":"ping"}`, 400, CodeInvalidRequest, "1"},
		{"bad id", `{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}`, 400, CodeInvalidRequest, "null"},
		{"null id", `{"jsonrpc":"2.0","id":null,"method":"ping"}`, 400, CodeInvalidRequest, "null"},
		{"missing method", `{"jsonrpc":"2.0","id":2}`, 400, CodeInvalidRequest, "2"},
		{"not object", `42`, 400, CodeInvalidRequest, "null"},
		{"params not object", `{"jsonrpc":"2.0","id":"x","method":"tools/list","params":[1]}`, 400, CodeInvalidParams, `"x"`},
		{"unknown method", `{"jsonrpc":"2.0","id":3,"method":"nope/nope"}`, 200, CodeMethodNotFound, "3"},
		{"discover is 2026 only", `{"jsonrpc":"2.0","id":3,"method":"server/discover","params":{}}`, 0, 0, ""},
		{"bad call params", `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":7}}`, 200, CodeInvalidParams, "4"},
		{"bad arguments", `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":[]}}`, 200, CodeInvalidParams, "4"},
		{"unknown tool", `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"nope"}}`, 200, CodeInvalidParams, "5"},
		{"tool error", `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"boom"}}`, 200, CodeInternalError, "5"},
		{"bad cursor", `{"jsonrpc":"2.0","id":6,"method":"tools/list","params":{"cursor":"garbage"}}`, 200, CodeInvalidParams, "6"},
		{"bad level", `{"jsonrpc":"2.0","id":7,"method":"logging/setLevel","params":{"level":"loud"}}`, 200, CodeInvalidParams, "7"},
		{"no resource", `{"jsonrpc":"2.0","id":8,"method":"resources/read","params":{"uri":"x://y"}}`, 200, -32002, "8"},
	}
	for _, c := range cases {
		if c.status == 0 {
			continue // the stateless path, covered in TestModern
		}
		r := do(t, "POST", url, h, c.body)
		if r.status != c.status || gjson.Get(r.body, "error.code").Int() != c.code || gjson.Get(r.body, "id").Raw != c.id || r.header.Get("X-Response-Src") != "mcp" {
			t.Errorf("%s: %d %s", c.name, r.status, r.body)
		}
	}
	for _, body := range []string{`{"jsonrpc":`, strings.Repeat("[", 100)} {
		if r := do(t, "POST", base+"/mcp", h, body); r.status != 400 || gjson.Get(r.body, "error.code").Int() != CodeParseError {
			t.Errorf("/mcp parse error: %d %s", r.status, r.body)
		}
	}
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"notifications/whatever"}`,
		`{"jsonrpc":"2.0","id":99,"result":{}}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":12345}}`,
	} {
		if r := do(t, "POST", url, h, body); r.status != 202 || r.body != "" {
			t.Errorf("%s: %d %q", body, r.status, r.body)
		}
	}
	for _, m := range []string{"ping", "resources/list", "prompts/list", "resources/templates/list"} {
		r := do(t, "POST", url, h, `{"jsonrpc":"2.0","id":"a","method":"`+m+`"}`)
		if r.status != 200 || !gjson.Get(r.body, "result").IsObject() {
			t.Errorf("%s: %d %s", m, r.status, r.body)
		}
	}
}

func TestSessions(t *testing.T) {
	_, base := startServer(t, Options{})
	url := base + "/mcp"
	list := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
	if r := do(t, "POST", url, both, list); r.status != 400 {
		t.Errorf("no session: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", url, with(both, "Mcp-Session-Id", "nope"), list); r.status != 404 {
		t.Errorf("unknown session: %d %s", r.status, r.body)
	}
	sid := initSession(t, url, "2025-06-18")
	h := with(both, "Mcp-Session-Id", sid)
	if r := do(t, "POST", url, h, list); r.status != 200 || len(gjson.Get(r.body, "result.tools").Array()) != 3 {
		t.Errorf("no version header (2025-03-26 assumed): %d %s", r.status, r.body)
	}
	if r := do(t, "POST", url, with(h, "Mcp-Protocol-Version", "1999-01-01"), list); r.status != 400 {
		t.Errorf("bad version header: %d %s", r.status, r.body)
	}
	if r := do(t, "DELETE", url, nil, ""); r.status != 400 {
		t.Errorf("delete without id: %d", r.status)
	}
	if r := do(t, "DELETE", url, h, ""); r.status != 200 {
		t.Errorf("delete: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", url, h, list); r.status != 404 {
		t.Errorf("after delete: %d %s", r.status, r.body)
	}
	if r := do(t, "PUT", url, h, list); r.status != 405 {
		t.Errorf("PUT: %d", r.status)
	}
	if r := do(t, "GET", base+"/elsewhere", nil, ""); r.status != 404 || r.header.Get("X-Response-Src") != "mcp" || gjson.Get(r.body, "error").String() == "" {
		t.Errorf("404: %d %v %s", r.status, r.header, r.body)
	}
}

// TestSessionBound: at --max-sessions a new initialize (which needs no
// credentials) is refused with 503 and Retry-After; the live sessions all
// keep working. Only sessions idle past their expiry make room.
func TestSessionBound(t *testing.T) {
	s, base := startServer(t, Options{MaxSessions: 2, MaxSessionsPerCaller: 2, SessionIdle: time.Hour})
	live := []string{initSession(t, base+"/v1", "2025-11-25"), initSession(t, base+"/v1", "2025-11-25")}
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}`
	for range 50 {
		r := do(t, "POST", base+"/mcp", both, init)
		if r.status != 503 || r.header.Get("Retry-After") == "" || r.header.Get("Mcp-Session-Id") != "" {
			t.Fatalf("initialize at the bound: %d Retry-After=%q %s", r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	if r := do(t, "GET", base+"/v1/sse", map[string]string{"Accept": "text/event-stream"}, ""); r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("legacy stream at the bound: %d %s", r.status, r.body)
	}
	for _, sid := range live {
		if r := do(t, "POST", base+"/v1", with(both, "Mcp-Session-Id", sid), `{"jsonrpc":"2.0","id":2,"method":"ping"}`); r.status != 200 {
			t.Errorf("live session %s after 50 refused initializes: %d %s", sid, r.status, r.body)
		}
	}
	// An idle-expired session is reaped to make room.
	s.sessions.get(live[0]).lastUsed.Store(time.Now().Add(-2 * time.Hour).UnixNano())
	if r := do(t, "POST", base+"/mcp", both, init); r.status != 200 || r.header.Get("Mcp-Session-Id") == "" {
		t.Errorf("initialize with an expired session to reap: %d %s", r.status, r.body)
	}
	if s.sessions.get(live[1]) == nil {
		t.Errorf("the live session was evicted")
	}
	s.sessions.sweep(time.Now().Add(2 * time.Hour).UnixNano())
	if n := s.sessions.count(); n != 0 {
		t.Errorf("after sweep: %d", n)
	}
}

func TestOrigin(t *testing.T) {
	_, base := startServer(t, Options{AllowedOrigins: []string{"https://app.example"}})
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"o","version":"1"}}}`
	for origin, want := range map[string]int{
		"http://evil.example.com": 403, "null": 403, "http://localhost.evil.com": 403,
		"http://localhost:3000": 200, "http://127.0.0.1": 200, "http://[::1]:8080": 200, "https://app.example": 200,
	} {
		r := do(t, "POST", base+"/v1", with(both, "Origin", origin, "Host", "localhost"), init)
		if r.status != want {
			t.Errorf("Origin %s: %d, want %d", origin, r.status, want)
		}
	}
	if r := do(t, "GET", base+"/v1/tools/list", map[string]string{"Origin": "http://evil.example.com"}, ""); r.status != 403 || gjson.Get(r.body, "error").String() == "" {
		t.Errorf("helper origin: %d %s", r.status, r.body)
	}
}

func TestBatch(t *testing.T) {
	_, base := startServer(t, Options{})
	url := base + "/v1"
	batch := `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"jsonrpc":"2.0","id":3}]`
	h := with(both, "Mcp-Session-Id", initSession(t, url, "2025-03-26"))
	r := do(t, "POST", url, h, batch)
	arr := gjson.Parse(r.body).Array()
	if r.status != 200 || len(arr) != 3 || arr[0].Get("id").Int() != 1 || arr[1].Get("id").Int() != 2 || arr[2].Get("error.code").Int() != CodeInvalidRequest {
		t.Errorf("batch in 2025-03-26: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", url, h, `[{"jsonrpc":"2.0","method":"notifications/initialized"}]`); r.status != 202 {
		t.Errorf("notification-only batch: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", url, h, `[]`); r.status != 400 {
		t.Errorf("empty batch: %d %s", r.status, r.body)
	}
	h = with(both, "Mcp-Session-Id", initSession(t, url, "2025-11-25"))
	if r := do(t, "POST", url, h, batch); r.status != 400 || gjson.Get(r.body, "error.code").Int() != CodeInvalidRequest {
		t.Errorf("batch in 2025-11-25: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", url, both, `[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}]`); r.status != 400 {
		t.Errorf("batched initialize: %d %s", r.status, r.body)
	}
}

func TestPagination(t *testing.T) {
	_, base := startServer(t, Options{Catalog: &fakeCatalog{extra: 120}})
	url := base + "/v1"
	h := with(both, "Mcp-Session-Id", initSession(t, url, "2025-11-25"))
	var names []string
	cursor := ""
	for page := 0; page < 10; page++ {
		params := `{}`
		if cursor != "" {
			params = `{"cursor":"` + cursor + `"}`
		}
		r := do(t, "POST", url, h, `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":`+params+`}`)
		for _, tl := range gjson.Get(r.body, "result.tools").Array() {
			names = append(names, tl.Get("name").String())
		}
		cursor = gjson.Get(r.body, "result.nextCursor").String()
		if cursor == "" {
			break
		}
	}
	if len(names) != 123 || names[0] != "echo" || names[122] != "filler_119" {
		t.Errorf("paged %d tools", len(names))
	}
}

func TestHelpers(t *testing.T) {
	_, base := startServer(t, Options{})
	for _, m := range []string{"GET", "POST"} {
		r := do(t, m, base+"/v1/tools/list", nil, "")
		if r.status != 200 || len(gjson.Get(r.body, "tools").Array()) != 3 || r.header.Get("X-Response-Src") != "mcp" {
			t.Errorf("%s list: %d %s", m, r.status, r.body)
		}
	}
	call := base + "/v1/tools/call"
	cases := []struct {
		body, hdr, src string
		status         int
		check          string
	}{
		{`{"name":"echo","arguments":{"text":"yo"}}`, "", "mcp", 200, "structuredContent.echo"},
		{`{"name":"nope"}`, "", "mcp", 404, "error"},
		{`{"name":"echo","arguments":"x"}`, "", "mcp", 400, "error"},
		{`not json`, "", "mcp", 400, "error"},
		{`{"arguments":{}}`, "", "mcp", 400, "error"},
		{`{"name":"refused"}`, "", "discord", 403, "code"},
		{`{"name":"echo"}`, "X-Bad", "mcp", 400, "error"},
		{`{"name":"echo"}`, "Authorization", "mcp", 401, "error"},
	}
	for _, c := range cases {
		h := map[string]string{}
		switch c.hdr {
		case "X-Bad":
			h["X-Bad"] = "1"
		case "Authorization":
			h["Authorization"] = "Bearer bad"
		}
		r := do(t, "POST", call, h, c.body)
		if r.status != c.status || r.header.Get("X-Response-Src") != c.src || !gjson.Get(r.body, c.check).Exists() {
			t.Errorf("%s: %d %s %s", c.body, r.status, r.header.Get("X-Response-Src"), r.body)
		}
	}
	if r := do(t, "GET", call, nil, ""); r.status != 405 {
		t.Errorf("GET call: %d", r.status)
	}
}

func TestPrepareErrors(t *testing.T) {
	_, base := startServer(t, Options{})
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}`
	if r := do(t, "POST", base+"/v1", with(both, "X-Bad", "1"), init); r.status != 400 || !strings.Contains(r.body, "bad X-Bad") {
		t.Errorf("prepare 400: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", base+"/v1", with(both, "Authorization", "Bearer bad"), init); r.status != 401 {
		t.Errorf("prepare 401: %d %s", r.status, r.body)
	}
}

func TestBodyLimit(t *testing.T) {
	_, base := startServer(t, Options{MaxBodyBytes: 1024})
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 2048) + `"}}`
	if r := do(t, "POST", base+"/v1", both, big); r.status != 413 || gjson.Get(r.body, "error.message").String() == "" {
		t.Errorf("big body: %d %s", r.status, r.body)
	}
}

func TestAcceptHeaders(t *testing.T) {
	_, base := startServer(t, Options{})
	url := base + "/v1"
	sid := initSession(t, url, "2025-11-25")
	r := do(t, "POST", url, map[string]string{"Accept": "text/event-stream", "Mcp-Session-Id": sid}, `{"jsonrpc":"2.0","id":1,"method":"ping"}`)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/event-stream") || !strings.Contains(r.body, `"result":{}`) {
		t.Errorf("SSE only: %d %v %q", r.status, r.header, r.body)
	}
	if r := do(t, "POST", url, map[string]string{"Accept": "text/html", "Mcp-Session-Id": sid}, `{"jsonrpc":"2.0","id":1,"method":"ping"}`); r.status != 406 {
		t.Errorf("html only: %d", r.status)
	}
	if r := do(t, "POST", url, map[string]string{"Content-Type": "text/plain", "Mcp-Session-Id": sid}, `{"jsonrpc":"2.0","id":1,"method":"ping"}`); r.status != 415 {
		t.Errorf("text/plain: %d", r.status)
	}
	if r := do(t, "GET", url, map[string]string{"Accept": "application/json", "Mcp-Session-Id": sid}, ""); r.status != 406 {
		t.Errorf("GET json: %d", r.status)
	}
	if r := do(t, "GET", url, map[string]string{"Accept": "text/event-stream"}, ""); r.status != 405 {
		t.Errorf("GET without session: %d", r.status)
	}
}

// sseReader reads events from a streaming response.
type sseReader struct{ br *bufio.Reader }

// next returns the next event's id and data, skipping comments.
func (s *sseReader) next() (id, name, data string, err error) {
	for {
		line, err := s.br.ReadString('\n')
		if err != nil {
			return "", "", "", err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if id != "" || data != "" || name != "" {
				return id, name, data, nil
			}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "id: "):
			id = line[4:]
		case strings.HasPrefix(line, "event: "):
			name = line[7:]
		case strings.HasPrefix(line, "data: "):
			data = line[6:]
		}
	}
}

func openStream(t *testing.T, ctx context.Context, method, url string, hdr map[string]string, body string) (*http.Response, *sseReader) {
	t.Helper()
	r, rd, err := tryOpenStream(ctx, method, url, hdr, body)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Body.Close() })
	return r, rd
}

// tryOpenStream is openStream for spawned goroutines; the caller closes
// the body.
func tryOpenStream(ctx context.Context, method, url string, hdr map[string]string, body string) (*http.Response, *sseReader, error) {
	req, _ := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/event-stream") {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		return nil, nil, fmt.Errorf("%s %s: %d %s", method, url, r.StatusCode, b)
	}
	return r, &sseReader{bufio.NewReader(r.Body)}, nil
}

func TestCancelOnStream(t *testing.T) {
	cat := &fakeCatalog{started: make(chan struct{}, 1)}
	_, base := startServer(t, Options{Catalog: cat})
	url := base + "/v1"
	sid := initSession(t, url, "2025-11-25")
	h := with(both, "Mcp-Session-Id", sid)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, sr := openStream(t, ctx, "POST", url, h, `{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"slow","arguments":{"block":true},"_meta":{"progressToken":7}}}`)
	_, _, data, err := sr.next()
	if err != nil || gjson.Get(data, "method").String() != "notifications/progress" || gjson.Get(data, "params.progressToken").Int() != 7 {
		t.Fatalf("first event: %v %s", err, data)
	}
	<-cat.started
	if r := do(t, "POST", url, h, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c1"}}`); r.status != 202 {
		t.Fatalf("cancel: %d", r.status)
	}
	for {
		_, _, data, err := sr.next()
		if err != nil {
			t.Fatalf("stream ended without result: %v", err)
		}
		if gjson.Get(data, "id").String() == "c1" {
			if gjson.Get(data, "result.content.0.text").String() != "cancelled" {
				t.Errorf("result: %s", data)
			}
			return
		}
	}
}

func TestGETStreamResume(t *testing.T) {
	_, base := startServer(t, Options{})
	url := base + "/v1"
	sid := initSession(t, url, "2025-11-25")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sh := map[string]string{"Accept": "text/event-stream", "Mcp-Session-Id": sid}
	_, sr := openStream(t, ctx, "GET", url, sh, "")
	if id, _, data, err := sr.next(); err != nil || id != "0" || data != "" {
		t.Fatalf("priming event: %q %q %v", id, data, err)
	}
	// A JSON-only client's call sends its notifications to the GET stream.
	r := do(t, "POST", url, map[string]string{"Accept": "application/json", "Mcp-Session-Id": sid},
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","_meta":{"progressToken":"t"}}}`)
	if r.status != 200 || gjson.Get(r.body, "result.content.0.text").String() != "slow done" {
		t.Fatalf("call: %d %s", r.status, r.body)
	}
	var ids []string
	for range 3 { // progress, log, progress
		id, _, data, err := sr.next()
		if err != nil || !strings.HasPrefix(gjson.Get(data, "method").String(), "notifications/") {
			t.Fatalf("event: %v %s", err, data)
		}
		ids = append(ids, id)
	}
	// Reconnect after the first event: the other two come again.
	_, sr2 := openStream(t, ctx, "GET", url, with(sh, "Last-Event-ID", ids[0]), "")
	sr2.next() // priming
	for _, want := range ids[1:] {
		if id, _, _, err := sr2.next(); err != nil || id != want {
			t.Fatalf("replayed %q, want %q (%v)", id, want, err)
		}
	}
}

func TestModern(t *testing.T) {
	_, base := startServer(t, Options{})
	url := base + "/v1"
	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}`
	h := with(both, "Mcp-Protocol-Version", "2026-07-28")
	r := do(t, "POST", url, with(h, "Mcp-Method", "server/discover"), `{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{`+meta+`}}`)
	if r.status != 200 || r.header.Get("Mcp-Session-Id") != "" || gjson.Get(r.body, "result.resultType").String() != "complete" ||
		gjson.Get(r.body, "result.supportedVersions.0").String() != "2026-07-28" || !gjson.Get(r.body, `result._meta.io\.modelcontextprotocol/serverInfo.name`).Exists() {
		t.Errorf("discover: %d %s", r.status, r.body)
	}
	r = do(t, "POST", url, with(h, "Mcp-Method", "tools/list"), `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{`+meta+`}}`)
	if r.status != 200 || !gjson.Get(r.body, "result.ttlMs").Exists() || gjson.Get(r.body, "result.cacheScope").String() == "" || len(gjson.Get(r.body, "result.tools").Array()) != 3 {
		t.Errorf("tools/list: %d %s", r.status, r.body)
	}
	r = do(t, "POST", url, with(h, "Mcp-Method", "tools/call", "Mcp-Name", "echo"), `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"},`+meta+`}}`)
	if r.status != 200 || gjson.Get(r.body, "result.structuredContent.echo").String() != "x" || gjson.Get(r.body, "result.resultType").String() != "complete" {
		t.Errorf("tools/call: %d %s", r.status, r.body)
	}
	errCases := []struct {
		name   string
		hdr    map[string]string
		body   string
		status int
		code   int64
	}{
		{"method mismatch", with(h, "Mcp-Method", "tools/call"), `{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{` + meta + `}}`, 400, CodeHeaderMismatch},
		{"name mismatch", with(h, "Mcp-Method", "tools/call", "Mcp-Name", "slow"), `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo",` + meta + `}}`, 400, CodeHeaderMismatch},
		{"version header mismatch", with(both, "Mcp-Method", "tools/list", "Mcp-Protocol-Version", "2025-11-25"), `{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{` + meta + `}}`, 400, CodeHeaderMismatch},
		{"ping removed", with(h, "Mcp-Method", "ping"), `{"jsonrpc":"2.0","id":5,"method":"ping","params":{` + meta + `}}`, 404, CodeMethodNotFound},
		{"setLevel removed", with(h, "Mcp-Method", "logging/setLevel"), `{"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"info",` + meta + `}}`, 404, CodeMethodNotFound},
		{"unknown tool", with(h, "Mcp-Method", "tools/call", "Mcp-Name", "nope"), `{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"nope",` + meta + `}}`, 400, CodeInvalidParams},
		{"missing meta", with(h, "Mcp-Method", "tools/list"), `{"jsonrpc":"2.0","id":7,"method":"tools/list"}`, 400, CodeInvalidParams},
	}
	for _, c := range errCases {
		r := do(t, "POST", url, c.hdr, c.body)
		if r.status != c.status || gjson.Get(r.body, "error.code").Int() != c.code {
			t.Errorf("%s: %d %s", c.name, r.status, r.body)
		}
	}
	r = do(t, "POST", url, with(both, "Mcp-Protocol-Version", "2099-01-01", "Mcp-Method", "server/discover"),
		`{"jsonrpc":"2.0","id":8,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2099-01-01"}}}`)
	if r.status != 400 || gjson.Get(r.body, "error.code").Int() != CodeUnsupportedProtocolVersion ||
		gjson.Get(r.body, "error.data.requested").String() != "2099-01-01" || !bytes.Contains([]byte(gjson.Get(r.body, "error.data.supported").Raw), []byte("2026-07-28")) {
		t.Errorf("unsupported version: %d %s", r.status, r.body)
	}
}
