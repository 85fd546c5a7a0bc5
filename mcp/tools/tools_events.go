package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The events toolset: a server's scheduled events, who is interested,
// and exceptions to a recurring event's occurrences. Events are always
// guild-only (privacy_level 2, the one value Discord takes), sent by the
// create tool itself.

const exEvent, exExc = "121212121212121212", "131313131313131313"

var (
	eventIDParam = param{name: "event_id", key: "guild_scheduled_event_id", desc: "The event's id.", typ: tSnowflake, in: inPath, required: true}
	excIDParam   = param{name: "exception_id", desc: "The exception's id.", typ: tSnowflake, in: inPath, required: true}
	eventManage  = access{perms: dg.PermissionManageEvents}
	eventBase    = `"guild_id":"` + exUsr + `"`
	eventPath    = "/guilds/" + exUsr + "/scheduled-events"
)

// eventEditParams are what create and modify share.
var eventEditParams = []param{
	{name: "name", desc: "The event's name, 1-100 characters.", typ: strT{min: 1, max: 100}, in: inBody},
	{name: "description", desc: "Up to 1000 characters.", typ: str(1000), in: inBody},
	{name: "scheduled_start_time", desc: "When it starts (ISO 8601).", typ: timeT{}, in: inBody},
	{name: "scheduled_end_time", desc: "When it ends (ISO 8601; required for external events).", typ: timeT{}, in: inBody},
	{name: "entity_type", desc: "1 in a stage channel, 2 in a voice channel, 3 elsewhere (external, with location).", typ: intEnumT{values: []int64{1, 2, 3}}, in: inBody},
	{name: "channel_id", desc: "The stage or voice channel (entity types 1 and 2).", typ: tSnowflake, in: inBody},
	{name: "location", key: "entity_metadata.location", desc: "Where it happens (external events), 1-100 characters.", typ: strT{min: 1, max: 100}, in: inBody},
	{name: "image", desc: "Its cover image as a data URI.", typ: imageDataT{max: 1 << 20}, in: inBody},
}

var eventFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
	{name: "channel_id", src: "channel_id", typ: oString, nullable: true},
	{name: "location", src: "entity_metadata.location", typ: oString, nullable: true, untrusted: true},
	{name: "scheduled_start_time", src: "scheduled_start_time", typ: oString},
	{name: "scheduled_end_time", src: "scheduled_end_time", typ: oString, nullable: true},
	{name: "status", src: "status", typ: oInt, desc: "1 scheduled, 2 active, 3 completed, 4 canceled"},
	{name: "entity_type", src: "entity_type", typ: oInt},
	{name: "creator_id", src: "creator_id", typ: oString, nullable: true},
	{name: "user_count", src: "user_count", typ: oInt, desc: "with with_user_count"},
}

var exceptionFields = []field{
	{name: "event_id", src: "event_id", typ: oString},
	{name: "exception_id", src: "event_exception_id", typ: oString},
	{name: "scheduled_start_time", src: "scheduled_start_time", typ: oString, nullable: true},
	{name: "scheduled_end_time", src: "scheduled_end_time", typ: oString, nullable: true},
	{name: "is_canceled", src: "is_canceled", typ: oBool},
}

var eventUsersOut = []field{{name: "users", src: "@this", typ: oArray, items: []field{
	{name: "user_id", src: "user_id", typ: oString},
	{name: "username", src: "user.username", typ: oString, untrusted: true},
	{name: "response", src: "response", typ: oInt, desc: "1 interested"},
}}}

var eventPaging = []param{
	{name: "limit", desc: "How many (1-100).", typ: intRange(1, 100, i64(100)), in: inQuery},
	{name: "before", desc: "Users before this user id.", typ: tSnowflake, in: inQuery},
	{name: "after", desc: "Users after this user id.", typ: tSnowflake, in: inQuery},
}

var eventSpecs = concat(eventCoreSpecs, eventMoreSpecs)

