package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// nowhere is a well-formed id that names nothing in the emulator.
const nowhere = "12345678901234567"

// TestScopedCallerSeesOneGuild: a caller scoped to one guild never sees
// another guild, channel, role or member in any list, read, completion,
// prompt or subscription; an out-of-scope resource answers exactly as a
// nonexistent one, and the emulator receives nothing for it.
func TestScopedCallerSeesOneGuild(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	for _, v := range []string{"2025-11-25", "2026-07-28"} {
		t.Run(v, func(t *testing.T) {
			warm := connect(t, st.base+"/mcp", "2025-11-25")
			readJSON(t, warm, "discord://channels/"+general2) // channel metadata cached: no lookup below
			cs := connectScoped(t, st.base+"/mcp", v, nil, map[string]string{"X-Target-Guilds": guild1})
			checkScopedLists(t, cs)
			checkScopedReads(t, st, cs)
			checkScopedCompletions(t, cs)
			checkScopedPrompts(t, cs)
		})
	}
}

func checkScopedLists(t *testing.T, cs *sdk.ClientSession) {
	t.Helper()
	list, err := cs.ListResources(tctx(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, r := range list.Resources {
		if strings.Contains(r.URI, guild2) || strings.Contains(r.URI, general2) {
			t.Fatalf("resources/list shows %s", r.URI)
		}
		seen = seen || strings.Contains(r.URI, general1)
	}
	if !seen {
		t.Fatal("resources/list lacks the caller's own channel")
	}
	guilds := readJSON(t, cs, "discord://guilds").([]any)
	if len(guilds) != 1 || guilds[0].(map[string]any)["id"] != guild1 {
		t.Fatalf("discord://guilds: %v", guilds)
	}
}

// checkScopedReads: each out-of-scope read fails exactly like a read of
// nothing, and the emulator receives nothing for it.
func checkScopedReads(t *testing.T, st *stack, cs *sdk.ClientSession) {
	t.Helper()
	cases := []struct{ hidden, missing string }{
		{"discord://guilds/" + guild2, "discord://guilds/" + nowhere},
		{"discord://guilds/" + guild2 + "/channels", "discord://guilds/" + nowhere + "/channels"},
		{"discord://guilds/" + guild2 + "/roles", "discord://guilds/" + nowhere + "/roles"},
		{"discord://guilds/" + guild2 + "/members", "discord://guilds/" + nowhere + "/members"},
		{"discord://channels/" + general2, "discord://channels/" + nowhere},
		{"discord://channels/" + general2 + "/messages", "discord://channels/" + nowhere + "/messages"},
		{"discord://channels/" + general2 + "/pins", "discord://channels/" + nowhere + "/pins"},
	}
	for _, c := range cases {
		st.emu.ResetStats()
		_, errHidden := cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: c.hidden})
		if n := st.emu.Stats().Total; n != 0 {
			t.Fatalf("%s: the emulator received %d requests", c.hidden, n)
		}
		_, errMissing := cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: c.missing})
		if errHidden == nil || errMissing == nil || rpcCode(errHidden) != rpcCode(errMissing) ||
			strings.ReplaceAll(errHidden.Error(), c.hidden, "X") != strings.ReplaceAll(errMissing.Error(), c.missing, "X") {
			t.Fatalf("%s: %v\nvs %s: %v", c.hidden, errHidden, c.missing, errMissing)
		}
	}
}

func checkScopedCompletions(t *testing.T, cs *sdk.ClientSession) {
	t.Helper()
	complete := func(ref *sdk.CompleteReference, arg, val string, ctxArgs map[string]string) []string {
		p := &sdk.CompleteParams{Ref: ref, Argument: sdk.CompleteParamsArgument{Name: arg, Value: val}}
		if ctxArgs != nil {
			p.Context = &sdk.CompleteContext{Arguments: ctxArgs}
		}
		res, err := cs.Complete(tctx(t), p)
		if err != nil {
			t.Fatalf("complete %s: %v", arg, err)
		}
		return res.Completion.Values
	}
	guildTpl := &sdk.CompleteReference{Type: "ref/resource", URI: "discord://guilds/{guild_id}"}
	chanTpl := &sdk.CompleteReference{Type: "ref/resource", URI: "discord://channels/{channel_id}"}
	if got := complete(guildTpl, "guild_id", "", nil); !slices.Equal(got, []string{guild1}) {
		t.Fatalf("guild ids: %v", got)
	}
	if got := complete(chanTpl, "channel_id", "", nil); slices.Contains(got, general2) || !slices.Contains(got, general1) {
		t.Fatalf("channel ids: %v", got)
	}
	audit := &sdk.CompleteReference{Type: "ref/prompt", Name: "audit-permissions"}
	if got := complete(audit, "role", "", map[string]string{"guild": guild2}); len(got) != 0 {
		t.Fatalf("roles of the other guild: %v", got)
	}
	if got := complete(audit, "role", "mod", map[string]string{"guild": guild1}); !slices.Equal(got, []string{"moderators"}) {
		t.Fatalf("roles of the caller's guild: %v", got)
	}
	mod := &sdk.CompleteReference{Type: "ref/prompt", Name: "moderate-channel"}
	if got := complete(mod, "member", "", map[string]string{"guild": guild2}); len(got) != 0 {
		t.Fatalf("members of the other guild: %v", got)
	}
}

