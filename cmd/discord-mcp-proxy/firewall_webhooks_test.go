package main

import (
	"strings"
	"testing"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// fwStageID is a stage channel added to webhookSeed.
const fwStageID discordtest.Snowflake = 1085503300000000100

// webhookSeed is the default seed with a stage channel, and MANAGE_WEBHOOKS,
// MANAGE_EVENTS and the stage moderator's bits for the bot.
func webhookSeed() *discordtest.Seed {
	seed := discordtest.DefaultSeed()
	for i := range seed.Guilds[0].Roles {
		if r := &seed.Guilds[0].Roles[i]; r.ID == discordtest.BotRoleID {
			r.Permissions |= dg.PermissionManageWebhooks | dg.PermissionManageEvents | dg.PermissionVoiceMuteMembers | dg.PermissionVoiceMoveMembers
		}
	}
	g := &seed.Guilds[0]
	g.Channels = append(g.Channels, discordtest.Channel{ID: fwStageID, Type: 13, GuildID: g.ID, Name: "town-hall", ParentID: discordtest.CategoryID, Position: 4})
	return seed
}

// toolCall calls one tool through the real server's /v1/tools/call.
func toolCall(t *testing.T, st *stack, name, args string, headers ...[2]string) string {
	t.Helper()
	_, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "POST", "/v1/tools/call", headers,
		`{"name":"`+name+`","arguments":`+args+`}`)
	return body
}

// TestFirewallWebhookTools: a webhook executed (or edited, or moved) into
// a channel or thread outside the caller's scope is refused before
// Discord: the token routes cannot be tied to a channel, so they pass
// only while channels and guilds are unrestricted. Each case has a
// control that reaches the emulator, so the refusal is the scope's doing.
func TestFirewallWebhookTools(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Seed: webhookSeed()}, map[string]string{"DMP_TOOLSETS": "webhooks"})
	hook := `"webhook_id":"` + discordtest.WebhookID(discordtest.GeneralID).String() + `","webhook_token":"` + discordtest.WebhookToken(discordtest.GeneralID) + `"`
	thread := discordtest.ThreadID.String()
	onlyRandom := [2]string{"X-Target-Channels", hRandom}
	for _, c := range []struct {
		name, tool, args string
		scope            [2]string
	}{
		{"execute into a channel out of scope", "execute_webhook", `{` + hook + `,"content":"x","wait":true}`, onlyRandom},
		{"execute into a thread out of scope", "execute_webhook", `{` + hook + `,"content":"x","thread_id":"` + thread + `"}`, onlyRandom},
		{"execute into a thread, its parent listed", "execute_webhook", `{` + hook + `,"content":"x","thread_id":"` + thread + `"}`, [2]string{"X-Target-Channels", general}},
		{"execute in a guild out of scope", "execute_webhook", `{` + hook + `,"content":"x"}`, [2]string{"X-Target-Guilds", discordtest.SecondGuildID.String()}},
		{"edit a webhook message out of scope", "edit_webhook_message", `{` + hook + `,"message_id":"` + hAnyID + `","content":"x"}`, onlyRandom},
		{"move a webhook while channels are restricted", "modify_webhook", `{"webhook_id":"` + discordtest.WebhookID(discordtest.RandomID).String() + `","channel_id":"` + general + `"}`, onlyRandom},
		{"create a webhook in a channel out of scope", "create_webhook", `{"channel_id":"` + general + `","name":"x"}`, onlyRandom},
		{"list a channel's webhooks out of scope", "list_channel_webhooks", `{"channel_id":"` + general + `"}`, onlyRandom},
	} {
		st.emu.ResetStats()
		body := toolCall(t, st, c.tool, c.args, c.scope)
		if n := beyondLookups(st.emu.Stats()); n != 0 || !strings.Contains(body, "PermissionDeniedError") {
			t.Errorf("%s: the emulator received %d requests: %s", c.name, n, body)
		}
		st.emu.ResetStats()
		if toolCall(t, st, c.tool, c.args); beyondLookups(st.emu.Stats()) == 0 {
			t.Errorf("%s: control without the restriction reached nothing", c.name)
		}
	}
	if strings.Contains(st.logs.String(), discordtest.WebhookToken(discordtest.GeneralID)) {
		t.Error("the log holds a webhook token")
	}
}

// beyondLookups counts the requests the emulator received other than the
// proxy's own channel lookups (which guild a channel is in, to judge the
// scope): those read metadata only, never the attempt.
func beyondLookups(s discordtest.Stats) int64 {
	return s.Total - s.Routes["GET /channels/{channel_id}"]
}

// TestWebhookTokenOnlyInCreate: create_webhook shows the token exactly
// when the proxy's answer filter lets it through (policy
// MayExecuteWebhook: every mention kind allowed, users unrestricted);
// list and get never show one, even then; the logs never hold one.
func TestWebhookTokenOnlyInCreate(t *testing.T) {
	t.Parallel()
	open := startStackWith(t, discordtest.Options{Seed: webhookSeed()}, map[string]string{"DMP_TOOLSETS": "webhooks", "DMP_ALLOWED_MENTIONS": openMentions})
	forced := startStackWith(t, discordtest.Options{Seed: webhookSeed()}, map[string]string{"DMP_TOOLSETS": "webhooks"})
	create := `{"channel_id":"` + general + `","name":"ci"}`
	for _, c := range []struct {
		name    string
		st      *stack
		headers [][2]string
		shown   bool
	}{
		{"open mentions", open, nil, true},
		{"open mentions, users restricted", open, [][2]string{{"X-Target-Users", discordtest.OwnerUserID.String()}}, false},
		{"mentions narrowed by header", open, [][2]string{{"X-Allowed-Mentions", `{"parse":[]}`}}, false},
		{"operator forces no pings", forced, nil, false},
	} {
		body := toolCall(t, c.st, "create_webhook", create, c.headers...)
		res := gjson.Get(body, "structuredContent")
		id, tok := res.Get("id").String(), res.Get("token")
		if id == "" {
			t.Fatalf("%s: create_webhook: %s", c.name, body)
		}
		if shown := tok.Type == gjson.String && tok.Str != ""; shown != c.shown {
			t.Errorf("%s: token shown=%v, want %v: %s", c.name, shown, c.shown, body)
		}
		for _, read := range []struct{ tool, args string }{
			{"get_webhook", `{"webhook_id":"` + id + `"}`},
			{"list_channel_webhooks", `{"channel_id":"` + general + `"}`},
			{"list_guild_webhooks", `{"guild_id":"` + hGuild + `"}`},
		} {
			out := toolCall(t, c.st, read.tool, read.args, c.headers...)
			if !strings.Contains(out, id) || strings.Contains(out, "emu-webhook-secret-") || strings.Contains(out, `"token"`) {
				t.Errorf("%s: %s must list the webhook without any token: %s", c.name, read.tool, out)
			}
		}
	}
	for _, st := range []*stack{open, forced} {
		if strings.Contains(st.logs.String(), "emu-webhook-secret-") {
			t.Error("the log holds a webhook token")
		}
	}
}

// webhookSeedOptions are emulator options with webhookSeed.
func webhookSeedOptions() discordtest.Options { return discordtest.Options{Seed: webhookSeed()} }
