package mcp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// openLegacyRaw opens GET /v1/sse on a raw connection, so the test
// decides when the stream is read. It returns
// the POST endpoint and the event reader.
func openLegacyRaw(t *testing.T, base string) (string, *sseReader, net.Conn) {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "GET /v1/sse HTTP/1.1\r\nHost: "+addr+"\r\nAccept: text/event-stream\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("open legacy stream: %v %v", resp, err)
	}
	sse := &sseReader{br: bufio.NewReaderSize(resp.Body, 64<<10)}
	_, name, data, err := sse.next()
	if err != nil || name != "endpoint" {
		t.Fatalf("endpoint event: %q %q %v", name, data, err)
	}
	return base + data, sse, conn
}

// TestLegacySlowReaderLosesNoAnswer: 2,000 calls on a legacy SSE session
// whose client does not read its stream until it has posted them all.
// Each call is either answered on the stream or refused at POST time with
// 429 and Retry-After; none is accepted and then lost.
func TestLegacySlowReaderLosesNoAnswer(t *testing.T) {
	_, base := startServer(t, Options{})
	post, sse, conn := openLegacyRaw(t, base)
	pad := strings.Repeat("x", 8192) // 2,000 answers of 16 KiB overflow any socket buffers
	accepted := map[string]bool{}
	refused := 0
	for i := range 2000 {
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"echo","arguments":{"text":"%d %s"}}}`, i, i, pad)
		r := do(t, "POST", post, map[string]string{"Content-Type": "application/json"}, body)
		switch {
		case r.status == 202:
			accepted[strconv.Itoa(i)] = true
		case r.status == 429 && r.header.Get("Retry-After") != "" && r.header.Get("X-Response-Src") == "mcp":
			refused++
		default:
			t.Fatalf("call %d: %d %s", i, r.status, r.body)
		}
	}
	if refused == 0 {
		t.Errorf("no call was refused: the reader was never slow enough to test backpressure")
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	for got, want := 0, len(accepted); got < want; {
		_, _, data, err := sse.next()
		if err != nil {
			t.Fatalf("after %d of %d answers: %v", got, want, err)
		}
		id := gjson.Get(data, "id").Raw
		if !accepted[id] {
			t.Fatalf("answer for an id not accepted (or twice): %s", id)
		}
		if want := id + " " + pad; gjson.Get(data, "result.content.0.text").String() != want {
			t.Fatalf("answer %s has the wrong result", id)
		}
		delete(accepted, id)
		got++
	}
	t.Logf("2000 calls: %d answered on the stream, %d refused with 429", 2000-refused, refused)
}

// TestCloseAnswersEveryStreamedCall: calls in flight on a legacy SSE stream
// and on streamable-HTTP POST streams when the server closes each get
// their result or a JSON-RPC error event before the stream ends.
func TestCloseAnswersEveryStreamedCall(t *testing.T) {
	started := make(chan struct{}, 64)
	s, base := startServer(t, Options{Catalog: &fakeCatalog{started: started}})
	post, sse, _ := openLegacyRaw(t, base)
	block := func(id int) string {
		return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"slow","arguments":{"block":true}}}`, id)
	}
	const legacyCalls, postCalls = 10, 10
	for i := range legacyCalls {
		if r := do(t, "POST", post, map[string]string{"Content-Type": "application/json"}, block(i)); r.status != 202 {
			t.Fatalf("legacy call %d: %d %s", i, r.status, r.body)
		}
	}
	url := base + "/mcp"
	sid := initSession(t, url, "2025-11-25")
	var wg sync.WaitGroup
	answers := make(chan string, postCalls)
	for i := range postCalls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, rd, err := tryOpenStream(context.Background(), "POST", url, with(both, "Mcp-Session-Id", sid, "Accept", "text/event-stream"), block(100+i))
			if err != nil {
				answers <- "no stream: " + err.Error()
				return
			}
			defer r.Body.Close()
			for {
				_, _, data, err := rd.next()
				if err != nil {
					answers <- "stream ended without an answer: " + err.Error()
					return
				}
				if gjson.Get(data, "id").Exists() {
					answers <- data
					return
				}
			}
		}()
	}
	for range legacyCalls + postCalls {
		<-started
	}
	s.Close()
	wg.Wait()
	close(answers)
	for a := range answers {
		if !gjson.Get(a, "result").Exists() && !gjson.Get(a, "error").Exists() {
			t.Errorf("POST stream: %s", a)
		}
	}
	seen := map[int64]bool{}
	for len(seen) < legacyCalls {
		_, _, data, err := sse.next()
		if err != nil {
			t.Fatalf("legacy stream ended after %d of %d answers: %v", len(seen), legacyCalls, err)
		}
		if id := gjson.Get(data, "id"); id.Exists() && (gjson.Get(data, "result").Exists() || gjson.Get(data, "error").Exists()) {
			seen[id.Int()] = true
		}
	}
}

// TestShutdownRefusesNewRequests: while the server drains, new requests
// get 503 with Retry-After, and Shutdown returns once calls are done.
func TestShutdownRefusesNewRequests(t *testing.T) {
	started := make(chan struct{}, 1)
	s, base := startServer(t, Options{Catalog: &fakeCatalog{started: started}})
	url := base + "/mcp"
	sid := initSession(t, url, "2025-11-25")
	answered := make(chan resp, 1)
	go func() {
		r, err := tryDo("POST", url, with(both, "Mcp-Session-Id", sid), `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"block":true}}}`)
		if err != nil {
			r.body = "request failed: " + err.Error()
		}
		answered <- r
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	shut := make(chan struct{})
	go func() { s.Shutdown(ctx); close(shut) }()
	time.Sleep(50 * time.Millisecond)
	if r := do(t, "POST", url, with(both, "Mcp-Session-Id", sid), `{"jsonrpc":"2.0","id":2,"method":"ping"}`); r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("request while draining: %d %s", r.status, r.body)
	}
	<-shut // the blocked call is cancelled when ctx ends
	if r := <-answered; !strings.Contains(r.body, `"id":1`) {
		t.Errorf("the call running at shutdown: %d %s", r.status, r.body)
	}
}
