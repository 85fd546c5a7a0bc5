package discordtest

import (
	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"
)

// Voice: stage instances, voice states and voice regions. Nobody is in a
// voice channel until a test puts them there (JoinVoice): joining takes
// the gateway, which the emulator does not speak.

var voiceRoutes = []route{
	{method: "POST", template: "/stage-instances", bucket: BucketVoice, handle: (*Emulator).createStage},
	{method: "GET", template: "/stage-instances/{channel_id}", bucket: BucketVoice, handle: (*Emulator).getStage},
	{method: "PATCH", template: "/stage-instances/{channel_id}", bucket: BucketVoice, handle: (*Emulator).patchStage},
	{method: "DELETE", template: "/stage-instances/{channel_id}", bucket: BucketVoice, handle: (*Emulator).deleteStage},
	{method: "GET", template: "/guilds/{guild_id}/voice-states/@me", bucket: BucketVoice, handle: (*Emulator).getVoiceState},
	{method: "PATCH", template: "/guilds/{guild_id}/voice-states/@me", bucket: BucketVoice, handle: (*Emulator).patchVoiceState},
	{method: "GET", template: "/guilds/{guild_id}/voice-states/{user_id}", bucket: BucketVoice, handle: (*Emulator).getVoiceState},
	{method: "PATCH", template: "/guilds/{guild_id}/voice-states/{user_id}", bucket: BucketVoice, handle: (*Emulator).patchVoiceState},
	{method: "GET", template: "/voice/regions", bucket: BucketVoice, handle: (*Emulator).voiceRegions},
	{method: "PUT", template: "/channels/{channel_id}/voice-status", bucket: BucketVoice, handle: (*Emulator).setVoiceStatus},
}

// BucketVoice is the voice routes' bucket (not limited by DefaultLimits).
const BucketVoice = "voice"

var (
	errUnknownVoiceState = &apiError{fasthttp.StatusNotFound, 10065, "Unknown Voice State", nil}
	errUnknownStage      = &apiError{fasthttp.StatusNotFound, 10067, "Unknown Stage Instance", nil}
)

// voiceState is one user in one voice channel of a guild.
type voiceState struct {
	channel        Snowflake
	suppress       bool
	requestToSpeak *string
}

type stageInstance struct {
	id, guild, channel Snowflake
	topic              string
}

// JoinVoice puts user in a voice or stage channel of its guild, as if it
// had joined through the gateway.
func (e *Emulator) JoinVoice(user, channel Snowflake) error {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch := st.channels[channel]
	if ch == nil || ch.Type != 2 && ch.Type != 13 {
		return errNotVoice
	}
	st.voiceOf(ch.GuildID)[user] = &voiceState{channel: channel, suppress: ch.Type == 13}
	return nil
}

var errNotVoice = &apiError{fasthttp.StatusBadRequest, CodeWrongChannelType, "Not a voice or stage channel", nil}

// voiceOf is a guild's voice states by user; st.mu must be held.
func (st *state) voiceOf(g Snowflake) map[Snowflake]*voiceState {
	if st.voice == nil {
		st.voice = map[Snowflake]map[Snowflake]*voiceState{}
	}
	if st.voice[g] == nil {
		st.voice[g] = map[Snowflake]*voiceState{}
	}
	return st.voice[g]
}

// wireVoiceState is Discord's VoiceStateResponse.
type wireVoiceState struct {
	ChannelID      *string `json:"channel_id"`
	Deaf           bool    `json:"deaf"`
	GuildID        string  `json:"guild_id"`
	Mute           bool    `json:"mute"`
	RequestToSpeak *string `json:"request_to_speak_timestamp"`
	Suppress       bool    `json:"suppress"`
	SelfStream     bool    `json:"self_stream"`
	SelfDeaf       bool    `json:"self_deaf"`
	SelfMute       bool    `json:"self_mute"`
	SelfVideo      bool    `json:"self_video"`
	SessionID      string  `json:"session_id"`
	UserID         string  `json:"user_id"`
}

// voiceUser resolves guild_id and user_id (or @me) to a voice state;
// st.mu must be held.
func (e *Emulator) voiceUser(c *call) (*guildState, Snowflake, *voiceState, *apiError) {
	gs, err := e.guild(c)
	if err != nil {
		return nil, 0, nil, err
	}
	uid := e.st.botID
	if c.param("user_id") != "" {
		if uid, err = c.snowflake("user_id"); err != nil {
			return nil, 0, nil, err
		}
	}
	vs := e.st.voiceOf(gs.g.ID)[uid]
	if vs == nil {
		return nil, 0, nil, errUnknownVoiceState
	}
	return gs, uid, vs, nil
}

func (e *Emulator) getVoiceState(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, uid, vs, err := e.voiceUser(c)
	if err != nil {
		return fail(err)
	}
	ch := vs.channel.String()
	return ok(wireVoiceState{ChannelID: &ch, GuildID: gs.g.ID.String(), Suppress: vs.suppress, RequestToSpeak: vs.requestToSpeak,
		SessionID: "emu-session-" + uid.String(), UserID: uid.String()})
}

// patchVoiceState moves a user's stage state: suppress (speaker or
// audience) and, for the bot itself, a request to speak. Discord takes it
// only in stage channels; others need MUTE_MEMBERS.
func (e *Emulator) patchVoiceState(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	_, uid, vs, err := e.voiceUser(c)
	if err != nil {
		return fail(err)
	}
	ch := e.st.channels[vs.channel]
	if v := body.Get("channel_id"); v.Exists() && v.String() != vs.channel.String() || ch == nil || ch.Type != 13 {
		return fail(formError("CHANNEL_TYPE_INVALID", "The user must be in this stage channel", "channel_id"))
	}
	if uid != e.st.botID && e.perms(ch)&discordgo.PermissionVoiceMuteMembers == 0 {
		return fail(errMissingPerms)
	}
	if v := body.Get("suppress"); v.Exists() {
		vs.suppress = v.Bool()
	}
	if v := body.Get("request_to_speak_timestamp"); v.Exists() && uid == e.st.botID {
		vs.requestToSpeak = nil
		if v.Str != "" {
			s := v.Str
			vs.requestToSpeak = &s
		}
	}
	return noContent()
}

func (e *Emulator) voiceRegions(c *call) response {
	type region struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Custom     bool   `json:"custom"`
		Deprecated bool   `json:"deprecated"`
		Optimal    bool   `json:"optimal"`
	}
	return ok([]region{{"us-east", "US East", false, false, true}, {"rotterdam", "Rotterdam", false, false, false}, {"japan", "Japan", false, false, false}})
}

func (e *Emulator) setVoiceStatus(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionManageChannels)
	if err != nil {
		return fail(err)
	}
	if ch.Type != 2 {
		return fail(errWrongType)
	}
	if len([]rune(body.Get("status").Str)) > 500 {
		return fail(formError("BASE_TYPE_MAX_LENGTH", "Must be 500 or fewer in length.", "status"))
	}
	return noContent()
}
