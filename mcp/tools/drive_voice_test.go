package tools

import (
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// A stage and a voice channel added to the drive seed for the voice
// toolset.
const (
	stageID discordtest.Snowflake = 1085503300000000100
	voiceID discordtest.Snowflake = 1085503300000000200
)

// voiceChannels are the drive seed's stage and voice channels.
func voiceChannels(g discordtest.Snowflake) []discordtest.Channel {
	return []discordtest.Channel{
		{ID: stageID, Type: 13, GuildID: g, Name: "town-hall", ParentID: discordtest.CategoryID, Position: 4},
		{ID: voiceID, Type: 2, GuildID: g, Name: "lounge", ParentID: discordtest.CategoryID, Position: 5},
	}
}

// prepareVoice puts the owner on the stage and the bot in the lounge, as
// the gateway would.
func prepareVoice(t *testing.T, emu *discordtest.Emulator) {
	t.Helper()
	for _, j := range []struct{ user, ch discordtest.Snowflake }{{discordtest.OwnerUserID, stageID}, {discordtest.BotUserID, voiceID}} {
		if err := emu.JoinVoice(j.user, j.ch); err != nil {
			t.Fatal(err)
		}
	}
}

// voice drives the voice toolset: a stage's life, voice states, the
// soundboard, a channel status and the regions.
func (r *driveRun) voice() {
	g := `"guild_id":"` + discordtest.GuildID.String() + `"`
	st, vc := stageID.String(), voiceID.String()
	r.call("create_stage_instance", `{"channel_id":"`+st+`","topic":"Q&A","reason":"drive"}`)
	r.call("get_stage_instance", `{"channel_id":"`+st+`"}`)
	r.call("modify_stage_instance", `{"channel_id":"`+st+`","topic":"AMA"}`)
	r.call("get_voice_state", `{`+g+`,"user_id":"@O"}`)
	r.call("modify_voice_state", `{`+g+`,"user_id":"@O","channel_id":"`+st+`","suppress":false}`)
	r.call("delete_stage_instance", `{"channel_id":"`+st+`","confirm":true}`)
	r.call("get_my_voice_state", `{`+g+`}`)
	// The bot is in the lounge, not a stage: Discord refuses.
	r.drive("modify_my_voice_state", r.at(`{`+g+`,"channel_id":"`+vc+`","suppress":false}`), true)
	r.call("set_voice_channel_status", `{"channel_id":"`+vc+`","status":"Lo-fi"}`)
	r.call("list_voice_regions", `{}`)
	id := r.call("create_guild_soundboard_sound", `{`+g+`,"name":"tada","sound":"data:audio/ogg;base64,T2dnUw==","emoji_name":"🎉"}`).Get("sound_id").String()
	r.call("list_guild_soundboard_sounds", `{`+g+`}`)
	r.call("get_guild_soundboard_sound", `{`+g+`,"sound_id":"`+id+`"}`)
	r.call("modify_guild_soundboard_sound", `{`+g+`,"sound_id":"`+id+`","name":"tada2"}`)
	r.call("list_default_soundboard_sounds", `{}`)
	r.call("send_soundboard_sound", `{"channel_id":"`+vc+`","sound_id":"`+id+`"}`)
	r.call("delete_guild_soundboard_sound", `{`+g+`,"sound_id":"`+id+`","confirm":true}`)
}
