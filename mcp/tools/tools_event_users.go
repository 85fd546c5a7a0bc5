package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Scheduled events: interested users, their counts, and exceptions to a
// recurring event's occurrences.

var excTimes = []param{
	{name: "scheduled_start_time", desc: "This occurrence's new start (ISO 8601).", typ: timeT{}, in: inBody},
	{name: "scheduled_end_time", desc: "This occurrence's new end (ISO 8601).", typ: timeT{}, in: inBody},
	{name: "is_canceled", desc: "Cancel this occurrence.", typ: tBool, in: inBody},
}

var eventMoreSpecs = []*spec{
	{
		name: "list_event_users", title: "List interested users", toolset: tsEvents,
		desc:   "List the users interested in a scheduled event, 1-100 at a time; page with before/after (user ids).",
		params: append([]param{whGuildParam, eventIDParam}, eventPaging...),
		ann:    mcp.Annotations{Title: "List interested users", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventIDUsers, out: eventUsersOut,
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `","limit":10}`, "GET " + eventPath + "/" + exEvent + "/users?limit=10"}},
	},
	{
		name: "count_event_users", title: "Count interested users", toolset: tsEvents,
		desc:   "How many users are interested in a scheduled event.",
		params: []param{whGuildParam, eventIDParam},
		ann:    mcp.Annotations{Title: "Count interested users", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventIDUsersCounts,
		out:      []field{{name: "count", src: "guild_scheduled_event_count", typ: oInt}},
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `"}`, "GET " + eventPath + "/" + exEvent + "/users/counts"}},
	},
	{
		name: "create_event_exception", title: "Change one occurrence", toolset: tsEvents,
		desc: "Move or cancel one occurrence of a recurring event, named by its original start time.",
		params: append([]param{whGuildParam, eventIDParam,
			{name: "original_scheduled_start_time", desc: "The occurrence's original start (ISO 8601).", typ: timeT{}, in: inBody, required: true}}, excTimes...),
		ann:   mcp.Annotations{Title: "Change one occurrence", OpenWorldHint: true},
		needs: eventManage, oneOf: []string{"scheduled_start_time", "scheduled_end_time", "is_canceled"},
		method: "POST", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventIDExceptions, out: exceptionFields,
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `","original_scheduled_start_time":"2030-01-08T18:00:00Z","is_canceled":true}`,
			"POST " + eventPath + "/" + exEvent + `/exceptions {"original_scheduled_start_time":"2030-01-08T18:00:00Z","is_canceled":true}`}},
	},
	{
		name: "modify_event_exception", title: "Modify an occurrence change", toolset: tsEvents,
		desc:   "Change an exception to a recurring event's occurrence.",
		params: append([]param{whGuildParam, eventIDParam, excIDParam}, excTimes...),
		ann:    mcp.Annotations{Title: "Modify an occurrence change", IdempotentHint: true, OpenWorldHint: true},
		needs:  eventManage, oneOf: []string{"scheduled_start_time", "scheduled_end_time", "is_canceled"},
		method: "PATCH", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventIDExceptionsExceptionID, out: exceptionFields,
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `","exception_id":"` + exExc + `","is_canceled":false}`,
			"PATCH " + eventPath + "/" + exEvent + "/exceptions/" + exExc + ` {"is_canceled":false}`}},
	},
	{
		name: "delete_event_exception", title: "Delete an occurrence change", toolset: tsEvents,
		desc:   "Remove an exception: the occurrence goes back to the event's schedule.",
		params: []param{whGuildParam, eventIDParam, excIDParam},
		ann:    mcp.Annotations{Title: "Delete an occurrence change", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  eventManage, method: "DELETE", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventIDExceptionsExceptionID, out: okWithID("exception_id"),
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `","exception_id":"` + exExc + `"}`, "DELETE " + eventPath + "/" + exEvent + "/exceptions/" + exExc}},
	},
	{
		name: "list_event_exception_users", title: "List an occurrence's users", toolset: tsEvents,
		desc:   "List the users interested in one changed occurrence of a recurring event.",
		params: append([]param{whGuildParam, eventIDParam, {name: "exception_id", key: "guild_scheduled_event_exception_id", desc: "The exception's id.", typ: tSnowflake, in: inPath, required: true}}, eventPaging...),
		ann:    mcp.Annotations{Title: "List an occurrence's users", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDScheduledEventsGuildScheduledEventIDGuildScheduledEventExceptionIDUsers, out: eventUsersOut,
		examples: []example{{`{` + eventBase + `,"event_id":"` + exEvent + `","exception_id":"` + exExc + `"}`, "GET " + eventPath + "/" + exEvent + "/" + exExc + "/users?limit=100"}},
	},
}
