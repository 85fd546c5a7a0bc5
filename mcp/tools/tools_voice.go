package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The voice toolset: stage instances, voice states, the soundboard, a
// voice channel's status and the voice regions. Joining a voice channel
// takes the gateway, not REST, so no tool does it.

var (
	stageModerate = access{perms: dg.PermissionManageChannels | dg.PermissionVoiceMuteMembers | dg.PermissionVoiceMoveMembers}
	stageChannel  = param{name: "channel_id", desc: "The stage channel.", typ: tSnowflake, in: inPath, required: true}
	stageTopic    = param{name: "topic", desc: "What the stage is about, 1-120 characters.", typ: strT{min: 1, max: 120}, in: inBody}
	userParam     = param{name: "user_id", desc: "The member.", typ: tSnowflake, in: inPath, required: true}
)

var stageFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "channel_id", src: "channel_id", typ: oString},
	{name: "topic", src: "topic", typ: oString, untrusted: true},
	{name: "guild_scheduled_event_id", src: "guild_scheduled_event_id", typ: oString, nullable: true},
}

var voiceStateFields = []field{
	{name: "user_id", src: "user_id", typ: oString},
	{name: "channel_id", src: "channel_id", typ: oString, nullable: true},
	{name: "suppress", src: "suppress", typ: oBool, desc: "in a stage: true in the audience, false a speaker"},
	{name: "mute", src: "mute", typ: oBool},
	{name: "deaf", src: "deaf", typ: oBool},
	{name: "request_to_speak_timestamp", src: "request_to_speak_timestamp", typ: oString, nullable: true},
}

var voiceSpecs = concat(stageSpecs, voiceStateSpecs, soundboardSpecs)

var stageSpecs = []*spec{
	{
		name: "create_stage_instance", title: "Start a stage", toolset: tsVoice,
		desc: "Open a stage in a stage channel with a topic; send_start_notification tells @everyone (only if the operator's allowed_mentions let everyone be pinged).",
		params: []param{
			{name: "channel_id", desc: "The stage channel.", typ: tSnowflake, in: inBody, required: true}, mustGive(stageTopic),
			{name: "send_start_notification", desc: "Notify @everyone that the stage started.", typ: tBool, in: inBody},
			{name: "guild_scheduled_event_id", desc: "The scheduled event it belongs to.", typ: tSnowflake, in: inBody}, reasonParam},
		ann:   mcp.Annotations{Title: "Start a stage", OpenWorldHint: true},
		needs: stageModerate, method: "POST", path: route.TStageInstances,
		plan: withBodyConst("privacy_level", "2"), run: runPlan(withBodyConst("privacy_level", "2")), out: stageFields,
		examples: []example{{`{"channel_id":"` + exCh + `","topic":"Q&A"}`, `POST /stage-instances {"privacy_level":2,"channel_id":"` + exCh + `","topic":"Q&A"}`}},
	},
	{
		name: "get_stage_instance", title: "Get a stage", toolset: tsVoice,
		desc: "Describe the live stage of a stage channel.", params: []param{stageChannel},
		ann:    mcp.Annotations{Title: "Get a stage", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TStageInstancesChannelID, out: stageFields,
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "GET /stage-instances/" + exCh}},
	},
	{
		name: "modify_stage_instance", title: "Change a stage's topic", toolset: tsVoice,
		desc: "Change the topic of a live stage.", params: []param{stageChannel, mustGive(stageTopic), reasonParam},
		ann:   mcp.Annotations{Title: "Change a stage's topic", IdempotentHint: true, OpenWorldHint: true},
		needs: stageModerate, method: "PATCH", path: route.TStageInstancesChannelID, out: stageFields,
		examples: []example{{`{"channel_id":"` + exCh + `","topic":"AMA"}`, `PATCH /stage-instances/` + exCh + ` {"topic":"AMA"}`}},
	},
	{
		name: "delete_stage_instance", title: "End a stage", toolset: tsVoice,
		desc: "End the live stage of a stage channel.", params: []param{stageChannel, reasonParam},
		ann:   mcp.Annotations{Title: "End a stage", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: stageModerate, method: "DELETE", path: route.TStageInstancesChannelID, out: okWithID("channel_id"),
		examples: []example{{`{"channel_id":"` + exCh + `"}`, "DELETE /stage-instances/" + exCh}},
	},
}

