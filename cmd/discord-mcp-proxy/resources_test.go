package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// headerTransport adds fixed headers (a narrowed scope) to every request.
type headerTransport struct{ h map[string]string }

func (t headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range t.h {
		r.Header.Set(k, v)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// connectScoped connects the official Go SDK client with options and extra
// headers.
func connectScoped(t *testing.T, url, version string, copts *sdk.ClientOptions, headers map[string]string) *sdk.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	client := sdk.NewClient(&sdk.Implementation{Name: "resources-test", Version: "1"}, copts)
	tr := &sdk.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: headerTransport{headers}}}
	cs, err := client.Connect(ctx, tr, &sdk.ClientSessionOptions{ProtocolVersion: version})
	if err != nil {
		t.Fatalf("connect (%q): %v", version, err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func tctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var (
	guild1   = discordtest.GuildID.String()
	guild2   = discordtest.SecondGuildID.String()
	general1 = discordtest.GeneralID.String()
	general2 = discordtest.SecondGeneralID.String()
)

// readJSON reads a resource and decodes its one text content.
func readJSON(t *testing.T, cs *sdk.ClientSession, uri string) any {
	t.Helper()
	res, err := cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: uri})
	if err != nil {
		t.Fatalf("read %s: %v", uri, err)
	}
	if len(res.Contents) == 0 || res.Contents[0].MIMEType != "application/json" || res.Contents[0].URI != uri {
		t.Fatalf("read %s: contents %+v", uri, res.Contents)
	}
	var v any
	if err := json.Unmarshal([]byte(res.Contents[0].Text), &v); err != nil {
		t.Fatalf("read %s: not JSON: %v", uri, err)
	}
	return v
}

// rpcCode is the JSON-RPC error code of err, or 0.
func rpcCode(err error) int64 {
	var we *jsonrpc.Error
	if errors.As(err, &we) {
		return we.Code
	}
	return 0
}

// TestResourcesPromptsCompletionsGoSDK drives every resource template,
// prompt and completion with the official Go SDK client, sessioned and
// stateless, against the emulator.
func TestResourcesPromptsCompletionsGoSDK(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	for _, v := range []string{"2025-11-25", "2026-07-28"} {
		t.Run(v, func(t *testing.T) {
			cs := connectScoped(t, st.base+"/mcp", v, nil, nil)
			checkResources(t, cs, v)
			checkPrompts(t, cs)
			comp, err := cs.Complete(tctx(t), &sdk.CompleteParams{Ref: &sdk.CompleteReference{Type: "ref/prompt", Name: "summarize-channel"},
				Argument: sdk.CompleteParamsArgument{Name: "channel", Value: "gen"}})
			if err != nil || !slices.Contains(comp.Completion.Values, "general") {
				t.Fatalf("complete channel name: %+v, %v", comp, err)
			}
			comp, err = cs.Complete(tctx(t), &sdk.CompleteParams{Ref: &sdk.CompleteReference{Type: "ref/resource", URI: "discord://guilds/{guild_id}"},
				Argument: sdk.CompleteParamsArgument{Name: "guild_id", Value: ""}})
			if err != nil || !slices.Contains(comp.Completion.Values, guild1) || !slices.Contains(comp.Completion.Values, guild2) {
				t.Fatalf("complete guild ids: %+v, %v", comp, err)
			}
		})
	}
}

func checkResources(t *testing.T, cs *sdk.ClientSession, version string) {
	t.Helper()
	list, err := cs.ListResources(tctx(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range list.Resources {
		uris = append(uris, r.URI)
	}
	for _, want := range []string{"discord://guilds", "discord://guilds/" + guild1, "discord://channels/" + general1 + "/messages"} {
		if !slices.Contains(uris, want) {
			t.Fatalf("resources/list lacks %s: %v", want, uris)
		}
	}
	tl, err := cs.ListResourceTemplates(tctx(t), nil)
	if err != nil || len(tl.ResourceTemplates) != 8 {
		t.Fatalf("templates: %+v, %v", tl, err)
	}
	msgs := readJSON(t, cs, "discord://channels/"+general1+"/messages").([]any)
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	msgID := msgs[0].(map[string]any)["id"].(string)
	fill := strings.NewReplacer("{guild_id}", guild1, "{channel_id}", general1, "{message_id}", msgID, "{?after}", "")
	for _, tpl := range tl.ResourceTemplates {
		v := readJSON(t, cs, fill.Replace(tpl.URITemplate))
		if m, ok := v.(map[string]any); ok && len(m) == 0 {
			t.Fatalf("%s: empty object", tpl.URITemplate)
		}
	}
	pins := readJSON(t, cs, "discord://channels/"+general1+"/pins").(map[string]any)["pins"].([]any)
	if len(pins) != 1 {
		t.Fatalf("pins: %v", pins)
	}
	_, err = cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: "discord://channels/12345678901234567/messages"})
	want := int64(-32002)
	if version >= "2026-07-28" {
		want = -32602
	}
	if rpcCode(err) != want {
		t.Fatalf("unknown channel: %v (code %d, want %d)", err, rpcCode(err), want)
	}
}

