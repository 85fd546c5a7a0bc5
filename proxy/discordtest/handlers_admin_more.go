package discordtest

import (
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// The rest of server administration: a template by its code, incident
// actions (pausing invites and DMs), renaming the bot's user.

// maxIncidentPause is the longest Discord pauses invites or DMs (24 hours).
const maxIncidentPause = 24 * time.Hour

func (e *Emulator) templateByCode(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, gs := range st.guilds {
		if t := st.templateOf(gs); t != nil && t.code == c.param("code") {
			return ok(e.wireTemplate(gs, t))
		}
	}
	return fail(errUnknownTemplate)
}

type wireIncidents struct {
	Invites *string `json:"invites_disabled_until"`
	DMs     *string `json:"dms_disabled_until"`
}

func (e *Emulator) incidentActions(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	s := st.settings(gs)
	upd := *s
	for _, f := range []struct {
		key string
		to  **string
	}{{"invites_disabled_until", &upd.invitesOff}, {"dms_disabled_until", &upd.dmsOff}} {
		v := body.Get(f.key)
		if !v.Exists() {
			continue
		}
		*f.to = nil
		if v.Type == gjson.Null {
			continue
		}
		at, perr := time.Parse(time.RFC3339Nano, v.String())
		if v.Type != gjson.String || perr != nil || at.Sub(c.now) > maxIncidentPause {
			return fail(formError("DATE_TYPE_PARSE", "Must be a date within the next 24 hours.", f.key))
		}
		ts := formatTime(at)
		*f.to = &ts
	}
	*s = upd
	return ok(wireIncidents{s.invitesOff, s.dmsOff})
}

func (e *Emulator) modifyMeUser(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	v := body.Get("username")
	if n := utf8.RuneCountInString(v.Str); v.Type != gjson.String || n < 2 || n > 32 {
		return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 2 and 32 in length.", "username"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	bot := st.users[st.botID]
	bot.Username = v.Str
	for _, gs := range st.guilds {
		if m := gs.members[st.botID]; m != nil {
			m.User.Username = v.Str
		}
	}
	return ok(wireMe{wireUser: toWireUser(bot), Locale: "en-US", Verified: true})
}

type wireHomeSettings struct {
	GuildID          string     `json:"guild_id"`
	Enabled          bool       `json:"enabled"`
	NewMemberActions []struct{} `json:"new_member_actions"`
	ResourceChannels []struct{} `json:"resource_channels"`
}

// newMemberWelcome is the server guide's settings: the emulator's guilds
// have the guide off, with no actions or resource channels.
func (e *Emulator) newMemberWelcome(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	return ok(wireHomeSettings{GuildID: gs.g.ID.String(), NewMemberActions: []struct{}{}, ResourceChannels: []struct{}{}})
}
