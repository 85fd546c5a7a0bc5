package discordtest

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/tidwall/gjson"
)

func TestForumPostThreadsAndSearch(t *testing.T) {
	t.Parallel()
	e, base := start(t, Options{Seed: WithForum(DefaultSeed()), Limits: noLimits()})
	api := base
	forum := api + "/channels/" + ForumID.String()

	r := do(t, e, "POST", forum+"/messages", `{"content":"x"}`)
	if r.status != 400 || gjson.Get(r.body, "code").Int() != CodeNonTextChannel {
		t.Fatalf("a message straight into a forum: %d %s", r.status, r.body)
	}
	r = do(t, e, "POST", forum+"/threads", `{"name":"Dark mode","message":{"content":"please add dark mode"},"applied_tags":[]}`)
	if r.status != 201 || gjson.Get(r.body, "type").Int() != 11 || gjson.Get(r.body, "parent_id").Str != ForumID.String() {
		t.Fatalf("forum post: %d %s", r.status, r.body)
	}
	post := gjson.Get(r.body, "id").Str
	r = do(t, e, "GET", api+"/channels/"+post+"/messages", "")
	if gjson.Get(r.body, "#").Int() != 1 || gjson.Get(r.body, "0.id").Str != post {
		t.Fatalf("the post's first message has the post's id: %s", r.body)
	}
	if r = do(t, e, "POST", forum+"/threads", `{"name":"no message"}`); r.status != 400 {
		t.Errorf("a forum post without a message: %d %s", r.status, r.body)
	}
	r = do(t, e, "GET", forum+"/threads/search?name=dark", "")
	if r.status != 200 || gjson.Get(r.body, "total_results").Int() != 1 || gjson.Get(r.body, "threads.0.id").Str != post {
		t.Fatalf("thread search: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", forum+"/threads/search?name=light", ""); gjson.Get(r.body, "total_results").Int() != 0 {
		t.Errorf("thread search matched another name: %s", r.body)
	}

	msg := gjson.Get(do(t, e, "GET", api+"/channels/"+GeneralID.String()+"/messages?limit=1", "").body, "0.id").Str
	from := api + "/channels/" + GeneralID.String() + "/messages/" + msg + "/threads"
	if r = do(t, e, "POST", from, `{"name":"about this"}`); r.status != 201 || gjson.Get(r.body, "id").Str != msg {
		t.Fatalf("thread from a message: %d %s", r.status, r.body)
	}
	if r = do(t, e, "POST", from, `{"name":"again"}`); r.status != 400 {
		t.Errorf("a second thread on one message: %d %s", r.status, r.body)
	}
	if r = do(t, e, "POST", api+"/channels/"+PrivateID.String()+"/threads", `{"name":"x"}`); r.status != 403 {
		t.Errorf("a thread in a channel the bot cannot see: %d %s", r.status, r.body)
	}
}

func TestDMChannel(t *testing.T) {
	t.Parallel()
	e, base := start(t, Options{Limits: noLimits()})
	api := base
	r := do(t, e, "POST", api+"/users/@me/channels", `{"recipient_id":"`+HumanUserID.String()+`"}`)
	if r.status != 200 || gjson.Get(r.body, "type").Int() != 1 || gjson.Get(r.body, "recipients.0.id").Str != HumanUserID.String() {
		t.Fatalf("open DM: %d %s", r.status, r.body)
	}
	dm := gjson.Get(r.body, "id").Str
	if again := do(t, e, "POST", api+"/users/@me/channels", `{"recipient_id":"`+HumanUserID.String()+`"}`); gjson.Get(again.body, "id").Str != dm {
		t.Errorf("a second open made another channel: %s", again.body)
	}
	if r = do(t, e, "POST", api+"/channels/"+dm+"/messages", `{"content":"hello grace"}`); r.status != 200 {
		t.Fatalf("send in DM: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", api+"/channels/"+dm+"/messages", ""); gjson.Get(r.body, "0.content").Str != "hello grace" {
		t.Fatalf("read DM: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", api+"/channels/"+dm, ""); gjson.Get(r.body, "type").Int() != 1 {
		t.Errorf("get DM channel: %s", r.body)
	}
	if r = do(t, e, "POST", api+"/users/@me/channels", `{"recipient_id":"`+BotUserID.String()+`"}`); r.status != 403 {
		t.Errorf("DM to a bot: %d %s", r.status, r.body)
	}
}

func TestGuildSearchIndex(t *testing.T) {
	t.Parallel()
	e, base := start(t, Options{Limits: noLimits()})
	url := base + "/guilds/" + GuildID.String() + "/messages/search?content=lisbon"
	r := do(t, e, "GET", url, "")
	if r.status != 202 || gjson.Get(r.body, "code").Int() != CodeIndexNotReady || gjson.Get(r.body, "retry_after").Int() != SearchIndexRetryAfter {
		t.Fatalf("a fresh guild's first search: %d %s", r.status, r.body)
	}
	r = do(t, e, "GET", url, "")
	if r.status != 200 || gjson.Get(r.body, "total_results").Int() != 2 || !gjson.Get(r.body, "messages.0.0.hit").Bool() {
		t.Fatalf("search once indexed: %d %s", r.status, r.body)
	}
	r = do(t, e, "GET", url+"&author_id="+BotUserID.String(), "")
	if gjson.Get(r.body, "total_results").Int() != 1 || gjson.Get(r.body, "messages.0.0.author.id").Str != BotUserID.String() {
		t.Errorf("author filter: %s", r.body)
	}
	r = do(t, e, "GET", url+"&channel_id="+RandomID.String(), "")
	if gjson.Get(r.body, "total_results").Int() != 0 {
		t.Errorf("channel filter: %s", r.body)
	}
	if r = do(t, e, "GET", url+"&limit=26", ""); r.status != 400 {
		t.Errorf("limit 26: %d", r.status)
	}
}

func TestThreadMembersAndArchive(t *testing.T) {
	t.Parallel()
	e, api := start(t, Options{Limits: noLimits()})
	gen := api + "/channels/" + GeneralID.String()
	r := do(t, e, "POST", gen+"/threads", `{"name":"secret","type":12}`)
	priv := gjson.Get(r.body, "id").Str
	if r.status != 201 || gjson.Get(r.body, "type").Int() != 12 {
		t.Fatalf("private thread: %d %s", r.status, r.body)
	}
	th := api + "/channels/" + priv
	if r = do(t, e, "GET", th+"/thread-members", ""); gjson.Get(r.body, "0.user_id").Str != BotUserID.String() {
		t.Fatalf("the creator is a member: %s", r.body)
	}
	if r = do(t, e, "PUT", th+"/thread-members/"+HumanUserID.String(), ""); r.status != 204 {
		t.Fatalf("add member: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", th+"/thread-members/"+HumanUserID.String(), ""); r.status != 200 {
		t.Errorf("get member: %d %s", r.status, r.body)
	}
	if r = do(t, e, "DELETE", th+"/thread-members/@me", ""); r.status != 204 {
		t.Fatalf("leave: %d %s", r.status, r.body)
	}
	// A member sees a private thread; without MANAGE_THREADS, a former
	// member does not.
	sees := func() bool {
		e.st.mu.Lock()
		defer e.st.mu.Unlock()
		id, _ := ParseSnowflake(priv)
		return e.st.channelPerms(e.st.channels[id], HumanUserID)&discordgo.PermissionViewChannel != 0
	}
	if !sees() {
		t.Errorf("a member cannot see the private thread")
	}
	if r = do(t, e, "DELETE", th+"/thread-members/"+HumanUserID.String(), ""); r.status != 204 || sees() {
		t.Errorf("a removed member still sees the private thread: %d %s", r.status, r.body)
	}
	pub := gjson.Get(do(t, e, "POST", gen+"/threads", `{"name":"old news","type":11}`).body, "id").Str
	if r = do(t, e, "PATCH", api+"/channels/"+pub, `{"archived":true,"locked":true}`); !gjson.Get(r.body, "thread_metadata.archived").Bool() {
		t.Fatalf("archive: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", gen+"/threads/archived/public", ""); gjson.Get(r.body, "threads.#").Int() != 1 || gjson.Get(r.body, "threads.0.id").Str != pub {
		t.Errorf("archived public: %s", r.body)
	}
	if r = do(t, e, "PUT", api+"/channels/"+pub+"/thread-members/@me", ""); r.status != 400 {
		t.Errorf("join a locked thread: %d", r.status)
	}
}

func TestChannelManagement(t *testing.T) {
	t.Parallel()
	seed := DefaultSeed()
	seed.Guilds[0].Roles[1].Permissions |= discordgo.PermissionManageRoles | discordgo.PermissionManageWebhooks
	e, api := start(t, Options{Seed: seed, Limits: noLimits()})
	guild := api + "/guilds/" + GuildID.String()
	r := do(t, e, "POST", guild+"/channels", `{"name":"news","type":5,"parent_id":"`+CategoryID.String()+`"}`)
	news := gjson.Get(r.body, "id").Str
	if r.status != 201 || gjson.Get(r.body, "type").Int() != 5 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if r = do(t, e, "POST", guild+"/channels", `{"name":"x","type":3}`); r.status != 400 {
		t.Errorf("a group DM type in a guild: %d", r.status)
	}
	if r = do(t, e, "PATCH", guild+"/channels", `[{"id":"`+news+`","position":0}]`); r.status != 204 {
		t.Errorf("reorder: %d %s", r.status, r.body)
	}
	gen := api + "/channels/" + GeneralID.String()
	ow := gen + "/permissions/" + HumanUserID.String()
	if r = do(t, e, "PUT", ow, `{"type":1,"allow":1024,"deny":"2048"}`); r.status != 204 {
		t.Fatalf("overwrite: %d %s", r.status, r.body)
	}
	if r = do(t, e, "PUT", ow, `{"type":1,"allow":8}`); r.status != 403 {
		t.Errorf("granting Administrator the bot lacks: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", gen, ""); gjson.Get(r.body, `permission_overwrites.#(id=="`+HumanUserID.String()+`").deny`).Str != "2048" {
		t.Errorf("overwrite not stored: %s", r.body)
	}
	if r = do(t, e, "DELETE", ow, ""); r.status != 204 {
		t.Errorf("delete overwrite: %d", r.status)
	}
	if r = do(t, e, "POST", api+"/channels/"+news+"/followers", `{"webhook_channel_id":"`+RandomID.String()+`"}`); r.status != 200 || gjson.Get(r.body, "webhook_id").Str == "" {
		t.Errorf("follow: %d %s", r.status, r.body)
	}
	if r = do(t, e, "POST", gen+"/followers", `{"webhook_channel_id":"`+RandomID.String()+`"}`); r.status != 400 {
		t.Errorf("following a text channel: %d", r.status)
	}
	r = do(t, e, "POST", gen+"/invites", `{"max_age":3600,"max_uses":5}`)
	if r.status != 200 || gjson.Get(r.body, "channel.id").Str != GeneralID.String() || gjson.Get(r.body, "expires_at").Str == "" {
		t.Fatalf("invite: %d %s", r.status, r.body)
	}
	if r = do(t, e, "GET", gen+"/invites", ""); gjson.Get(r.body, "#").Int() != 1 {
		t.Errorf("list invites: %s", r.body)
	}
}

func TestForumTags(t *testing.T) {
	t.Parallel()
	e, api := start(t, Options{Seed: WithForum(DefaultSeed()), Limits: noLimits()})
	forum := api + "/channels/" + ForumID.String()
	if r := do(t, e, "GET", forum, ""); gjson.Get(r.body, "available_tags.#").Int() != 2 {
		t.Fatalf("forum tags: %s", r.body)
	}
	r := do(t, e, "POST", forum+"/threads", `{"name":"p","message":{"content":"c"},"applied_tags":["`+ForumTagBug.String()+`"]}`)
	if r.status != 201 || gjson.Get(r.body, "applied_tags.0").Str != ForumTagBug.String() {
		t.Fatalf("post with a tag: %d %s", r.status, r.body)
	}
	if r := do(t, e, "POST", forum+"/threads", `{"name":"p","message":{"content":"c"},"applied_tags":["`+GeneralID.String()+`"]}`); r.status != 400 {
		t.Errorf("a tag the forum lacks: %d %s", r.status, r.body)
	}
	r = do(t, e, "PATCH", forum, `{"available_tags":[{"id":"`+ForumTagBug.String()+`","name":"bug"},{"name":"question","moderated":true}]}`)
	if gjson.Get(r.body, "available_tags.#").Int() != 2 || gjson.Get(r.body, "available_tags.1.name").Str != "question" {
		t.Errorf("set tags: %d %s", r.status, r.body)
	}
}
