package tools

import "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"

// commands drives the commands toolset, global and in a server.
func (r *driveRun) commands() {
	app := `"application_id":"` + discordtest.BotUserID.String() + `"`
	for _, place := range []struct{ prefix, args string }{
		{"global_", app},
		{"guild_", app + `,"guild_id":"` + discordtest.GuildID.String() + `"`},
	} {
		a, p := place.args, place.prefix
		id := r.call("create_"+p+"command", `{`+a+`,"name":"ping","description":"Pong","options":[{"type":3,"name":"text","description":"What to echo","required":false}],"default_member_permissions":8192}`).Get("id").String()
		r.call("list_"+p+"commands", `{`+a+`}`)
		r.call("get_"+p+"command", `{`+a+`,"command_id":"`+id+`"}`)
		r.call("modify_"+p+"command", `{`+a+`,"command_id":"`+id+`","description":"Pong!"}`)
		if p == "guild_" {
			r.call("list_guild_command_permissions", `{`+a+`}`)
			// No overrides are set (that needs a user's token): Discord's 404.
			r.drive("get_guild_command_permissions", r.at(`{`+a+`,"command_id":"`+id+`"}`), true)
		}
		r.call("delete_"+p+"command", `{`+a+`,"command_id":"`+id+`","confirm":true}`)
		out := r.call("overwrite_"+p+"commands", `{`+a+`,"commands":[{"name":"a","description":"A"},{"name":"Report","type":3}],"confirm":true}`)
		if out.Get("commands.#").Int() != 2 {
			r.t.Errorf("overwrite_%scommands: %s", p, out.Raw)
		}
	}
}
