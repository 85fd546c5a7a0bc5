package tools

import "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"

// events drives the events toolset: an external event's life, its users
// and counts, and an exception's.
func (r *driveRun) events() {
	g := `"guild_id":"` + discordtest.GuildID.String() + `"`
	id := r.call("create_event", `{`+g+`,"name":"Launch","description":"v2","scheduled_start_time":"2030-01-01T18:00:00Z","scheduled_end_time":"2030-01-01T19:00:00Z","entity_type":3,"location":"Online","reason":"drive"}`).Get("id").String()
	e := g + `,"event_id":"` + id + `"`
	if out := r.call("list_events", `{`+g+`,"with_user_count":true}`); out.Get("events.0.user_count").Int() != 1 {
		r.t.Errorf("list_events: %s", out.Raw)
	}
	r.call("get_event", `{`+e+`}`)
	r.call("modify_event", `{`+e+`,"name":"Launch!","location":"Stage 1"}`)
	r.call("list_event_users", `{`+e+`,"limit":10}`)
	r.call("count_event_users", `{`+e+`}`)
	exc := r.call("create_event_exception", `{`+e+`,"original_scheduled_start_time":"2030-01-08T18:00:00Z","is_canceled":true}`).Get("exception_id").String()
	r.call("modify_event_exception", `{`+e+`,"exception_id":"`+exc+`","is_canceled":false,"scheduled_start_time":"2030-01-08T19:00:00Z"}`)
	r.call("list_event_exception_users", `{`+e+`,"exception_id":"`+exc+`"}`)
	r.call("delete_event_exception", `{`+e+`,"exception_id":"`+exc+`","confirm":true}`)
	r.call("modify_event", `{`+e+`,"status":4}`)
	r.call("delete_event", `{`+e+`,"confirm":true}`)
}
