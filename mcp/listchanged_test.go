package mcp

import (
	"context"
	"slices"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

func toolNames(ctx context.Context, t *testing.T, cs *sdk.ClientSession) []string {
	t.Helper()
	res, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	var names []string
	for _, tl := range res.Tools {
		names = append(names, tl.Name)
	}
	return names
}

// TestToolsListChangedGoSDK: the server advertises tools.listChanged; a
// tool that changes the session's tools (as enable_toolset will) reaches
// the Go SDK client's ToolListChangedHandler on every sessioned transport,
// and the session's next tools/list shows the change. Another session is
// unaffected.
func TestToolsListChangedGoSDK(t *testing.T) {
	for _, conn := range []sdkConn{
		streamableConn("2025-06-18", "2025-06-18"),
		streamableConn("2025-11-25", "2025-11-25"),
		streamableConn("2025-03-26", "2025-03-26"),
		legacyConn,
		stdioConn("2025-11-25", "2025-11-25"),
	} {
		t.Run(conn.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			changed := make(chan struct{}, 4)
			client := sdk.NewClient(&sdk.Implementation{Name: "lc", Version: "1"}, &sdk.ClientOptions{
				ToolListChangedHandler: func(context.Context, *sdk.ToolListChangedRequest) { changed <- struct{}{} },
			})
			cat := &askCatalog{}
			cs := conn.connect(t, ctx, cat, client)
			defer cs.Close()
			if c := cs.InitializeResult().Capabilities; c == nil || c.Tools == nil || !c.Tools.ListChanged {
				t.Fatalf("capabilities: %+v", c)
			}
			if slices.Contains(toolNames(ctx, t, cs), "more") {
				t.Fatal("more listed before it was enabled")
			}
			if got := callText(ctx, t, cs, "enable_more"); got != "enabled" {
				t.Fatalf("enable_more: %q", got)
			}
			select {
			case <-changed:
			case <-ctx.Done():
				t.Fatal("no notifications/tools/list_changed")
			}
			if !slices.Contains(toolNames(ctx, t, cs), "more") {
				t.Error("more not listed after enabling it")
			}
		})
	}
}

// TestSessionValueStateless: the stateless revision keeps no session, so
// per-session state is not kept and no notification is sent.
func TestSessionValueStateless(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cat := &askCatalog{}
	changed := make(chan struct{}, 1)
	client := sdk.NewClient(&sdk.Implementation{Name: "lc", Version: "1"}, &sdk.ClientOptions{
		ToolListChangedHandler: func(context.Context, *sdk.ToolListChangedRequest) { changed <- struct{}{} },
	})
	cs := streamableConn("", "2026-07-28").connect(t, ctx, cat, client)
	defer cs.Close()
	if got := callText(ctx, t, cs, "enable_more"); got != "enabled" {
		t.Fatalf("enable_more: %q", got)
	}
	if slices.Contains(toolNames(ctx, t, cs), "more") {
		t.Error("a stateless call changed later calls' tools")
	}
	select {
	case <-changed:
		t.Error("list_changed without a session")
	default:
	}
}

// TestListChangedOnGETStream: a call answered as plain JSON has no stream
// of its own, so the notification goes out on the session's GET stream.
func TestListChangedOnGETStream(t *testing.T) {
	_, base := startServer(t, Options{Catalog: &askCatalog{}})
	url := base + "/mcp"
	sid := initSession(t, url, "2025-11-25")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, sr := openStream(t, ctx, "GET", url, map[string]string{"Accept": "text/event-stream", "Mcp-Session-Id": sid}, "")
	if _, _, _, err := sr.next(); err != nil { // the priming event
		t.Fatal(err)
	}
	jsonOnly := map[string]string{"Accept": "application/json", "Content-Type": "application/json", "Mcp-Session-Id": sid}
	if r := do(t, "POST", url, jsonOnly, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"enable_more","arguments":{}}}`); r.status != 200 {
		t.Fatalf("call: %d %s", r.status, r.body)
	}
	_, _, data, err := sr.next()
	if err != nil || data != `{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}` {
		t.Fatalf("GET stream: %v %s", err, data)
	}
}