var eventCoreSpecs = []*spec{
	{
		name: "list_events", title: "List scheduled events", toolset: tsEvents,
		desc:   "List a server's scheduled events (those in channels your scope reaches).",
		params: []param{whGuildParam, {name: "with_user_count", desc: "Include how many are interested.", typ: tBool, in: inQuery}},
		ann:    mcp.Annotations{Title: "List scheduled events", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDScheduledEvents,
		out:      []field{{name: "events", src: "@this", typ: oArray, items: eventFields}},
		examples: []example{{`{` + eventBase + `,"with_user_count":true}`, "GET " + eventPath + "?with_user_count=true"}},
	},
	{
		name: "get_event", title: "Get scheduled event", toolset: tsEvents,
		desc:   "Describe one scheduled event.",
		params: []param{whGuildParam, eventIDParam, {name: "with_user_count", desc: "Include how many are interested.", typ: tBool, in: inQuery}},
		ann:    mcp.Annotations{Title: "Get scheduled event", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventID, out: eventFields,
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `"}`, "GET " + eventPath + "/" + exEvent}},
	},
	{
		name: "create_event", title: "Create scheduled event", toolset: tsEvents,
		desc:   "Schedule an event: in a stage or voice channel (entity_type 1 or 2 with channel_id) or elsewhere (3 with location and an end time).",
		params: append([]param{whGuildParam}, append(mustGiveAll(eventEditParams, "name", "scheduled_start_time", "entity_type"), reasonParam)...),
		ann:    mcp.Annotations{Title: "Create scheduled event", OpenWorldHint: true},
		needs:  eventManage, method: "POST", path: route.TGuildsGuildIDScheduledEvents,
		plan: withBodyConst("privacy_level", "2"), run: runPlan(withBodyConst("privacy_level", "2")),
		out: eventFields,
		examples: []example{{`{` + eventBase + `,"name":"Launch","scheduled_start_time":"2030-01-01T18:00:00Z","scheduled_end_time":"2030-01-01T19:00:00Z","entity_type":3,"location":"Online"}`,
			"POST " + eventPath + ` {"privacy_level":2,"name":"Launch","scheduled_start_time":"2030-01-01T18:00:00Z","scheduled_end_time":"2030-01-01T19:00:00Z","entity_type":3,"entity_metadata":{"location":"Online"}}`}},
	},
	{
		name: "modify_event", title: "Modify scheduled event", toolset: tsEvents,
		desc: "Change a scheduled event, or start (status 2), end (3) or cancel (4) it.",
		params: append([]param{whGuildParam, eventIDParam}, append(eventEditParams,
			param{name: "status", desc: "2 start, 3 end (an active event), 4 cancel (a scheduled one).", typ: intEnumT{values: []int64{2, 3, 4}}, in: inBody}, reasonParam)...),
		ann:   mcp.Annotations{Title: "Modify scheduled event", IdempotentHint: true, OpenWorldHint: true},
		needs: eventManage, oneOf: []string{"name", "description", "scheduled_start_time", "scheduled_end_time", "entity_type", "channel_id", "location", "image", "status"},
		method: "PATCH", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventID, out: eventFields,
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `","status":4}`, "PATCH " + eventPath + "/" + exEvent + ` {"status":4}`}},
	},
	{
		name: "delete_event", title: "Delete scheduled event", toolset: tsEvents,
		desc:   "Delete a scheduled event.",
		params: []param{whGuildParam, eventIDParam, reasonParam},
		ann:    mcp.Annotations{Title: "Delete scheduled event", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  eventManage, method: "DELETE", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventID, out: okWithID("event_id"),
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `"}`, "DELETE " + eventPath + "/" + exEvent}},
	},
}

// mustGiveAll is ps with the named parameters required.
func mustGiveAll(ps []param, names ...string) []param {
	out := append([]param(nil), ps...)
	for i := range out {
		for _, n := range names {
			if out[i].name == n {
				out[i].required = true
			}
		}
	}
	return out
}