func checkPrompts(t *testing.T, cs *sdk.ClientSession) {
	t.Helper()
	pl, err := cs.ListPrompts(tctx(t), nil)
	if err != nil || len(pl.Prompts) != 10 {
		t.Fatalf("prompts: %+v, %v", pl, err)
	}
	sample := map[string]string{"guild": "Emulator Guild", "channel": "#general", "welcome_channel": "general", "topic": "launch day",
		"goal": "invite links", "purpose": "a book club", "name": "Reading night", "start_time": "2026-12-24T18:00:00Z",
		"location": "general", "description": "spam wave from new accounts"}
	for _, p := range pl.Prompts {
		args := map[string]string{}
		for _, a := range p.Arguments {
			if a.Required {
				args[a.Name] = sample[a.Name]
			}
		}
		res, err := cs.GetPrompt(tctx(t), &sdk.GetPromptParams{Name: p.Name, Arguments: args})
		if err != nil || len(res.Messages) == 0 {
			t.Fatalf("get %s: %v", p.Name, err)
		}
		txt := res.Messages[0].Content.(*sdk.TextContent).Text
		if !strings.Contains(txt, "Tools to use:") || strings.Contains(txt, "{") {
			t.Fatalf("%s: %s", p.Name, txt)
		}
	}
	_, err = cs.GetPrompt(tctx(t), &sdk.GetPromptParams{Name: "create-scheduled-event", Arguments: map[string]string{"guild": guild1, "name": "x", "location": "y", "start_time": "tomorrow"}})
	if rpcCode(err) != -32602 || !strings.Contains(err.Error(), "start_time") {
		t.Fatalf("bad time: %v", err)
	}
	_, err = cs.GetPrompt(tctx(t), &sdk.GetPromptParams{Name: "moderate-channel"})
	if rpcCode(err) != -32602 || !strings.Contains(err.Error(), "channel") {
		t.Fatalf("missing channel: %v", err)
	}
}

// TestResourceUpdatedAcrossClients: a client subscribed to a channel's
// messages hears notifications/resources/updated when another client
// sends a message there through the proxy, in the sessioned revision
// (resources/subscribe) and the stateless one (subscriptions/listen).
func TestResourceUpdatedAcrossClients(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	uri := "discord://channels/" + general1 + "/messages"
	for _, v := range []string{"2025-11-25", "2026-07-28"} {
		t.Run(v, func(t *testing.T) {
			got := make(chan string, 16)
			sub := connectScoped(t, st.base+"/mcp", v, &sdk.ClientOptions{ResourceUpdatedHandler: func(_ context.Context, r *sdk.ResourceUpdatedNotificationRequest) {
				got <- r.Params.URI
			}}, nil)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // stateless: Subscribe holds the listen stream open
				defer wg.Done()
				if err := sub.Subscribe(context.Background(), &sdk.SubscribeParams{URI: uri}); err != nil && v < "2026-07-28" {
					t.Errorf("subscribe: %v", err)
				}
			}()
			sender := connect(t, st.base+"/mcp", "2025-11-25")
			waitUpdate(t, got, uri, func() {
				callTool(t, sender, "send_message", map[string]any{"channel_id": general1, "content": "hello subscribers"})
			})
			_ = sub.Unsubscribe(context.Background(), &sdk.UnsubscribeParams{URI: uri})
			if v < "2026-07-28" {
				wg.Wait()
			}
		})
	}
}

// waitUpdate sends until uri's update arrives: the stateless subscription
// is registered only once its stream is open.
func waitUpdate(t *testing.T, got <-chan string, uri string, send func()) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		send()
		select {
		case u := <-got:
			if u != uri {
				t.Fatalf("update for %s, want %s", u, uri)
			}
			return
		case <-time.After(300 * time.Millisecond):
		case <-deadline:
			t.Fatal("no notifications/resources/updated")
		}
	}
}
