package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The soundboard (voice toolset): a server's sounds, Discord's default
// ones, and playing one where the bot is in voice.

const exSound = "141414141414141414"

var (
	soundIDParam   = param{name: "sound_id", desc: "The sound's id.", typ: tSnowflake, in: inPath, required: true}
	soundNameParam = param{name: "name", desc: "The sound's name, 2-32 characters.", typ: strT{min: 2, max: 32}, in: inBody}
	soundEmojiName = param{name: "emoji_name", desc: "A unicode emoji shown with it.", typ: strT{min: 1, max: 32}, in: inBody}
	soundEmojiID   = param{name: "emoji_id", desc: "A custom emoji shown with it.", typ: tSnowflake, in: inBody}
	soundGuildPath = "/guilds/" + exUsr + "/soundboard-sounds"
)

var soundFields = []field{
	{name: "sound_id", src: "sound_id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "emoji_name", src: "emoji_name", typ: oString, nullable: true},
	{name: "emoji_id", src: "emoji_id", typ: oString, nullable: true},
	{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
	{name: "available", src: "available", typ: oBool},
}

var soundboardSpecs = []*spec{
	{
		name: "list_guild_soundboard_sounds", title: "List server sounds", toolset: tsVoice,
		desc: "List a server's soundboard sounds.", params: []param{whGuildParam},
		ann:    mcp.Annotations{Title: "List server sounds", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDSoundboardSounds,
		out:      []field{{name: "sounds", src: "items", typ: oArray, items: soundFields}},
		examples: []example{{`{"guild_id":"` + exUsr + `"}`, "GET " + soundGuildPath}},
	},
	{
		name: "get_guild_soundboard_sound", title: "Get server sound", toolset: tsVoice,
		desc: "Describe one of a server's soundboard sounds.", params: []param{whGuildParam, soundIDParam},
		ann:    mcp.Annotations{Title: "Get server sound", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDSoundboardSoundsSoundID, out: soundFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","sound_id":"` + exSound + `"}`, "GET " + soundGuildPath + "/" + exSound}},
	},
	{
		name: "create_guild_soundboard_sound", title: "Add server sound", toolset: tsVoice,
		desc: "Add a sound to a server's soundboard from an mp3 or ogg file given as a data URI (data:audio/mpeg;base64,…; up to 512 KiB, 5.2 seconds).",
		params: []param{whGuildParam, mustGive(soundNameParam),
			{name: "sound", desc: "The audio as a data URI.", typ: audioDataT{max: (512 << 10) * 4 / 3}, in: inBody, required: true},
			soundEmojiName, soundEmojiID, reasonParam},
		ann:       mcp.Annotations{Title: "Add server sound", OpenWorldHint: true},
		needs:     access{perms: dg.PermissionManageGuildExpressions},
		exclusive: [][]string{{"emoji_name", "emoji_id"}},
		method:    "POST", path: route.TGuildsGuildIDSoundboardSounds, out: soundFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","name":"tada","sound":"data:audio/ogg;base64,AAAA"}`,
			`POST ` + soundGuildPath + ` {"name":"tada","sound":"data:audio/ogg;base64,AAAA"}`}},
	},
	{
		name: "modify_guild_soundboard_sound", title: "Modify server sound", toolset: tsVoice,
		desc:   "Rename a server's sound or change its emoji.",
		params: []param{whGuildParam, soundIDParam, soundNameParam, soundEmojiName, soundEmojiID, reasonParam},
		ann:    mcp.Annotations{Title: "Modify server sound", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuildExpressions}, oneOf: []string{"name", "emoji_name", "emoji_id"},
		exclusive: [][]string{{"emoji_name", "emoji_id"}},
		method:    "PATCH", path: route.TGuildsGuildIDSoundboardSoundsSoundID, out: soundFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","sound_id":"` + exSound + `","name":"tada2"}`, `PATCH ` + soundGuildPath + `/` + exSound + ` {"name":"tada2"}`}},
	},
	{
		name: "delete_guild_soundboard_sound", title: "Delete server sound", toolset: tsVoice,
		desc: "Delete a server's soundboard sound.", params: []param{whGuildParam, soundIDParam, reasonParam},
		ann:   mcp.Annotations{Title: "Delete server sound", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: access{perms: dg.PermissionManageGuildExpressions}, method: "DELETE", path: route.TGuildsGuildIDSoundboardSoundsSoundID,
		out:      okWithID("sound_id"),
		examples: []example{{`{"guild_id":"` + exUsr + `","sound_id":"` + exSound + `"}`, "DELETE " + soundGuildPath + "/" + exSound}},
	},
	{
		name: "list_default_soundboard_sounds", title: "List default sounds", toolset: tsVoice,
		desc:   "List the soundboard sounds every server has.",
		ann:    mcp.Annotations{Title: "List default sounds", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TSoundboardDefaultSounds,
		out:      []field{{name: "sounds", src: "@this", typ: oArray, items: soundFields}},
		examples: []example{{`{}`, "GET /soundboard-default-sounds"}},
	},
	{
		name: "send_soundboard_sound", title: "Play a sound", toolset: tsVoice,
		desc: "Play a soundboard sound in the voice channel the bot is in (a default sound, this server's, or another server's with source_guild_id).",
		params: []param{channelParam,
			{name: "sound_id", desc: "The sound.", typ: tSnowflake, in: inBody, required: true},
			{name: "source_guild_id", desc: "The server the sound is from, when not this one.", typ: tSnowflake, in: inBody}},
		ann:    mcp.Annotations{Title: "Play a sound", OpenWorldHint: true},
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionVoiceSpeak | dg.PermissionUseSoundboard},
		method: "POST", path: route.TChannelsChannelIDSendSoundboardSound,
		out:      []field{{name: "ok", src: "const:true", typ: oBool}, {name: "sound_id", src: "arg:sound_id", typ: oString}},
		examples: []example{{`{"channel_id":"` + exCh + `","sound_id":"` + exSound + `"}`, `POST /channels/` + exCh + `/send-soundboard-sound {"sound_id":"` + exSound + `"}`}},
	},
}
