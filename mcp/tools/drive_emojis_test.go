package tools

import "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"

// emojis drives the emojis toolset: a server emoji's and an application
// emoji's whole life.
func (r *driveRun) emojis() {
	g := `"guild_id":"` + discordtest.GuildID.String() + `"`
	id := r.call("create_guild_emoji", `{`+g+`,"name":"party","image":"data:image/png;base64,iVBORw0KGgo=","roles":["`+discordtest.ModRoleID.String()+`"],"reason":"drive"}`).Get("id").String()
	r.call("list_guild_emojis", `{`+g+`}`)
	r.call("get_guild_emoji", `{`+g+`,"emoji_id":"`+id+`"}`)
	if out := r.call("modify_guild_emoji", `{`+g+`,"emoji_id":"`+id+`","name":"party2","roles":[]}`); out.Get("name").Str != "party2" {
		r.t.Errorf("modify_guild_emoji: %s", out.Raw)
	}
	r.call("delete_guild_emoji", `{`+g+`,"emoji_id":"`+id+`","confirm":true}`)

	a := `"application_id":"` + discordtest.BotUserID.String() + `"`
	id = r.call("create_application_emoji", `{`+a+`,"name":"wave","image":"data:image/gif;base64,R0lGODlh"}`).Get("id").String()
	if out := r.call("list_application_emojis", `{`+a+`}`); out.Get("emojis.#").Int() != 1 {
		r.t.Errorf("list_application_emojis: %s", out.Raw)
	}
	r.call("get_application_emoji", `{`+a+`,"emoji_id":"`+id+`"}`)
	r.call("modify_application_emoji", `{`+a+`,"emoji_id":"`+id+`","name":"wave2"}`)
	r.call("delete_application_emoji", `{`+a+`,"emoji_id":"`+id+`","confirm":true}`)
}