var voiceStateSpecs = []*spec{
	{
		name: "get_my_voice_state", title: "Get the bot's voice state", toolset: tsVoice,
		desc: "Where the bot is in a server's voice channels, if anywhere.", params: []param{whGuildParam},
		ann:    mcp.Annotations{Title: "Get the bot's voice state", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDVoiceStatesMe, out: voiceStateFields,
		examples: []example{{`{"guild_id":"` + exUsr + `"}`, "GET /guilds/" + exUsr + "/voice-states/@me"}},
	},
	{
		name: "get_voice_state", title: "Get a member's voice state", toolset: tsVoice,
		desc: "Where a member is in a server's voice channels, if anywhere.", params: []param{whGuildParam, userParam},
		ann:    mcp.Annotations{Title: "Get a member's voice state", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDVoiceStatesUserID, out: voiceStateFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","user_id":"` + exUsr + `"}`, "GET /guilds/" + exUsr + "/voice-states/" + exUsr}},
	},
	{
		name: "modify_my_voice_state", title: "Speak or listen on a stage", toolset: tsVoice,
		desc: "In the stage channel the bot is in: become a speaker (suppress false), go to the audience (true), or raise a hand (request_to_speak_timestamp).",
		params: []param{whGuildParam,
			{name: "channel_id", desc: "The stage channel the bot is in.", typ: tSnowflake, in: inBody, required: true},
			{name: "suppress", desc: "true: audience; false: speaker.", typ: tBool, in: inBody},
			{name: "request_to_speak_timestamp", desc: "Raise a hand now (ISO 8601).", typ: timeT{}, in: inBody}},
		ann:    mcp.Annotations{Title: "Speak or listen on a stage", IdempotentHint: true, OpenWorldHint: true},
		oneOf:  []string{"suppress", "request_to_speak_timestamp"},
		method: "PATCH", path: route.TGuildsGuildIDVoiceStatesMe, out: []field{{name: "ok", src: "const:true", typ: oBool}},
		examples: []example{{`{"guild_id":"` + exUsr + `","channel_id":"` + exCh + `","suppress":false}`, `PATCH /guilds/` + exUsr + `/voice-states/@me {"channel_id":"` + exCh + `","suppress":false}`}},
	},
	{
		name: "modify_voice_state", title: "Move a member on a stage", toolset: tsVoice,
		desc: "In a stage channel: make a member a speaker (suppress false) or send them to the audience (true).",
		params: []param{whGuildParam, userParam,
			{name: "channel_id", desc: "The stage channel the member is in.", typ: tSnowflake, in: inBody, required: true},
			{name: "suppress", desc: "true: audience; false: speaker.", typ: tBool, in: inBody, required: true}},
		ann:   mcp.Annotations{Title: "Move a member on a stage", IdempotentHint: true, OpenWorldHint: true},
		needs: access{perms: dg.PermissionVoiceMuteMembers}, method: "PATCH", path: route.TGuildsGuildIDVoiceStatesUserID,
		out: []field{{name: "ok", src: "const:true", typ: oBool}, {name: "user_id", src: "arg:user_id", typ: oString}},
		examples: []example{{`{"guild_id":"` + exUsr + `","user_id":"` + exUsr + `","channel_id":"` + exCh + `","suppress":true}`,
			`PATCH /guilds/` + exUsr + `/voice-states/` + exUsr + ` {"channel_id":"` + exCh + `","suppress":true}`}},
	},
	{
		name: "set_voice_channel_status", title: "Set a voice channel's status", toolset: tsVoice,
		desc:   "Set the status line of a voice channel (up to 500 characters; empty clears it).",
		params: []param{channelParam, {name: "status", desc: "The status, up to 500 characters.", typ: str(500), in: inBody, required: true}},
		ann:    mcp.Annotations{Title: "Set a voice channel's status", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageChannels}, method: "PUT", path: route.TChannelsChannelIDVoiceStatus,
		out:      []field{{name: "ok", src: "const:true", typ: oBool}, {name: "channel_id", src: "arg:channel_id", typ: oString}},
		examples: []example{{`{"channel_id":"` + exCh + `","status":"Lo-fi"}`, `PUT /channels/` + exCh + `/voice-status {"status":"Lo-fi"}`}},
	},
	{
		name: "list_voice_regions", title: "List voice regions", toolset: tsVoice,
		desc:   "List the voice regions a voice channel can use.",
		ann:    mcp.Annotations{Title: "List voice regions", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TVoiceRegions,
		out: []field{{name: "regions", src: "@this", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString}, {name: "name", src: "name", typ: oString},
			{name: "optimal", src: "optimal", typ: oBool}, {name: "deprecated", src: "deprecated", typ: oBool}}}},
		examples: []example{{`{}`, "GET /voice/regions"}},
	},
}
