package mcp

import (
	"bufio"
	"context"
	"io"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/tidwall/gjson"
)

// TestStdioModern: stdio speaks the stateless 2026-07-28 revision too, as
// HTTP does: a request that names it in _meta (or asks server/discover) is
// answered in it; the sessioned revisions keep working beside it.
func TestStdioModern(t *testing.T) {
	s := NewServer(Options{Catalog: &fakeCatalog{}})
	defer s.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() { _ = s.ServeStdio(ctx, inR, outW); outW.Close() }()
	lines := bufio.NewScanner(outR)
	ask := func(line string) string {
		t.Helper()
		if _, err := io.WriteString(inW, line+"\n"); err != nil {
			t.Fatal(err)
		}
		if !lines.Scan() {
			t.Fatalf("no answer to %s: %v", line, lines.Err())
		}
		return lines.Text()
	}
	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}`
	for _, c := range []struct{ line, path, want string }{
		{`{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{` + meta + `}}`, "result.supportedVersions.0", "2026-07-28"},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{` + meta + `}}`, "result.resultType", "complete"},
		{`{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{` + meta + `}}`, "result.cacheScope", "private"},
		{`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"},` + meta + `}}`, "result.structuredContent.echo", "hi"},
		{`{"jsonrpc":"2.0","id":5,"method":"ping","params":{` + meta + `}}`, "error.code", "-32601"},
		{`{"jsonrpc":"2.0","id":6,"method":"server/discover","params":{}}`, "error.code", "-32602"},
		{`{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2099-01-01"}}}`, "error.data.supported.0", "2026-07-28"},
		// The sessioned revisions on the same stream.
		{`{"jsonrpc":"2.0","id":8,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"s","version":"1"}}}`, "result.protocolVersion", "2025-11-25"},
		{`{"jsonrpc":"2.0","id":9,"method":"ping"}`, "result", "{}"},
	} {
		got := ask(c.line)
		if v := gjson.Get(got, c.path); v.String() != c.want && v.Raw != c.want {
			t.Errorf("%s\n  answered %s\n  want %s = %s", c.line, got, c.path, c.want)
		}
	}
	inW.Close()
}

// TestGoSDKStdio: the Go SDK client over stdio negotiates as it does over
// HTTP: server/discover first, then the stateless revision.
func TestGoSDKStdio(t *testing.T) {
	s := NewServer(Options{Catalog: &fakeCatalog{}})
	defer s.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() { _ = s.ServeStdio(ctx, inR, outW); outW.Close() }()
	client := sdk.NewClient(&sdk.Implementation{Name: "go-sdk-stdio", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &sdk.IOTransport{Reader: outR, Writer: inW}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if v := cs.InitializeResult().ProtocolVersion; v != "2026-07-28" {
		t.Errorf("negotiated %q, want 2026-07-28", v)
	}
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "echo", Arguments: map[string]any{"text": "over stdio"}})
	if err != nil || res.IsError {
		t.Fatalf("call: %v %+v", err, res)
	}
	if tc, ok := res.Content[0].(*sdk.TextContent); !ok || tc.Text != "over stdio" {
		t.Errorf("result: %+v", res.Content)
	}
}
