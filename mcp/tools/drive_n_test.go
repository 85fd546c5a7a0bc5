package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// conversations drives the channels, threads, forums and DM tools: a
// forum post found again by thread search, a thread from a message and a
// standalone one, a DM sent by user name and read back.
func (r *driveRun) conversations() {
	forum := discordtest.ForumID.String()
	out := r.call("list_channels", `{"guild_id":"`+discordtest.GuildID.String()+`"}`)
	if !out.Get(`channels.#(id=="` + forum + `")`).Exists() {
		r.t.Errorf("list_channels misses the forum: %s", out.Raw)
	}
	tags := r.call("list_forum_tags", `{"channel_id":"`+forum+`"}`)
	feature := tags.Get(`tags.#(name=="feature").id`).Str
	if feature == "" {
		r.t.Errorf("list_forum_tags: %s", tags.Raw)
	}
	post := r.call("create_forum_post", `{"channel_id":"`+forum+`","name":"Dark mode","content":"Please add a dark mode","auto_archive_minutes":1440,"applied_tags":["`+feature+`"]}`)
	if post.Get("parent_id").Str != forum || post.Get("type").Int() != 11 {
		r.t.Errorf("create_forum_post: %s", post.Raw)
	}
	r.send(`{"channel_id":"` + post.Get("id").Str + `","content":"+1 from me"}`)
	r.call("modify_thread", `{"channel_id":"`+post.Get("id").Str+`","applied_tags":["`+feature+`"]}`)
	set := r.call("set_forum_tags", `{"channel_id":"`+forum+`","tags":[{"name":"feature","id":"`+feature+`"},{"name":"question","moderated":true,"emoji_name":"❓"}],"confirm":true}`)
	if set.Get("tags.#").Int() != 2 || set.Get("tags.1.name").Str != "question" {
		r.t.Errorf("set_forum_tags: %s", set.Raw)
	}
	found := r.call("search_threads", `{"channel_id":"`+forum+`","name":"dark"}`)
	if found.Get("threads.0.id").Str != post.Get("id").Str {
		r.t.Errorf("search_threads did not find the post: %s", found.Raw)
	}
	// The guild's first search meets the emulator's 202 "index not ready".
	hits := r.call("search_messages", `{"guild_id":"`+discordtest.GuildID.String()+`","query":"from me"}`)
	if hits.Get("mode").Str != "guild_search" || hits.Get("messages.0.channel_id").Str != post.Get("id").Str {
		r.t.Errorf("guild search did not find the reply in the post: %s", hits.Raw)
	}
	hits = r.call("search_messages", `{"guild_id":"`+discordtest.GuildID.String()+`","query":"lisbon","mentions":"@B","since":"2025-06-01T00:00:00Z","until":"2030-01-01T00:00:00Z","pinned":false,"oldest_first":true,"offset":0,"limit":5}`)
	if hits.Get("messages.#").Int() != 1 || hits.Get("messages.0.id").Str != r.id(6) {
		r.t.Errorf("guild search with filters: %s", hits.Raw)
	}
	hits = r.call("search_messages", `{"guild_id":"`+discordtest.GuildID.String()+`","channel_id":"@G","query":"maintenance","has":["embed"]}`)
	if hits.Get("messages.#").Int() != 1 || hits.Get("messages.0.id").Str != r.id(13) {
		r.t.Errorf("guild search has=embed: %s", hits.Raw)
	}
	pub := r.call("create_thread", `{"channel_id":"@G","name":"about this","message_id":"`+r.id(12)+`"}`).Get("id").Str
	priv := r.call("create_thread", `{"channel_id":"@G","name":"staff chat","private":true,"slowmode_seconds":5}`).Get("id").Str
	r.threadMembers(pub, priv)
	active := r.call("list_active_threads", `{"guild_name":"Emulator Guild"}`)
	if active.Get("threads.#").Int() < 3 {
		r.t.Errorf("list_active_threads: %s", active.Raw)
	}
	got := r.call("wait_for_messages", `{"channel_id":"@G","after":"`+r.id(28)+`","authors":["@O"],"timeout_seconds":5}`)
	if got.Get("messages.0.id").Str != r.id(29) {
		r.t.Errorf("wait_for_messages: %s", got.Raw)
	}
	sent := r.call("send_direct_message", `{"user_name":"grace","content":"Your report is fixed."}`)
	back := r.call("get_direct_messages", `{"user_id":"`+discordtest.HumanUserID.String()+`","limit":5}`)
	if back.Get("messages.0.id").Str != sent.Get("id").Str || back.Get("channel_id").Str != sent.Get("channel_id").Str {
		r.t.Errorf("get_direct_messages: %s after %s", back.Raw, sent.Raw)
	}
	r.call("edit_direct_message", `{"user_name":"grace","message_id":"`+sent.Get("id").Str+`","content":"Your report is fixed (v1.4.1)."}`)
	r.call("delete_direct_message", `{"user_id":"`+discordtest.HumanUserID.String()+`","message_id":"`+sent.Get("id").Str+`","confirm":true}`)
	if left := r.call("get_direct_messages", `{"user_name":"grace"}`); left.Get("messages.#").Int() != 0 {
		r.t.Errorf("the DM was not deleted: %s", left.Raw)
	}
}

