package main

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// The security review's firewall findings (2, 3, 5, 6, message search
// without message_content, role changes while users are restricted), end
// to end: refusals are real requests through the real server that the
// emulator never sees; filtered answers are real answers, checked for
// what must not be in them, each beside a control that shows the thing
// is there without the restriction.

// openMentions is Discord's own behaviour for a body without
// allowed_mentions: only under it may a caller see webhook tokens.
const openMentions = `{"parse":["everyone","roles","users"],"replied_user":true}`

var (
	rvMod   = discordtest.ModRoleID.String()
	rvOwner = [][2]string{{"X-Target-Users", hOwner}}
	rvGen   = [][2]string{{"X-Target-Channels", general}}
)

func rvGet(t *testing.T, addr, uri string, headers ...[2]string) (int, string, string) {
	t.Helper()
	resp, body := rawRequest(t, addr, "GET", uri, append([][2]string{{"X-Privileged-Call", "1"}}, headers...), "")
	return resp.StatusCode, resp.Header.Get("X-Response-Src"), body
}

// Finding 3: a webhook token lets its holder post anything, anywhere the
// webhook reaches, past every rule the proxy forces on messages.
func TestReviewWebhookTokens(t *testing.T) {
	t.Parallel()
	secret := discordtest.WebhookToken(discordtest.GeneralID)
	open := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOWED_MENTIONS": openMentions})
	openAddr := strings.TrimPrefix(open.base, "http://")
	_, defAddr := hardenStack(t) // the default {"parse":[]}
	for _, c := range []struct {
		name, addr, uri string
		headers         [][2]string
	}{
		{"users restricted", openAddr, api + "/channels/" + general + "/webhooks", rvOwner},
		{"users restricted, guild list", openAddr, api + "/guilds/" + hGuild + "/webhooks", rvOwner},
		{"mentions narrowed by header", openAddr, api + "/channels/" + general + "/webhooks", [][2]string{{"X-Allowed-Mentions", `{"parse":[]}`}}},
		{"everyone not allowed", openAddr, api + "/channels/" + general + "/webhooks", [][2]string{{"X-Allowed-Mentions", `{"parse":["roles","users"],"replied_user":true}`}}},
		{"operator forces no pings", defAddr, api + "/channels/" + general + "/webhooks", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, src, body := rvGet(t, c.addr, c.uri, c.headers...)
			if code != 200 || src != "discord" {
				t.Fatalf("%d %s: %s", code, src, body)
			}
			if strings.Contains(body, secret) || strings.Contains(body, `"url"`) || strings.Contains(body, `"token"`) {
				t.Errorf("the answer holds the token: %s", body)
			}
			if !strings.Contains(body, `"channel_id":"`+general+`"`) {
				t.Errorf("the webhook itself went: %s", body)
			}
		})
	}
	if code, _, body := rvGet(t, openAddr, api+"/channels/"+general+"/webhooks"); code != 200 || !strings.Contains(body, secret) {
		t.Errorf("control: open mentions, no restriction: %d %s", code, body)
	}
}

