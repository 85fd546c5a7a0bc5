package tools

import (
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The last administration rows: a template by its code, incident actions
// (pausing invites and DMs during a raid), renaming the bot.

// pauseT is how long an incident action lasts: Discord allows 24 hours.
var pauseT = durationT{max: 24 * time.Hour}

var incidentFields = []field{
	{name: "invites_disabled_until", src: "invites_disabled_until", typ: oString, nullable: true},
	{name: "dms_disabled_until", src: "dms_disabled_until", typ: oString, nullable: true},
}

var adminMoreSpecs = []*spec{
	{
		name: "get_guild_template", title: "Get template by code", toolset: tsGuild,
		desc:   "Read any server template by its code: name, description, how often used, the source server.",
		params: []param{codeParam},
		ann:    mcp.Annotations{Title: "Get template by code", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsTemplatesCode,
		out:      append(append([]field(nil), templateFields...), field{name: "source_guild_id", src: "source_guild_id", typ: oString}),
		examples: []example{{`{"code":"hgM48av5Q69A"}`, `GET /guilds/templates/hgM48av5Q69A`}},
	},
	{
		name: "set_incident_actions", title: "Pause invites or DMs", toolset: tsModeration,
		desc: "During a raid: pause a server's invites and/or members' DMs for up to 24 hours (e.g. 2h), or resume them.",
		params: []param{guildParam,
			{name: "pause_invites_for", desc: "Pause invites this long (e.g. 30m, 6h; at most 24h).", typ: pauseT, in: inBody, key: "invites_disabled_until"},
			{name: "resume_invites", desc: "true allows invites again now.", typ: clearT{}, in: inBody, key: "invites_disabled_until"},
			{name: "pause_dms_for", desc: "Pause DMs between members this long (at most 24h).", typ: pauseT, in: inBody, key: "dms_disabled_until"},
			{name: "resume_dms", desc: "true allows DMs again now.", typ: clearT{}, in: inBody, key: "dms_disabled_until"},
			auditReason},
		oneOf:     []string{"pause_invites_for", "resume_invites", "pause_dms_for", "resume_dms"},
		exclusive: [][]string{{"pause_invites_for", "resume_invites"}, {"pause_dms_for", "resume_dms"}},
		ann:       mcp.Annotations{Title: "Pause invites or DMs", IdempotentHint: true, OpenWorldHint: true},
		needs:     manageGuild,
		method:    "PUT", path: route.TGuildsGuildIDIncidentActions,
		out: incidentFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","resume_invites":true,"resume_dms":true}`,
			`PUT /guilds/` + exGuild + `/incident-actions {"invites_disabled_until":null,"dms_disabled_until":null}`}},
	},
	{
		name: "modify_current_user", title: "Rename the bot", toolset: tsUsers,
		desc:   "Change the bot's username everywhere (2-32 characters; Discord allows few renames an hour).",
		params: []param{{name: "username", desc: "The new username.", typ: strT{min: 2, max: 32}, in: inBody, required: true}},
		ann:    mcp.Annotations{Title: "Rename the bot", IdempotentHint: true, OpenWorldHint: true},
		method: "PATCH", path: route.TUsersMe,
		out:      userFields,
		examples: []example{{`{"username":"helper-bot"}`, `PATCH /users/@me {"username":"helper-bot"}`}},
	},
	guildRead("get_new_member_welcome", "Get server guide", "A server's guide for new members (Discord's new-member welcome): on or off, the actions it suggests and its resource channels.",
		route.TGuildsGuildIDNewMemberWelcome, access{}, []field{
			{name: "enabled", src: "enabled", typ: oBool},
			{name: "welcome_message", src: "welcome_message.message", typ: oString, nullable: true, untrusted: true},
			{name: "new_member_actions", src: "new_member_actions.#", typ: oInt, desc: "number of suggested actions"},
			{name: "resource_channels", src: "resource_channels.#", typ: oInt, desc: "number of resource channels"},
		}),
	{
		name: "list_join_requests", title: "List join requests", toolset: tsMembers,
		desc: "List the server's membership requests (membership screening), optionally by status; page with before/after.",
		params: []param{guildParam,
			{name: "status", desc: "Only requests in this state.", typ: enumT{values: []string{"SUBMITTED", "APPROVED", "REJECTED", "STARTED"}}, in: inQuery},
			{name: "limit", desc: "How many (1-100).", typ: intRange(1, 100, i64(100)), in: inQuery},
			{name: "before", desc: "Only requests before this id.", typ: tSnowflake, in: inQuery},
			{name: "after", desc: "Only requests after this id.", typ: tSnowflake, in: inQuery}},
		ann:    mcp.Annotations{Title: "List join requests", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "GET", path: route.TGuildsGuildIDRequests,
		out: []field{{name: "requests", src: "guild_join_requests", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString},
			{name: "user_id", src: "user_id", typ: oString},
			{name: "username", src: "user.username", typ: oString, nullable: true, untrusted: true},
			{name: "status", src: "application_status", typ: oString, nullable: true},
			{name: "created_at", src: "created_at", typ: oString},
		}}},
		examples: []example{{`{"guild_id":"` + exGuild + `","status":"SUBMITTED"}`, `GET /guilds/` + exGuild + `/requests?limit=100&status=SUBMITTED`}},
	},
	{
		name: "review_join_request", title: "Approve or reject a join request", toolset: tsMembers,
		desc: "Approve a membership request (the user becomes a member) or reject it with a reason.",
		params: []param{guildParam,
			{name: "request_id", desc: "The request's id (list_join_requests).", typ: tSnowflake, in: inPath, required: true},
			{name: "action", desc: "APPROVED or REJECTED.", typ: enumT{values: []string{"APPROVED", "REJECTED"}}, in: inBody, required: true},
			{name: "rejection_reason", desc: "Shown to the user when rejected (up to 160 characters).", typ: str(160), in: inBody},
			auditReason},
		ann:    mcp.Annotations{Title: "Approve or reject a join request", IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "PATCH", path: route.TGuildsGuildIDRequestsRequestID,
		out: []field{
			{name: "id", src: "id", typ: oString},
			{name: "user_id", src: "user_id", typ: oString},
			{name: "status", src: "application_status", typ: oString, nullable: true},
			{name: "rejection_reason", src: "rejection_reason", typ: oString, nullable: true, untrusted: true},
		},
		examples: []example{{`{"guild_id":"` + exGuild + `","request_id":"` + exRole + `","action":"APPROVED"}`,
			`PATCH /guilds/` + exGuild + `/requests/` + exRole + ` {"action":"APPROVED"}`}},
	},
}
