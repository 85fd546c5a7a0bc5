package mcp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// sdkConn names one way the Go SDK client reaches the server.
type sdkConn struct {
	name string
	// connect opens a session of client on a fresh server for cat.
	connect func(t *testing.T, ctx context.Context, cat Catalog, client *sdk.Client) *sdk.ClientSession
	version string // the revision the session must speak
}

func streamableConn(pin, want string) sdkConn {
	return sdkConn{name: "streamable-" + want, version: want, connect: func(t *testing.T, ctx context.Context, cat Catalog, client *sdk.Client) *sdk.ClientSession {
		_, base := startServer(t, Options{Catalog: cat})
		cs, err := client.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: base + "/mcp", HTTPClient: ownClient(t)}, &sdk.ClientSessionOptions{ProtocolVersion: pin})
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		return cs
	}}
}

var legacyConn = sdkConn{name: "legacy-sse", version: "2025-11-25", connect: func(t *testing.T, ctx context.Context, cat Catalog, client *sdk.Client) *sdk.ClientSession {
	_, base := startServer(t, Options{Catalog: cat})
	cs, err := client.Connect(ctx, &sdk.SSEClientTransport{Endpoint: base + "/v1/sse", HTTPClient: ownClient(t)}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	return cs
}}

// ownClient is an HTTP client whose idle connections close before the
// server shuts down, which otherwise waits for a just-used keep-alive
// connection until its own timeout.
func ownClient(t *testing.T) *http.Client {
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	return hc
}

func stdioConn(pin, want string) sdkConn {
	return sdkConn{name: "stdio-" + want, version: want, connect: func(t *testing.T, ctx context.Context, cat Catalog, client *sdk.Client) *sdk.ClientSession {
		s := NewServer(Options{Catalog: cat})
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { _ = s.ServeStdio(sctx, inR, outW); outW.Close(); close(done) }()
		t.Cleanup(func() { inW.Close(); stop(); <-done; s.Close() })
		cs, err := client.Connect(ctx, &sdk.IOTransport{Reader: outR, Writer: inW}, &sdk.ClientSessionOptions{ProtocolVersion: pin})
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		return cs
	}}
}

// elicitConns: every transport and revision where elicitation exists.
var elicitConns = []sdkConn{
	streamableConn("2025-06-18", "2025-06-18"),
	streamableConn("2025-11-25", "2025-11-25"),
	streamableConn("", "2026-07-28"), // stateless: input_required round trips
	legacyConn,
	stdioConn("2025-11-25", "2025-11-25"),
	stdioConn("", "2026-07-28"),
}

// answerer is an SDK elicitation handler whose answer a test picks.
type answerer struct {
	mu     sync.Mutex
	action string
	asked  []string // the messages shown to the "user"
}

func (a *answerer) handle(_ context.Context, r *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked = append(a.asked, r.Params.Message)
	if _, ok := r.Params.RequestedSchema.(map[string]any)["properties"].(map[string]any)["reason"]; !ok {
		return &sdk.ElicitResult{Action: "cancel"}, nil // the schema did not arrive
	}
	res := &sdk.ElicitResult{Action: a.action}
	if a.action == "accept" {
		res.Content = map[string]any{"reason": "spam " + r.Params.Message}
	}
	return res, nil
}

func (a *answerer) set(action string) {
	a.mu.Lock()
	a.action, a.asked = action, nil
	a.mu.Unlock()
}

func (a *answerer) questions() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.asked...)
}

func callText(ctx context.Context, t *testing.T, cs *sdk.ClientSession, name string) string {
	t.Helper()
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: name, Arguments: map[string]any{}})
	if err != nil {
		t.Fatalf("call %s: %v", name, err)
	}
	if len(res.Content) != 1 {
		t.Fatalf("call %s: content %+v", name, res.Content)
	}
	return res.Content[0].(*sdk.TextContent).Text
}

// TestElicitGoSDK: with the official Go SDK client on every transport, an
// accepted question hands the form's content to the tool, a declined or
// cancelled one is reported and nothing is sent, and a client that did
// not declare elicitation gets ErrNoElicitation.
func TestElicitGoSDK(t *testing.T) {
	for _, conn := range elicitConns {
		t.Run(conn.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cat := &askCatalog{}
			a := &answerer{}
			client := sdk.NewClient(&sdk.Implementation{Name: "elicit", Version: "1"}, &sdk.ClientOptions{ElicitationHandler: a.handle})
			cs := conn.connect(t, ctx, cat, client)
			defer cs.Close()
			if v := cs.InitializeResult().ProtocolVersion; v != conn.version {
				t.Fatalf("negotiated %q, want %q", v, conn.version)
			}
			for _, c := range []struct {
				action, want string
				sent         int
			}{
				{"decline", "decline ", 0},
				{"cancel", "cancel ", 0},
				{"accept", `accept {"reason":"spam ` + confirmQuestion + `"}`, 1},
			} {
				a.set(c.action)
				if got := callText(ctx, t, cs, "confirm"); got != c.want {
					t.Errorf("%s: tool saw %q, want %q", c.action, got, c.want)
				}
				if q := a.questions(); len(q) != 1 || q[0] != confirmQuestion {
					t.Errorf("%s: questions shown %q", c.action, q)
				}
				if n := cat.sentCount(); n != c.sent {
					t.Errorf("%s: sent %d times, want %d", c.action, n, c.sent)
				}
			}
			a.set("accept")
			want := `accept {"reason":"spam first?"} | accept {"reason":"spam second?"}`
			if got := callText(ctx, t, cs, "ask_twice"); got != want {
				t.Errorf("two questions: %q, want %q", got, want)
			}
		})
	}
}

func TestElicitWithoutCapability(t *testing.T) {
	for _, conn := range elicitConns {
		t.Run(conn.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cat := &askCatalog{}
			cs := conn.connect(t, ctx, cat, sdk.NewClient(&sdk.Implementation{Name: "plain", Version: "1"}, nil))
			defer cs.Close()
			if got := callText(ctx, t, cs, "confirm"); got != "no-elicitation" {
				t.Errorf("tool saw %q, want no-elicitation", got)
			}
			if cat.sentCount() != 0 {
				t.Error("sent without an answer")
			}
		})
	}
}

// TestElicitStatelessNeedsRoundTrip: in 2026-07-28 the SDK retries a call
// after input_required; with that disabled the client sees the questions
// and an opaque state, and the tool has not acted.
func TestElicitStatelessNeedsRoundTrip(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cat := &askCatalog{}
	a := &answerer{action: "accept"}
	client := sdk.NewClient(&sdk.Implementation{Name: "manual", Version: "1"}, &sdk.ClientOptions{ElicitationHandler: a.handle, MultiRoundTrip: &sdk.MultiRoundTripOptions{Disabled: true}})
	cs := streamableConn("", "2026-07-28").connect(t, ctx, cat, client)
	defer cs.Close()
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "confirm", Arguments: map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	ir, ok := res.InputRequests["elicit-1"].(*sdk.ElicitParams)
	if !ok || ir.Message != confirmQuestion || res.RequestState == "" || len(res.Content) != 0 {
		t.Fatalf("result: %+v", res)
	}
	if cat.sentCount() != 0 || len(a.questions()) != 0 {
		t.Fatal("the tool acted, or the client asked, before the round trip")
	}
	b, _ := json.Marshal(res)
	if strings.Contains(string(b), "input-required") {
		t.Errorf("the tool's own result leaked: %s", b)
	}
}
