package mcp

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// resCatalog adds 120 resources res://0…119, one prompt and completions
// to fakeCatalog. res://hidden exists but the caller may not read it.
type resCatalog struct{ fakeCatalog }

func (c *resCatalog) Resources(context.Context) ([]Resource, error) {
	out := make([]Resource, 120)
	for i := range out {
		out[i] = Resource{URI: "res://" + strconv.Itoa(i), Name: "r" + strconv.Itoa(i)}
	}
	return out, nil
}

func (c *resCatalog) ResourceTemplates(context.Context) []ResourceTemplate {
	return []ResourceTemplate{{URITemplate: "res://{n}", Name: "numbered"}}
}

func (c *resCatalog) CheckResource(_ context.Context, uri string) error {
	n, err := strconv.Atoi(strings.TrimPrefix(uri, "res://"))
	if err != nil || n < 0 || n >= 120 {
		return ErrResourceNotFound
	}
	return nil
}

func (c *resCatalog) ReadResource(ctx context.Context, uri string) ([]ResourceContents, error) {
	if err := c.CheckResource(ctx, uri); err != nil {
		return nil, err
	}
	return []ResourceContents{{URI: uri, MimeType: "application/json", Text: `{"n":1}`}, {URI: uri + "/img", MimeType: "image/png", Blob: []byte{1, 2}}}, nil
}

func (c *resCatalog) Prompts(context.Context) []Prompt {
	return []Prompt{{Name: "p", Arguments: []PromptArgument{{Name: "a", Required: true}}}}
}

func (c *resCatalog) GetPrompt(_ context.Context, name string, args map[string]string) (*PromptResult, error) {
	if args["a"] == "" {
		return nil, &Error{Code: CodeInvalidParams, Message: "invalid params: argument a: required"}
	}
	return &PromptResult{Messages: []PromptMessage{{Role: "user", Content: PromptContent{Type: "text", Text: "a=" + args["a"]}}}}, nil
}

func (c *resCatalog) Complete(context.Context, CompleteRequest) (Completion, error) {
	vals := make([]string, 150)
	for i := range vals {
		vals[i] = strconv.Itoa(i)
	}
	return Completion{Values: vals}, nil
}

const modernMeta = `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}`

// modernCall posts one stateless request.
func modernCall(t *testing.T, url, method, name, params string) resp {
	t.Helper()
	h := with(both, "Mcp-Protocol-Version", "2026-07-28", "Mcp-Method", method)
	if name != "" {
		h["Mcp-Name"] = name
	}
	if params != "" {
		params += ","
	}
	return do(t, "POST", url, h, `{"jsonrpc":"2.0","id":1,"method":"`+method+`","params":{`+params+modernMeta+`}}`)
}

func sessionCall(t *testing.T, url, sid, method, params string) resp {
	t.Helper()
	return do(t, "POST", url, with(both, "Mcp-Session-Id", sid, "Mcp-Protocol-Version", "2025-11-25"),
		`{"jsonrpc":"2.0","id":2,"method":"`+method+`","params":{`+params+`}}`)
}

