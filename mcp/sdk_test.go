package mcp

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// notes collects what the SDK client receives besides responses.
type notes struct {
	mu       sync.Mutex
	progress []float64
	logs     []string
	gotLog   chan struct{}
	gotProg  chan struct{}
}

func (n *notes) options() *sdk.ClientOptions {
	n.gotLog = make(chan struct{}, 16)
	n.gotProg = make(chan struct{}, 16)
	return &sdk.ClientOptions{
		ProgressNotificationHandler: func(_ context.Context, r *sdk.ProgressNotificationClientRequest) {
			n.mu.Lock()
			n.progress = append(n.progress, r.Params.Progress)
			n.mu.Unlock()
			n.gotProg <- struct{}{}
		},
		//lint:ignore SA1019 the sessioned revisions this server speaks still have logging, and the issue requires it
		LoggingMessageHandler: func(_ context.Context, r *sdk.LoggingMessageRequest) {
			n.mu.Lock()
			n.logs = append(n.logs, string(r.Params.Level))
			n.mu.Unlock()
			n.gotLog <- struct{}{}
		},
	}
}

func TestGoSDKStreamable(t *testing.T) {
	_, base := startServer(t, Options{Name: "test-server", Version: "1.2.3", Instructions: "be nice"})
	cases := []struct{ pin, want string }{
		{"2025-11-25", "2025-11-25"},
		{"2025-06-18", "2025-06-18"},
		{"2025-03-26", "2025-03-26"},
		{"", "2026-07-28"}, // the SDK's default: server/discover first
	}
	for _, c := range cases {
		name := c.pin
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/v1", "/mcp"} {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				var n notes
				client := sdk.NewClient(&sdk.Implementation{Name: "go-sdk-test", Version: "1"}, n.options())
				cs, err := client.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: base + path}, &sdk.ClientSessionOptions{ProtocolVersion: c.pin})
				if err != nil {
					t.Fatalf("%s: connect: %v", path, err)
				}
				if got := cs.InitializeResult().ProtocolVersion; got != c.want {
					t.Errorf("negotiated %q, want %q", got, c.want)
				}
				if si := cs.InitializeResult().ServerInfo; si == nil || si.Name != "test-server" {
					t.Errorf("serverInfo = %+v", si)
				}
				exerciseSession(ctx, t, cs, &n, c.want)
				if err := cs.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			}
		})
	}
}

func TestGoSDKLegacySSE(t *testing.T) {
	_, base := startServer(t, Options{})
	for _, pin := range []string{"2024-11-05", ""} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var n notes
		client := sdk.NewClient(&sdk.Implementation{Name: "go-sdk-sse", Version: "1"}, n.options())
		cs, err := client.Connect(ctx, &sdk.SSEClientTransport{Endpoint: base + "/v1/sse"}, &sdk.ClientSessionOptions{ProtocolVersion: pin})
		if err != nil {
			t.Fatalf("pin %q: connect: %v", pin, err)
		}
		v := cs.InitializeResult().ProtocolVersion
		if pin != "" && v != pin || pin == "" && v != "2025-11-25" {
			t.Errorf("pin %q: negotiated %q", pin, v)
		}
		exerciseSession(ctx, t, cs, &n, v)
		cs.Close()
	}
}

// exerciseSession runs every client call the server supports in version v.
func exerciseSession(ctx context.Context, t *testing.T, cs *sdk.ClientSession, n *notes, v string) {
	t.Helper()
	modern := v >= "2026-07-28"
	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatalf("list tools: %v", err)
	}
	if len(tools.Tools) != 3 || tools.Tools[0].Name != "echo" {
		t.Fatalf("tools = %+v", tools.Tools)
	}
	if a := tools.Tools[0].Annotations; a == nil || !a.ReadOnlyHint {
		t.Errorf("echo annotations = %+v", a)
	}
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "echo", Arguments: map[string]any{"text": "hi"}})
	if err != nil {
		t.Fatalf("call echo: %v", err)
	}
	if res.IsError || len(res.Content) != 1 || res.Content[0].(*sdk.TextContent).Text != "hi" {
		t.Errorf("echo result = %+v", res)
	}
	if m, ok := res.StructuredContent.(map[string]any); !ok || m["echo"] != "hi" {
		t.Errorf("structuredContent = %#v", res.StructuredContent)
	}
	if !modern {
		if err := cs.Ping(ctx, nil); err != nil {
			t.Errorf("ping: %v", err)
		}
		//lint:ignore SA1019 logging/setLevel is part of every sessioned revision this server speaks
		if err := cs.SetLoggingLevel(ctx, &sdk.SetLoggingLevelParams{Level: "debug"}); err != nil {
			t.Errorf("setLevel: %v", err)
		}
	}
	p := &sdk.CallToolParams{Name: "slow", Arguments: map[string]any{}}
	p.SetProgressToken("tok-1")
	if modern {
		p.Meta["io.modelcontextprotocol/logLevel"] = "debug"
	}
	res, err = cs.CallTool(ctx, p)
	if err != nil || res.IsError {
		t.Fatalf("call slow: %v %+v", err, res)
	}
	// Notifications precede the result on the stream, but the client's
	// handlers run on their own goroutines: wait for them.
	for _, ch := range []chan struct{}{n.gotLog, n.gotProg, n.gotProg} {
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("missing notifications")
		}
	}
	n.mu.Lock()
	if len(n.progress) != 2 {
		t.Errorf("progress notifications = %v", n.progress)
	}
	n.mu.Unlock()
	if _, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "nope"}); err == nil || !strings.Contains(err.Error(), "unknown tool") {
		t.Errorf("unknown tool error = %v", err)
	}
	comp, err := cs.Complete(ctx, &sdk.CompleteParams{Ref: &sdk.CompleteReference{Type: "ref/prompt", Name: "x"}, Argument: sdk.CompleteParamsArgument{Name: "a", Value: "b"}})
	if err != nil || len(comp.Completion.Values) != 0 {
		t.Errorf("complete: %v %+v", err, comp)
	}
}
