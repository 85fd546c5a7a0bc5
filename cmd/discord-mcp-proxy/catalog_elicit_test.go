package main

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// user answers elicitation as told and keeps what it was asked.
type user struct {
	mu     sync.Mutex // guards action and asked
	action string
	asked  []string
}

func (u *user) handle(_ context.Context, req *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.asked = append(u.asked, req.Params.Message)
	return &sdk.ElicitResult{Action: u.action}, nil
}

func (u *user) set(action string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.action, u.asked = action, nil
}

func (u *user) questions() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.asked...)
}

// connectClient connects client on a sessioned revision (dynamic
// toolsets live in the session).
func connectClient(t *testing.T, url string, client *sdk.Client) *sdk.ClientSession {
	return connectVersion(t, url, client, "2025-11-25")
}

// connectVersion connects client on version ("": the SDK's choice).
func connectVersion(t *testing.T, url string, client *sdk.Client, version string) *sdk.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var opts *sdk.ClientSessionOptions
	if version != "" {
		opts = &sdk.ClientSessionOptions{ProtocolVersion: version}
	}
	cs, err := client.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: url}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// TestGoSDKConfirmation: with the official Go SDK and an elicitation
// handler, a destructive tool asks the user; decline and cancel send
// nothing (emulator counters), accept sends. On a sessioned revision the
// question is a server request; on the SDK's own choice (stateless) it
// goes back as input_required and the SDK calls again with the answer.
func TestGoSDKConfirmation(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	for v, version := range []string{"2025-11-25", ""} {
		u := &user{}
		cs := connectVersion(t, st.base+"/mcp", sdk.NewClient(&sdk.Implementation{Name: "confirm", Version: "1"}, &sdk.ClientOptions{ElicitationHandler: u.handle}), version)
		confirmSteps(t, st, cs, u, 10+3*v)
	}
}

func confirmSteps(t *testing.T, st *stack, cs *sdk.ClientSession, u *user, first int) {
	t.Helper()
	msgs := discordtest.DefaultSeed().Messages[general]
	for i, action := range []string{"decline", "cancel", "accept"} {
		u.set(action)
		st.emu.ResetStats()
		msg := msgs[first+i].ID.String()
		res := callTool(t, cs, "delete_message", map[string]any{"channel_id": general, "message_id": msg})
		deletes := st.emu.Stats().Routes["DELETE /channels/{channel_id}/messages/{message_id}"]
		if q := u.questions(); len(q) != 1 || !strings.Contains(q[0], "DELETE /channels/"+general+"/messages/"+msg) {
			t.Errorf("%s: the user was asked %q", action, q)
		}
		if action == "accept" {
			if res.IsError || deletes != 1 {
				t.Errorf("accepted: %s; deletes sent %d", text(res), deletes)
			}
			continue
		}
		if !res.IsError || !strings.Contains(text(res), "DeclinedError") || deletes != 0 {
			t.Errorf("%s: %s; deletes sent %d", action, text(res), deletes)
		}
	}
}

// TestGoSDKDynamicToolsets: a session starts with the discovery tools;
// enabling a toolset sends notifications/tools/list_changed and the next
// list holds its tools.
func TestGoSDKDynamicToolsets(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_DYNAMIC_TOOLSETS": "true", "DMP_TOOLSETS": "messages,pins"})
	changed := make(chan struct{}, 4)
	cs := connectClient(t, st.base+"/mcp", sdk.NewClient(&sdk.Implementation{Name: "dyn", Version: "1"}, &sdk.ClientOptions{
		ToolListChangedHandler: func(context.Context, *sdk.ToolListChangedRequest) { changed <- struct{}{} },
	}))
	names := func() []string {
		list, err := cs.ListTools(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tool := range list.Tools {
			out = append(out, tool.Name)
		}
		return out
	}
	if got := names(); strings.Join(got, ",") != "list_toolsets,get_toolset_tools,enable_toolset" {
		t.Fatalf("a new session lists %v", got)
	}
	if res := callTool(t, cs, "enable_toolset", map[string]any{"toolset": "pins"}); res.IsError {
		t.Fatalf("enable_toolset: %s", text(res))
	}
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("no notifications/tools/list_changed")
	}
	got := names()
	if !slices.Contains(got, "list_pins") || slices.Contains(got, "send_message") {
		t.Errorf("after enabling pins: %v", got)
	}
	if res := callTool(t, cs, "list_pins", map[string]any{"channel_id": general}); res.IsError {
		t.Errorf("list_pins: %s", text(res))
	}
	// Another session has enabled nothing.
	other := connect(t, st.base+"/mcp", "2025-11-25")
	if list, err := other.ListTools(context.Background(), nil); err != nil || len(list.Tools) != 3 {
		t.Errorf("a second session lists %d tools (%v)", len(list.Tools), err)
	}
}