// TestCapabilitiesFollowCatalog: each revision advertises resources (with
// subscribe and listChanged) and prompts exactly when the catalog serves
// them, and the subscription method of that revision exists.
func TestCapabilitiesFollowCatalog(t *testing.T) {
	for _, withRes := range []bool{false, true} {
		o := Options{}
		if withRes {
			o.Catalog = &resCatalog{}
		}
		_, base := startServer(t, o)
		url := base + "/mcp"
		for _, v := range sessionedVersions {
			r := do(t, "POST", url, both, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+v+`","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
			caps := gjson.Get(r.body, "result.capabilities")
			if caps.Get("resources.subscribe").Bool() != withRes || caps.Get("resources.listChanged").Bool() != withRes ||
				caps.Get("prompts").Exists() != withRes || !caps.Get("completions").Exists() {
				t.Errorf("%s (resources %v): %s", v, withRes, caps.Raw)
			}
		}
		r := modernCall(t, url, "server/discover", "", "")
		if caps := gjson.Get(r.body, "result.capabilities"); caps.Get("resources.subscribe").Bool() != withRes || caps.Get("prompts").Exists() != withRes {
			t.Errorf("discover (resources %v): %s", withRes, caps.Raw)
		}
		if r := modernCall(t, url, "resources/subscribe", "", `"uri":"res://1"`); gjson.Get(r.body, "error.code").Int() != CodeMethodNotFound {
			t.Errorf("resources/subscribe is not in 2026-07-28: %s", r.body)
		}
	}
	_, base := startServer(t, Options{Catalog: &resCatalog{}})
	sid := initSession(t, base+"/mcp", "2025-11-25")
	if r := sessionCall(t, base+"/mcp", sid, "subscriptions/listen", `"notifications":{}`); gjson.Get(r.body, "error.code").Int() != CodeMethodNotFound {
		t.Errorf("subscriptions/listen is only in 2026-07-28: %s", r.body)
	}
}

func TestResourcesPagingAndErrors(t *testing.T) {
	_, base := startServer(t, Options{Catalog: &resCatalog{}})
	url := base + "/mcp"
	sid := initSession(t, url, "2025-11-25")
	var all []string
	cursor := ""
	for {
		p := ""
		if cursor != "" {
			p = `"cursor":` + quote(cursor)
		}
		r := sessionCall(t, url, sid, "resources/list", p)
		for _, u := range gjson.Get(r.body, "result.resources.#.uri").Array() {
			all = append(all, u.Str)
		}
		if cursor = gjson.Get(r.body, "result.nextCursor").Str; cursor == "" {
			break
		}
	}
	if len(all) != 120 || all[119] != "res://119" {
		t.Fatalf("paged %d resources", len(all))
	}
	if r := sessionCall(t, url, sid, "resources/list", `"cursor":"bogus"`); gjson.Get(r.body, "error.code").Int() != CodeInvalidParams {
		t.Errorf("bad cursor: %s", r.body)
	}
	r := sessionCall(t, url, sid, "resources/read", `"uri":"res://7"`)
	if gjson.Get(r.body, "result.contents.0.text").Str != `{"n":1}` || gjson.Get(r.body, "result.contents.1.blob").Str != "AQI=" {
		t.Errorf("read: %s", r.body)
	}
	for _, c := range []struct {
		r    resp
		code int64
	}{
		{sessionCall(t, url, sid, "resources/read", `"uri":"res://hidden"`), codeResourceNotFound},
		{sessionCall(t, url, sid, "resources/subscribe", `"uri":"res://hidden"`), codeResourceNotFound},
		{modernCall(t, url, "resources/read", "res://hidden", `"uri":"res://hidden"`), CodeInvalidParams},
		{sessionCall(t, url, sid, "resources/read", `"uri":7`), CodeInvalidParams},
		{sessionCall(t, url, sid, "prompts/get", `"name":"p","arguments":{"a":1}`), CodeInvalidParams},
		{sessionCall(t, url, sid, "prompts/get", `"name":"p"`), CodeInvalidParams},
		{sessionCall(t, url, sid, "completion/complete", `"ref":{"type":"ref/other"},"argument":{"name":"a","value":""}`), CodeInvalidParams},
	} {
		if gjson.Get(c.r.body, "error.code").Int() != c.code {
			t.Errorf("want %d: %s", c.code, c.r.body)
		}
	}
	if r := sessionCall(t, url, sid, "resources/read", `"uri":"res://hidden"`); gjson.Get(r.body, "error.data.uri").Str != "res://hidden" {
		t.Errorf("not-found data: %s", r.body)
	}
	r = sessionCall(t, url, sid, "completion/complete", `"ref":{"type":"ref/prompt","name":"p"},"argument":{"name":"a","value":""}`)
	if n := len(gjson.Get(r.body, "result.completion.values").Array()); n != 100 || !gjson.Get(r.body, "result.completion.hasMore").Bool() || gjson.Get(r.body, "result.completion.total").Int() != 150 {
		t.Errorf("completion: %d values, %s", n, r.body)
	}
}

// TestListenStream: subscriptions/listen acknowledges only what it will
// send (not an unreadable resource, not tools), then carries updates for
// its URIs with the subscription id, and nothing for other URIs.
func TestListenStream(t *testing.T) {
	s, base := startServer(t, Options{Catalog: &resCatalog{}})
	url := base + "/mcp"
	h := with(both, "Mcp-Protocol-Version", "2026-07-28", "Mcp-Method", "subscriptions/listen")
	if r := do(t, "POST", url, with(h, "Accept", "application/json"), `{"jsonrpc":"2.0","id":9,"method":"subscriptions/listen","params":{"notifications":{},`+modernMeta+`}}`); r.status != 400 {
		t.Errorf("listen without SSE: %d %s", r.status, r.body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, rd := openStream(t, ctx, "POST", url, h, `{"jsonrpc":"2.0","id":"L1","method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true,"promptsListChanged":true,"resourceSubscriptions":["res://1","res://hidden"]},`+modernMeta+`}}`)
	_, _, data, err := rd.next()
	ack := gjson.Get(data, "params")
	if err != nil || gjson.Get(data, "method").Str != "notifications/subscriptions/acknowledged" || ack.Get("notifications.toolsListChanged").Exists() ||
		!ack.Get("notifications.promptsListChanged").Bool() || ack.Get("notifications.resourceSubscriptions").Raw != `["res://1"]` ||
		ack.Get(`_meta.io\.modelcontextprotocol/subscriptionId`).Str != "L1" {
		t.Fatalf("ack: %v %s", err, data)
	}
	s.changes.ResourceUpdated("res://2")
	s.changes.ResourceUpdated("res://1")
	s.changes.PromptListChanged()
	_, _, data, _ = rd.next()
	if gjson.Get(data, "method").Str != "notifications/resources/updated" || gjson.Get(data, "params.uri").Str != "res://1" ||
		gjson.Get(data, `params._meta.io\.modelcontextprotocol/subscriptionId`).Str != "L1" {
		t.Fatalf("update: %s", data)
	}
	if _, _, data, _ = rd.next(); gjson.Get(data, "method").Str != "notifications/prompts/list_changed" {
		t.Fatalf("prompts list: %s", data)
	}
	// Shutdown, which waits for running calls without end here, ends the
	// subscription with its result instead of waiting for it.
	go s.Shutdown(context.Background())
	if _, _, data, _ = rd.next(); gjson.Get(data, "id").Str != "L1" || gjson.Get(data, `result._meta.io\.modelcontextprotocol/subscriptionId`).Str != "L1" {
		t.Fatalf("listen result: %s", data)
	}
}

// TestSessionSubscription: resources/subscribe delivers on the session's
// GET stream; unsubscribe stops it.
func TestSessionSubscription(t *testing.T) {
	s, base := startServer(t, Options{Catalog: &resCatalog{}})
	url := base + "/mcp"
	sid := initSession(t, url, "2025-11-25")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, rd := openStream(t, ctx, "GET", url, map[string]string{"Accept": "text/event-stream", "Mcp-Session-Id": sid, "Mcp-Protocol-Version": "2025-11-25"}, "")
	if r := sessionCall(t, url, sid, "resources/subscribe", `"uri":"res://3"`); r.body != `{"jsonrpc":"2.0","id":2,"result":{}}` {
		t.Fatalf("subscribe: %s", r.body)
	}
	s.changes.ResourceUpdated("res://4")
	s.changes.ResourceUpdated("res://3")
	if data := nextData(rd); data != `{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"res://3"}}` {
		t.Fatalf("update: %s", data)
	}
	sessionCall(t, url, sid, "resources/unsubscribe", `"uri":"res://3"`)
	s.changes.ResourceUpdated("res://3")
	s.changes.ResourceListChanged(nil)
	if data := nextData(rd); data != `{"jsonrpc":"2.0","method":"notifications/resources/list_changed"}` {
		t.Fatalf("after unsubscribe: %s", data)
	}
}

// nextData is the next event that carries data (a stream may open with a
// priming event that carries none).
func nextData(rd *sseReader) string {
	for {
		_, _, data, err := rd.next()
		if err != nil || data != "" {
			return data
		}
	}
}

// TestStdioSubscription: on stdio, notifications not tied to a request
// go straight to stdout.
func TestStdioSubscription(t *testing.T) {
	s := NewServer(Options{Catalog: &resCatalog{}})
	defer s.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() { _ = s.ServeStdio(ctx, inR, outW); outW.Close() }()
	defer inW.Close()
	lines := bufio.NewScanner(outR)
	call := func(msg string) string {
		if _, err := io.WriteString(inW, msg+"\n"); err != nil {
			t.Fatal(err)
		}
		if !lines.Scan() {
			t.Fatalf("no line: %v", lines.Err())
		}
		return lines.Text()
	}
	call(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"s","version":"1"}}}`)
	if l := call(`{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"res://5"}}`); l != `{"jsonrpc":"2.0","id":2,"result":{}}` {
		t.Fatalf("subscribe: %s", l)
	}
	s.changes.ResourceUpdated("res://5")
	if !lines.Scan() || lines.Text() != `{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"res://5"}}` {
		t.Fatalf("update: %q %v", lines.Text(), lines.Err())
	}
}
