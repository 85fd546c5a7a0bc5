package discordtest

import (
	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Welcome screen, onboarding and integrations.

type wireWelcomeChannel struct {
	ChannelID   string  `json:"channel_id"`
	Description string  `json:"description"`
	EmojiID     *string `json:"emoji_id"`
	EmojiName   *string `json:"emoji_name"`
}

type wireWelcome struct {
	Description *string              `json:"description"`
	Channels    []wireWelcomeChannel `json:"welcome_channels"`
}

func (e *Emulator) welcomeScreen(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	s := e.st.settings(gs)
	return ok(wireWelcome{s.welcomeDesc, s.welcomeChans})
}

func (e *Emulator) modifyWelcome(c *call) response {
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
	if v := body.Get("description"); v.Exists() {
		s.welcomeDesc = nil
		if v.Type == gjson.String {
			s.welcomeDesc = &v.Str
		}
	}
	if v := body.Get("welcome_channels"); v.Exists() {
		var chans []wireWelcomeChannel
		for _, w := range v.Array() {
			id, _ := ParseSnowflake(w.Get("channel_id").String())
			if ch := st.channels[id]; ch == nil || ch.GuildID != gs.g.ID {
				return fail(formError("CHANNEL_INVALID", "Invalid channel", "welcome_channels"))
			}
			wc := wireWelcomeChannel{ChannelID: id.String(), Description: w.Get("description").String()}
			if x := w.Get("emoji_id"); x.Type == gjson.String {
				wc.EmojiID = &x.Str
			}
			if x := w.Get("emoji_name"); x.Type == gjson.String {
				wc.EmojiName = &x.Str
			}
			chans = append(chans, wc)
		}
		s.welcomeChans = append([]wireWelcomeChannel{}, chans...)
	}
	e.logAudit(c, gs, auditGuildUpdate, gs.g.ID, auditChange{Key: "welcome_screen", NewValue: len(s.welcomeChans)})
	return ok(wireWelcome{s.welcomeDesc, s.welcomeChans})
}

type wireOnboarding struct {
	GuildID      string     `json:"guild_id"`
	Prompts      []struct{} `json:"prompts"`
	DefaultChans []string   `json:"default_channel_ids"`
	Enabled      bool       `json:"enabled"`
	Mode         int        `json:"mode"`
}

func (e *Emulator) onboarding(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	s := e.st.settings(gs)
	return ok(wireOnboarding{gs.g.ID.String(), []struct{}{}, s.defaultChans, s.onboardingOn, s.onboardingMode})
}

// putOnboarding keeps the default channels, mode and switch; prompts are
// not emulated (the answer lists none).
func (e *Emulator) putOnboarding(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild|discordgo.PermissionManageRoles)
	if err != nil {
		return fail(err)
	}
	s := st.settings(gs)
	if v := body.Get("default_channel_ids"); v.Exists() {
		s.defaultChans = []string{}
		for _, x := range v.Array() {
			id, _ := ParseSnowflake(x.String())
			if ch := st.channels[id]; ch == nil || ch.GuildID != gs.g.ID {
				return fail(formError("CHANNEL_INVALID", "Invalid channel", "default_channel_ids"))
			}
			s.defaultChans = append(s.defaultChans, id.String())
		}
	}
	if v := body.Get("enabled"); v.Exists() {
		s.onboardingOn = v.Bool()
	}
	if v := body.Get("mode"); v.Exists() {
		s.onboardingMode = int(v.Int())
	}
	e.logAudit(c, gs, auditOnboardingUpdate, gs.g.ID, auditChange{Key: "enabled", NewValue: s.onboardingOn})
	return ok(wireOnboarding{gs.g.ID.String(), []struct{}{}, s.defaultChans, s.onboardingOn, s.onboardingMode})
}

// Integrations: each guild holds the bot's own (type discord), as on
// Discord; deleting it removes the bot from the guild.

type wireAccount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type wireIntegrationApp struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Icon        *string  `json:"icon"`
	Description string   `json:"description"`
	Type        *int     `json:"type"`
	Flags       int      `json:"flags"`
	FlagsNew    string   `json:"flags_new"`
	Bot         wireUser `json:"bot"`
}

type wireIntegration struct {
	Type        string             `json:"type"`
	Name        string             `json:"name"`
	Account     wireAccount        `json:"account"`
	Enabled     bool               `json:"enabled"`
	ID          string             `json:"id"`
	Application wireIntegrationApp `json:"application"`
	Scopes      []string           `json:"scopes"`
}

func (e *Emulator) botIntegration() wireIntegration {
	bot := e.st.users[e.st.botID]
	id := bot.ID.String()
	return wireIntegration{Type: "discord", Name: bot.Username, Account: wireAccount{id, bot.Username}, Enabled: true, ID: id,
		Application: wireIntegrationApp{ID: id, Name: bot.Username, FlagsNew: "0", Bot: toWireUser(bot)}, Scopes: []string{"bot", "applications.commands"}}
}

func (e *Emulator) integrations(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.moderated(c, discordgo.PermissionManageGuild); err != nil {
		return fail(err)
	}
	return ok([]wireIntegration{e.botIntegration()})
}

var errUnknownIntegration = &apiError{fasthttp.StatusNotFound, 10005, "Unknown Integration", nil}

func (e *Emulator) deleteIntegration(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	id, err := c.snowflake("integration_id")
	if err != nil {
		return fail(err)
	}
	if id != st.botID {
		return fail(errUnknownIntegration)
	}
	e.logAudit(c, gs, auditIntegrationDelete, id)
	delete(gs.members, st.botID)
	return noContent()
}