// Finding 5: with X-Target-Users restricted, @everyone and role pings go,
// even when the operator allows them; so does the stage notification.
func TestReviewMentionsWithinUsers(t *testing.T) {
	t.Parallel()
	seed := discordtest.DefaultSeed()
	for i := range seed.Guilds[0].Roles {
		if seed.Guilds[0].Roles[i].ID == discordtest.BotRoleID {
			seed.Guilds[0].Roles[i].Permissions |= discordgo.PermissionMentionEveryone
		}
	}
	st := startStackWith(t, discordtest.Options{Seed: seed},
		map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_ALLOWED_MENTIONS": `{"parse":["everyone","roles","users"]}`})
	addr := strings.TrimPrefix(st.base, "http://")
	content := `{"content":"@everyone <@&` + rvMod + `> <@` + hHuman + `> <@` + hOwner + `>"}`
	post := func(headers ...[2]string) string {
		resp, body := rawRequest(t, addr, "POST", api+"/channels/"+general+"/messages", append([][2]string{{"X-Privileged-Call", "1"}}, headers...), content)
		if resp.StatusCode != 200 {
			t.Fatalf("post: %d %s", resp.StatusCode, body)
		}
		return body
	}
	body := post(rvOwner...)
	for _, bad := range []string{`"mention_everyone":true`, `"mention_roles":["` + rvMod + `"]`, `"id":"` + hHuman + `"`} {
		if strings.Contains(body, bad) {
			t.Errorf("users restricted to the owner, the message pinged %s: %s", bad, body)
		}
	}
	if !strings.Contains(body, `"id":"`+hOwner+`"`) {
		t.Errorf("the listed user was not pinged: %s", body)
	}
	// Control: the same message pings everyone and the role when users
	// are not restricted, so the test above can fail.
	body = post()
	if !strings.Contains(body, `"mention_everyone":true`) || !strings.Contains(body, `"mention_roles":["`+rvMod+`"]`) {
		t.Errorf("control: unrestricted message did not ping: %s", body)
	}
	expectRefused(t, st, addr, []hardenCase{
		{name: "stage start notification while users restricted", method: "POST", uri: api + "/stage-instances", headers: rvOwner,
			body: `{"channel_id":"` + general + `","topic":"t","send_start_notification":true}`},
	})
}

// Finding 6 and the suspected search leak: privileged intents gate the
// routes whose answers are what the intent withholds.
func TestReviewIntents(t *testing.T) {
	t.Parallel()
	st, addr := hardenStack(t)
	noMembers := [2]string{"X-Privileged-Intents", "message_content,presence"}
	noContent := [2]string{"X-Privileged-Intents", "server_members,presence"}
	search := api + "/guilds/" + hGuild + "/messages/search?channel_id=" + general + "&"
	expectRefused(t, st, addr, []hardenCase{
		{name: "member list without server_members", method: "GET", uri: api + "/guilds/" + hGuild + "/members?limit=5", headers: [][2]string{noMembers}},
		{name: "member list with no intents", method: "GET", uri: api + "/guilds/" + hGuild + "/members?limit=5", headers: [][2]string{{"X-Privileged-Intents", "0"}}},
		{name: "member search without server_members", method: "GET", uri: api + "/guilds/" + hGuild + "/members/search?query=a", headers: [][2]string{noMembers}},
		{name: "widget without presence", method: "GET", uri: api + "/guilds/" + hGuild + "/widget.json", headers: [][2]string{{"X-Privileged-Intents", "server_members"}}},
		{name: "search by content", method: "GET", uri: search + "content=secret", headers: [][2]string{noContent}},
		{name: "search by empty content", method: "GET", uri: search + "content=", headers: [][2]string{noContent}},
		{name: "search by has", method: "GET", uri: search + "has=embed", headers: [][2]string{noContent}},
		{name: "search by attachment name", method: "GET", uri: search + "attachment_filename=plan.pdf", headers: [][2]string{noContent}},
		{name: "search by link host", method: "GET", uri: search + "link_hostname=example.com", headers: [][2]string{noContent}},
	})
	// Controls: with the intent the same requests reach Discord.
	if code, src, body := rvGet(t, addr, api+"/guilds/"+hGuild+"/members?limit=5", [2]string{"X-Privileged-Intents", "server_members"}); code != 200 || src != "discord" || !strings.Contains(body, hHuman) {
		t.Errorf("control: member list with server_members: %d %s %s", code, src, body)
	}
	st.emu.ResetStats()
	if _, src, body := rvGet(t, addr, search+"content=secret"); src != "discord" || st.emu.Stats().Total == 0 {
		t.Errorf("control: search by content with every intent: %s %s", src, body)
	}
}

// Role changes reach every holder, join requests a user the path does not
// name, and guild reads whose answers weave in channels or users cannot be
// filtered: refused while those targets are restricted (finding 2).
func TestReviewUnfilterableGuildRoutes(t *testing.T) {
	t.Parallel()
	st, addr := hardenStack(t)
	role := api + "/guilds/" + hGuild + "/roles/" + rvMod
	expectRefused(t, st, addr, []hardenCase{
		{name: "role edit while users restricted", method: "PATCH", uri: role, headers: rvOwner, body: `{"name":"x"}`},
		{name: "role delete while users restricted", method: "DELETE", uri: role, headers: rvOwner},
		{name: "role reorder while users restricted", method: "PATCH", uri: api + "/guilds/" + hGuild + "/roles", headers: rvOwner, body: `[{"id":"` + rvMod + `","position":2}]`},
		{name: "join request decision while users restricted", method: "PATCH", uri: api + "/guilds/" + hGuild + "/requests/" + hAnyID, headers: rvOwner, body: `{"action":"APPROVED"}`},
		{name: "invite target users while users restricted", method: "GET", uri: api + "/invites/abc/target-users", headers: rvOwner},
		{name: "templates while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/templates", headers: rvGen},
		{name: "templates while users restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/templates", headers: rvOwner},
		{name: "template by code while channels restricted", method: "GET", uri: api + "/guilds/templates/abc", headers: rvGen},
		{name: "template sync while channels restricted", method: "PUT", uri: api + "/guilds/" + hGuild + "/templates/abc", headers: rvGen},
		{name: "onboarding while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/onboarding", headers: rvGen},
		{name: "new member welcome while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/new-member-welcome", headers: rvGen},
		{name: "automod rules while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/auto-moderation/rules", headers: rvGen},
		{name: "automod rule while users restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/auto-moderation/rules/" + hAnyID, headers: rvOwner},
		{name: "widget settings while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/widget", headers: rvGen},
		{name: "voice state while channels restricted", method: "GET", uri: api + "/guilds/" + hGuild + "/voice-states/" + hOwner, headers: rvGen},
		{name: "event edit while channels restricted", method: "PATCH", uri: api + "/guilds/" + hGuild + "/scheduled-events/" + hAnyID, headers: rvGen, body: `{"name":"x"}`},
		{name: "event delete while channels restricted", method: "DELETE", uri: api + "/guilds/" + hGuild + "/scheduled-events/" + hAnyID, headers: rvGen},
		{name: "automod rule delete while channels restricted", method: "DELETE", uri: api + "/guilds/" + hGuild + "/auto-moderation/rules/" + hAnyID, headers: rvGen},
	})
	// Control: without the restriction the role delete reaches Discord.
	st.emu.ResetStats()
	resp, body := rawRequest(t, addr, "DELETE", role, [][2]string{{"X-Privileged-Call", "1"}}, "")
	if resp.Header.Get("X-Response-Src") != "discord" || st.emu.Stats().Total == 0 {
		t.Errorf("control: role delete unrestricted: %d %s", resp.StatusCode, body)
	}
}

// cannedUpstream is the emulator with Discord's answers for a few guild
// routes it does not serve (emojis, invites, welcome screen, events);
// every other request is the emulator's.
func cannedUpstream(t *testing.T, emu *discordtest.Emulator, canned map[string]string) string {
	t.Helper()
	next := emu.Handler()
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		if body, ok := canned[string(ctx.Method())+" "+string(ctx.Path())]; ok {
			ctx.SetContentType("application/json")
			ctx.SetBodyString(body)
			return
		}
		next(ctx)
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.ShutdownWithContext(context.Background()) })
	return "http://" + ln.Addr().String() + "/api/v10"
}

