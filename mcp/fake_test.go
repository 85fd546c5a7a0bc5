package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// fakeCatalog serves three tools, plus `extra` filler tools for paging.
type fakeCatalog struct {
	extra   int
	started chan struct{} // "block" signals here once running
}

func (f *fakeCatalog) Tools(ctx context.Context) []*Tool {
	obj := json.RawMessage(`{"type":"object","properties":{"text":{"type":"string"}}}`)
	ts := []*Tool{
		{Name: "echo", Description: "echoes text", InputSchema: obj, OutputSchema: json.RawMessage(`{"type":"object","properties":{"echo":{"type":"string"}}}`), Annotations: &Annotations{ReadOnlyHint: true}},
		{Name: "slow", Description: "reports progress and logs, then answers; blocks until cancelled with block:true", InputSchema: json.RawMessage(`{"type":"object","properties":{"block":{"type":"boolean"}}}`)},
		{Name: "refused", Description: "Discord says no", InputSchema: json.RawMessage(`{"type":"object"}`)},
	}
	for i := range f.extra {
		ts = append(ts, &Tool{Name: "filler_" + strconv.Itoa(i), Description: "filler", InputSchema: obj})
	}
	return ts
}

func (f *fakeCatalog) CallTool(ctx context.Context, name string, args json.RawMessage, p Progress) (*ToolResult, error) {
	switch name {
	case "echo":
		text := gjson.GetBytes(args, "text").String()
		st, _ := json.Marshal(map[string]string{"echo": text})
		return &ToolResult{Text: text, Structured: st}, nil
	case "slow":
		p(1, 2, "half")
		Log(ctx, "info", "fake", map[string]string{"msg": "working"})
		p(2, 2, "done")
		if gjson.GetBytes(args, "block").Bool() {
			if f.started != nil {
				f.started <- struct{}{}
			}
			<-ctx.Done()
			return &ToolResult{Text: "cancelled", IsError: true}, nil
		}
		return &ToolResult{Text: "slow done"}, nil
	case "refused":
		return &ToolResult{Text: "Missing Permissions", IsError: true, Upstream: &UpstreamError{Status: 403, Body: []byte(`{"message":"Missing Permissions","code":50013}`)}}, nil
	case "boom":
		return nil, errors.New("boom")
	}
	return nil, &Error{Code: CodeInvalidParams, Message: "unknown tool " + strconv.Quote(name)}
}

type testScope struct{}

// startServer runs a Server on a real loopback listener; it returns the
// base URL ("http://127.0.0.1:port").
func startServer(t testing.TB, o Options) (*Server, string) {
	t.Helper()
	if o.Catalog == nil {
		o.Catalog = &fakeCatalog{}
	}
	if o.Prepare == nil {
		o.Prepare = func(ctx context.Context, get func(string) []string) (context.Context, error) {
			if v := get("Authorization"); len(v) > 0 && v[0] == "Bearer bad" {
				return nil, errors.Join(ErrUnauthorized, errors.New("bad token"))
			}
			if v := get("X-Bad"); len(v) > 0 {
				return nil, errors.New("bad X-Bad header")
			}
			return context.WithValue(ctx, testScope{}, "scoped"), nil
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(o)
	srv := &fasthttp.Server{Handler: s.Handler(), MaxRequestBodySize: 8 << 20}
	go srv.Serve(ln)
	t.Cleanup(func() {
		s.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.ShutdownWithContext(ctx)
	})
	return s, "http://" + ln.Addr().String()
}
