package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// invitesMore drives the invite-by-code tools through an invite's life:
// resolved, found in the server's list, restricted to two users and read
// back, revoked, then unknown; and one thread member looked up.
func (r *driveRun) invitesMore() {
	guild := discordtest.GuildID.String()
	human, owner := discordtest.HumanUserID.String(), discordtest.OwnerUserID.String()
	code := r.call("create_invite", `{"channel_id":"@G","max_age_seconds":600}`).Get("code").Str
	if got := r.call("get_invite", `{"code":"`+code+`","with_counts":true}`); got.Get("channel_id").Str != discordtest.GeneralID.String() || got.Get("guild_id").Str != guild {
		r.t.Errorf("get_invite: %s", got.Raw)
	}
	if list := r.call("list_guild_invites", `{"guild_id":"`+guild+`"}`); !list.Get(`invites.#(code=="` + code + `")`).Exists() {
		r.t.Errorf("list_guild_invites misses %s: %s", code, list.Raw)
	}
	if job := r.call("get_invite_target_users_job_status", `{"code":"`+code+`"}`); job.Get("status").Int() != 0 || job.Get("total_users").Int() != 0 {
		r.t.Errorf("job status before any upload: %s", job.Raw)
	}
	r.call("set_invite_target_users", `{"code":"`+code+`","user_ids":["`+human+`","`+owner+`"],"confirm":true}`)
	users := r.call("get_invite_target_users", `{"code":"`+code+`"}`)
	if users.Get("users.#").Int() != 2 || users.Get("users.0.user_id").Str != human || users.Get("users.1.user_id").Str != owner {
		r.t.Errorf("get_invite_target_users after setting two: %s", users.Raw)
	}
	if job := r.call("get_invite_target_users_job_status", `{"code":"`+code+`"}`); job.Get("status").Int() != 2 || job.Get("processed_users").Int() != 2 {
		r.t.Errorf("job status after the upload: %s", job.Raw)
	}
	if del := r.call("delete_invite", `{"code":"`+code+`","reason":"done","confirm":true}`); del.Get("code").Str != code {
		r.t.Errorf("delete_invite: %s", del.Raw)
	}
	r.drive("get_invite", `{"code":"`+code+`"}`, true) // revoked: Discord's 10006
	th := r.call("create_thread", `{"channel_id":"@G","name":"member lookup"}`).Get("id").Str
	if m := r.call("get_thread_member", `{"channel_id":"`+th+`","user_id":"@B"}`); m.Get("user_id").Str != discordtest.BotUserID.String() || m.Get("thread_id").Str != th {
		r.t.Errorf("get_thread_member: %s", m.Raw)
	}
	r.drive("get_thread_member", r.at(`{"channel_id":"`+th+`","user_id":"`+human+`"}`), true) // not a member
}
