package discordtest

import "github.com/bwmarrin/discordgo"

// Stage instances: one live stage per stage channel. Creating, changing
// or ending one needs MANAGE_CHANNELS, MUTE_MEMBERS and MOVE_MEMBERS in
// the channel, as on Discord.

const stageModerator = discordgo.PermissionManageChannels | discordgo.PermissionVoiceMuteMembers | discordgo.PermissionVoiceMoveMembers

// wireStage is Discord's StageInstanceResponse.
type wireStage struct {
	GuildID             string  `json:"guild_id"`
	ChannelID           string  `json:"channel_id"`
	Topic               string  `json:"topic"`
	Privacy             int     `json:"privacy_level"`
	ID                  string  `json:"id"`
	DiscoverableDisable bool    `json:"discoverable_disabled"`
	EventID             *string `json:"guild_scheduled_event_id"`
}

func wireStageOf(s *stageInstance) wireStage {
	return wireStage{GuildID: s.guild.String(), ChannelID: s.channel.String(), Topic: s.topic, Privacy: 2, ID: s.id.String(), DiscoverableDisable: true}
}

// stageChannel is channel id as a stage channel the bot moderates; st.mu
// must be held.
func (e *Emulator) stageChannel(id Snowflake) (*Channel, *apiError) {
	ch := e.st.channels[id]
	switch {
	case ch == nil:
		return nil, errUnknownChannel
	case ch.Type != 13:
		return nil, errWrongType
	case e.perms(ch)&stageModerator != stageModerator:
		return nil, errMissingPerms
	}
	return ch, nil
}

func (e *Emulator) createStage(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	id, ok1 := ParseSnowflake(body.Get("channel_id").String())
	if !ok1 {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "channel_id"))
	}
	ch, err := e.stageChannel(id)
	if err != nil {
		return fail(err)
	}
	if e.st.stages[ch.ID] != nil {
		return fail(formError("STAGE_ALREADY_OPEN", "A stage instance already exists", "channel_id"))
	}
	topic := body.Get("topic").Str
	if n := len([]rune(topic)); n < 1 || n > 120 {
		return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 120 in length.", "topic"))
	}
	s := &stageInstance{id: e.st.mint(c.now), guild: ch.GuildID, channel: ch.ID, topic: topic}
	if e.st.stages == nil {
		e.st.stages = map[Snowflake]*stageInstance{}
	}
	e.st.stages[ch.ID] = s
	return ok(wireStageOf(s))
}

// stageOf resolves channel_id to its live stage; st.mu must be held.
func (e *Emulator) stageOf(c *call) (*stageInstance, *apiError) {
	id, err := c.snowflake("channel_id")
	if err != nil {
		return nil, err
	}
	ch, err := e.stageChannel(id)
	if err != nil {
		return nil, err
	}
	if s := e.st.stages[ch.ID]; s != nil {
		return s, nil
	}
	return nil, errUnknownStage
}

func (e *Emulator) getStage(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	s, err := e.stageOf(c)
	if err != nil {
		return fail(err)
	}
	return ok(wireStageOf(s))
}

func (e *Emulator) patchStage(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	s, err := e.stageOf(c)
	if err != nil {
		return fail(err)
	}
	if v := body.Get("topic"); v.Exists() {
		if n := len([]rune(v.Str)); n < 1 || n > 120 {
			return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 120 in length.", "topic"))
		}
		s.topic = v.Str
	}
	return ok(wireStageOf(s))
}

func (e *Emulator) deleteStage(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	s, err := e.stageOf(c)
	if err != nil {
		return fail(err)
	}
	delete(e.st.stages, s.channel)
	return noContent()
}