func checkScopedPrompts(t *testing.T, cs *sdk.ClientSession) {
	t.Helper()
	get := func(guild string) error {
		_, err := cs.GetPrompt(tctx(t), &sdk.GetPromptParams{Name: "setup-server", Arguments: map[string]string{"guild": guild, "purpose": "x"}})
		return err
	}
	hidden, missing := get(guild2), get(nowhere)
	if hidden == nil || rpcCode(hidden) != -32602 || strings.ReplaceAll(hidden.Error(), guild2, "X") != strings.ReplaceAll(missing.Error(), nowhere, "X") {
		t.Fatalf("prompt with the other guild: %v vs %v", hidden, missing)
	}
	if err := get("Emulator Guild Two"); err == nil {
		t.Fatal("the other guild resolved by name")
	}
}

// TestScopedSubscriptions: the scoped caller cannot subscribe to the other
// guild's channel (answered like a channel that does not exist), and
// hears nothing when someone writes there.
func TestScopedSubscriptions(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	got := make(chan string, 16)
	cs := connectScoped(t, st.base+"/mcp", "2025-11-25", &sdk.ClientOptions{ResourceUpdatedHandler: func(_ context.Context, r *sdk.ResourceUpdatedNotificationRequest) {
		got <- r.Params.URI
	}}, map[string]string{"X-Target-Guilds": guild1})
	hidden := "discord://channels/" + general2 + "/messages"
	errHidden := cs.Subscribe(tctx(t), &sdk.SubscribeParams{URI: hidden})
	errMissing := cs.Subscribe(tctx(t), &sdk.SubscribeParams{URI: "discord://channels/" + nowhere + "/messages"})
	if errHidden == nil || rpcCode(errHidden) != -32002 || rpcCode(errMissing) != -32002 {
		t.Fatalf("subscribe hidden: %v / missing: %v", errHidden, errMissing)
	}
	own := "discord://channels/" + general1 + "/messages"
	if err := cs.Subscribe(tctx(t), &sdk.SubscribeParams{URI: own}); err != nil {
		t.Fatal(err)
	}
	other := connect(t, st.base+"/mcp", "2025-11-25")
	callTool(t, other, "send_message", map[string]any{"channel_id": general2, "content": "not for you"})
	callTool(t, other, "send_message", map[string]any{"channel_id": general1, "content": "for you"})
	select {
	case u := <-got:
		if u != own {
			t.Fatalf("heard of %s", u)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no update for the caller's own channel")
	}
	select {
	case u := <-got:
		if u != own {
			t.Fatalf("heard of %s", u)
		}
	case <-time.After(300 * time.Millisecond):
	}
}

// TestNoMembersIntent: without the server_members intent the members list
// is refused by policy, so member completion offers nothing (no error)
// and the members resource reads as not found; the rest still works.
func TestNoMembersIntent(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	cs := connectScoped(t, st.base+"/mcp", "2025-11-25", nil, map[string]string{"X-Privileged-Intents": "message_content"})
	res, err := cs.Complete(tctx(t), &sdk.CompleteParams{Ref: &sdk.CompleteReference{Type: "ref/prompt", Name: "moderate-channel"},
		Argument: sdk.CompleteParamsArgument{Name: "member", Value: ""}, Context: &sdk.CompleteContext{Arguments: map[string]string{"guild": guild1}}})
	if err != nil || len(res.Completion.Values) != 0 {
		t.Fatalf("member completion: %+v, %v", res, err)
	}
	_, err = cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: "discord://guilds/" + guild1 + "/members"})
	if rpcCode(err) != -32002 {
		t.Fatalf("members without the intent: %v", err)
	}
	readJSON(t, cs, "discord://guilds/"+guild1+"/roles")
}