// threadMembers drives membership, archiving and the archived lists.
func (r *driveRun) threadMembers(pub, priv string) {
	human := discordtest.HumanUserID.String()
	r.call("add_thread_member", `{"channel_id":"`+priv+`","user_id":"`+human+`"}`)
	members := r.call("list_thread_members", `{"channel_id":"`+priv+`"}`)
	if members.Get("members.#").Int() != 2 {
		r.t.Errorf("list_thread_members: %s", members.Raw)
	}
	r.call("remove_thread_member", `{"channel_id":"`+priv+`","user_id":"`+human+`","confirm":true}`)
	r.call("leave_thread", `{"channel_id":"`+pub+`"}`)
	r.call("join_thread", `{"channel_id":"`+pub+`"}`)
	r.call("modify_thread", `{"channel_id":"`+pub+`","name":"about this (done)","archived":true,"auto_archive_minutes":60}`)
	r.call("modify_thread", `{"channel_id":"`+priv+`","archived":true}`)
	if got := r.call("list_archived_threads", `{"channel_id":"@G"}`); got.Get("threads.0.id").Str != pub {
		r.t.Errorf("list_archived_threads public: %s", got.Raw)
	}
	r.call("list_archived_threads", `{"channel_id":"@G","kind":"private","limit":10}`)
	if got := r.call("list_archived_threads", `{"channel_id":"@G","kind":"joined_private"}`); got.Get("threads.0.id").Str != priv {
		r.t.Errorf("list_archived_threads joined_private: %s", got.Raw)
	}
}

// grantBotAdmin gives the seed's bot role what overwrites and following
// need (Manage Roles, Manage Webhooks), which the default seed leaves out.
func grantBotAdmin(seed *discordtest.Seed) {
	for i := range seed.Guilds[0].Roles {
		if r := &seed.Guilds[0].Roles[i]; r.ID == discordtest.BotRoleID {
			r.Permissions |= dg.PermissionManageRoles | dg.PermissionManageWebhooks
		}
	}
}

// channelAdmin drives the channel writes on a channel it creates.
func (r *driveRun) channelAdmin() {
	cat := discordtest.CategoryID.String()
	ch := r.call("create_channel", `{"guild_id":"`+discordtest.GuildID.String()+`","name":"releases","type":5,"parent_id":"`+cat+`","topic":"Release notes","reason":"drive"}`).Get("id").Str
	r.call("modify_channel", `{"channel_id":"`+ch+`","name":"release-notes","slowmode_seconds":30,"nsfw":false}`)
	r.call("reorder_channels", `{"guild_id":"`+discordtest.GuildID.String()+`","positions":[{"id":"`+ch+`","position":0,"parent_id":"`+cat+`","lock_permissions":false}]}`)
	human := discordtest.HumanUserID.String()
	r.call("set_channel_permission", `{"channel_id":"`+ch+`","target_id":"`+human+`","type":1,"allow":["ViewChannel","SendMessages"],"deny":["AddReactions"]}`)
	if got := r.call("get_channel_info", `{"channel_id":"`+ch+`"}`); got.Get("id").Str != ch {
		r.t.Errorf("get_channel_info: %s", got.Raw)
	}
	r.call("delete_channel_permission", `{"channel_id":"`+ch+`","target_id":"`+human+`","confirm":true}`)
	r.call("follow_announcement_channel", `{"channel_id":"`+ch+`","target_channel_id":"@G"}`)
	inv := r.call("create_invite", `{"channel_id":"@G","max_age_seconds":3600,"max_uses":3,"unique":true}`)
	if list := r.call("list_invites", `{"channel_id":"@G"}`); list.Get("invites.0.code").Str != inv.Get("code").Str {
		r.t.Errorf("list_invites: %s after %s", list.Raw, inv.Raw)
	}
	r.call("delete_channel", `{"channel_id":"`+ch+`","reason":"drive","confirm":true}`)
}
