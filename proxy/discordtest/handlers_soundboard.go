package discordtest

import (
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Soundboard: a guild's sounds (MANAGE_GUILD_EXPRESSIONS to change them),
// Discord's default sounds, and playing one in the voice channel the bot
// is in (SPEAK and USE_SOUNDBOARD there).

var soundboardRoutes = []route{
	{method: "GET", template: "/guilds/{guild_id}/soundboard-sounds", bucket: BucketVoice, handle: (*Emulator).listSounds},
	{method: "POST", template: "/guilds/{guild_id}/soundboard-sounds", bucket: BucketVoice, handle: (*Emulator).createSound},
	{method: "GET", template: "/guilds/{guild_id}/soundboard-sounds/{sound_id}", bucket: BucketVoice, handle: (*Emulator).getSound},
	{method: "PATCH", template: "/guilds/{guild_id}/soundboard-sounds/{sound_id}", bucket: BucketVoice, handle: (*Emulator).patchSound},
	{method: "DELETE", template: "/guilds/{guild_id}/soundboard-sounds/{sound_id}", bucket: BucketVoice, handle: (*Emulator).deleteSound},
	{method: "GET", template: "/soundboard-default-sounds", bucket: BucketVoice, handle: (*Emulator).defaultSounds},
	{method: "POST", template: "/channels/{channel_id}/send-soundboard-sound", bucket: BucketVoice, handle: (*Emulator).sendSound},
}

// DefaultSoundID is one of Discord's default sounds ("quack").
const DefaultSoundID Snowflake = 1

var errUnknownSound = &apiError{fasthttp.StatusNotFound, 10097, "Unknown Soundboard Sound", nil}

type sound struct {
	id, guild Snowflake
	name      string
	emojiName *string
	emojiID   *string
	volume    float64
}

// wireSound is Discord's SoundboardSoundResponse.
type wireSound struct {
	Name      string    `json:"name"`
	SoundID   string    `json:"sound_id"`
	Volume    float64   `json:"volume"`
	EmojiID   *string   `json:"emoji_id"`
	EmojiName *string   `json:"emoji_name"`
	GuildID   string    `json:"guild_id,omitempty"`
	Available bool      `json:"available"`
	User      *wireUser `json:"user,omitempty"`
}

func (e *Emulator) wireSound(s *sound) wireSound {
	w := wireSound{Name: s.name, SoundID: s.id.String(), Volume: s.volume, EmojiID: s.emojiID, EmojiName: s.emojiName, Available: true}
	if s.guild != 0 {
		u := toWireUser(e.st.users[e.st.botID])
		w.GuildID, w.User = s.guild.String(), &u
	}
	return w
}

var defaultSound = &sound{id: DefaultSoundID, name: "quack", volume: 1, emojiName: strp("🦆")}

func (e *Emulator) defaultSounds(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	return ok([]wireSound{e.wireSound(defaultSound)})
}

// soundOf resolves sound_id among guild g's sounds; st.mu must be held.
func (e *Emulator) soundOf(c *call, g Snowflake) (*sound, *apiError) {
	id, err := c.snowflake("sound_id")
	if err != nil {
		return nil, err
	}
	if s := e.st.sounds[id]; s != nil && s.guild == g {
		return s, nil
	}
	return nil, errUnknownSound
}

func (e *Emulator) listSounds(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	out := struct {
		Items []wireSound `json:"items"`
	}{Items: []wireSound{}}
	for _, s := range e.st.sounds {
		if s.guild == g {
			out.Items = append(out.Items, e.wireSound(s))
		}
	}
	sort.Slice(out.Items, func(i, j int) bool { return out.Items[i].SoundID < out.Items[j].SoundID })
	return ok(out)
}

func (e *Emulator) getSound(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	s, err := e.soundOf(c, g)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireSound(s))
}

// setSound applies name and emoji from a create or modify body.
func setSound(s *sound, body gjson.Result, create bool) *apiError {
	if v := body.Get("name"); v.Exists() || create {
		if n := len([]rune(v.Str)); n < 2 || n > 32 {
			return formError("BASE_TYPE_BAD_LENGTH", "Must be between 2 and 32 in length.", "name")
		}
		s.name = v.Str
	}
	if create && !strings.HasPrefix(body.Get("sound").Str, "data:audio/") {
		return formError("BINARY_TYPE_MAX_SIZE", "Invalid sound data", "sound")
	}
	if v := body.Get("emoji_name"); v.Exists() {
		s.emojiName = nil
		if v.Str != "" {
			n := v.Str
			s.emojiName = &n
		}
	}
	if v := body.Get("emoji_id"); v.Exists() {
		s.emojiID = nil
		if v.Str != "" {
			id := v.Str
			s.emojiID = &id
		}
	}
	if v := body.Get("volume"); v.Exists() && v.Type == gjson.Number {
		s.volume = v.Float()
	}
	return nil
}

func (e *Emulator) createSound(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, discordgo.PermissionManageGuildExpressions)
	if err != nil {
		return fail(err)
	}
	s := &sound{guild: g, volume: 1}
	if err := setSound(s, body, true); err != nil {
		return fail(err)
	}
	s.id = e.st.mint(c.now)
	if e.st.sounds == nil {
		e.st.sounds = map[Snowflake]*sound{}
	}
	e.st.sounds[s.id] = s
	return response{status: fasthttp.StatusCreated, body: marshal(e.wireSound(s))}
}

func (e *Emulator) patchSound(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, discordgo.PermissionManageGuildExpressions)
	if err != nil {
		return fail(err)
	}
	s, err := e.soundOf(c, g)
	if err != nil {
		return fail(err)
	}
	upd := *s
	if err := setSound(&upd, body, false); err != nil {
		return fail(err)
	}
	*s = upd
	return ok(e.wireSound(s))
}

func (e *Emulator) deleteSound(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, discordgo.PermissionManageGuildExpressions)
	if err != nil {
		return fail(err)
	}
	s, err := e.soundOf(c, g)
	if err != nil {
		return fail(err)
	}
	delete(e.st.sounds, s.id)
	return noContent()
}

func (e *Emulator) sendSound(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionVoiceSpeak|discordgo.PermissionUseSoundboard)
	if err != nil {
		return fail(err)
	}
	if vs := e.st.voiceOf(ch.GuildID)[e.st.botID]; vs == nil || vs.channel != ch.ID {
		return fail(formError("VOICE_NOT_CONNECTED", "The bot must be in this voice channel", "channel_id"))
	}
	id, ok1 := ParseSnowflake(body.Get("sound_id").String())
	if s := e.st.sounds[id]; !ok1 || id != DefaultSoundID && (s == nil || s.guild != ch.GuildID && body.Get("source_guild_id").String() != s.guild.String()) {
		return fail(errUnknownSound)
	}
	return noContent()
}