// Finding 2, filtered answers: users named in passing and channel lists
// are cut to the caller's targets.
func TestReviewAnswerFilters(t *testing.T) {
	t.Parallel()
	emu, err := discordtest.New(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	user := func(id, name string) string {
		return `{"id":"` + id + `","username":"` + name + `","discriminator":"0","avatar":null,"global_name":null,"public_flags":0}`
	}
	own, hum := user(hOwner, "ada"), user(hHuman, "grace")
	event := func(id, ch string) string {
		return `{"id":"` + id + `","guild_id":"` + hGuild + `","channel_id":"` + ch + `","creator_id":"` + hHuman + `","name":"e","scheduled_start_time":"2026-01-01T00:00:00+00:00","privacy_level":2,"status":1,"entity_type":2,"creator":` + hum + `}`
	}
	ev1, ev2 := "1085503155732611501", "1085503155732611502"
	upstream := cannedUpstream(t, emu, map[string]string{
		"GET /api/v10/guilds/" + hGuild + "/emojis": `[{"id":"1085503155732611401","name":"a","roles":[],"user":` + own + `,"require_colons":true,"managed":false,"animated":false,"available":true},` +
			`{"id":"1085503155732611402","name":"b","roles":[],"user":` + hum + `,"require_colons":true,"managed":false,"animated":false,"available":true}]`,
		"GET /api/v10/channels/" + general + "/invites": `[{"code":"abc","type":0,"channel":{"id":"` + general + `","type":0,"name":"general"},"inviter":` + hum + `,"target_type":1,"target_user":` + hum + `,"uses":0,"max_uses":0,"max_age":0,"temporary":false,"created_at":"2026-01-01T00:00:00+00:00"}]`,
		"GET /api/v10/guilds/" + hGuild + "/welcome-screen": `{"description":"hi","welcome_channels":[{"channel_id":"` + general + `","description":"say hi","emoji_id":null,"emoji_name":null},` +
			`{"channel_id":"` + hPrivate + `","description":"staff only","emoji_id":null,"emoji_name":null}]}`,
		"GET /api/v10/guilds/" + hGuild + "/scheduled-events":        `[` + event(ev1, general) + `,` + event(ev2, hPrivate) + `]`,
		"GET /api/v10/guilds/" + hGuild + "/scheduled-events/" + ev1: event(ev1, general),
		"GET /api/v10/guilds/" + hGuild + "/scheduled-events/" + ev2: event(ev2, hPrivate),
	})
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true", "DMP_UPSTREAM": upstream})
	addr := strings.TrimPrefix(st.base, "http://")
	g := api + "/guilds/" + hGuild
	for _, c := range []struct {
		name, uri       string
		headers         [][2]string
		absent, present []string // present also holds without the restriction
		control         []string // only there without the restriction
	}{
		{"emoji creators", g + "/emojis", rvOwner, []string{hHuman}, []string{`"name":"b"`, hOwner}, []string{hHuman}},
		{"invite inviter and target", api + "/channels/" + general + "/invites", rvOwner, []string{hHuman, "inviter", "target_user"}, []string{`"code":"abc"`}, []string{`"inviter"`}},
		{"welcome channels", g + "/welcome-screen", rvGen, []string{hPrivate, "staff only"}, []string{"say hi", `"description":"hi"`}, []string{"staff only"}},
		{"event list by channel", g + "/scheduled-events", rvGen, []string{ev2, hPrivate}, []string{ev1}, []string{ev2}},
		{"event list creators", g + "/scheduled-events", rvOwner, []string{hHuman}, []string{ev1, ev2}, []string{`"creator"`}},
		{"one event in scope", g + "/scheduled-events/" + ev1, rvGen, nil, []string{ev1}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, src, body := rvGet(t, addr, c.uri, c.headers...)
			if code != 200 || src != "discord" {
				t.Fatalf("%d %s: %s", code, src, body)
			}
			for _, s := range c.absent {
				if strings.Contains(body, s) {
					t.Errorf("the answer holds %q: %s", s, body)
				}
			}
			_, _, full := rvGet(t, addr, c.uri)
			for _, s := range c.present {
				if !strings.Contains(body, s) || !strings.Contains(full, s) {
					t.Errorf("lost %q: %s", s, body)
				}
			}
			for _, s := range c.control {
				if !strings.Contains(full, s) {
					t.Errorf("control: the unrestricted answer lacks %q: %s", s, full)
				}
			}
		})
	}
	// One event in a channel out of scope is withheld whole.
	code, src, body := rvGet(t, addr, g+"/scheduled-events/"+ev2, rvGen...)
	if code != 403 || src != "mcp" || strings.Contains(body, ev2) {
		t.Errorf("an event out of scope: %d %s %s", code, src, body)
	}
}
