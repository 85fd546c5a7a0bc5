package discordtest

import (
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Guild settings: modify, preview, vanity URL, voice regions, widget and
// its settings, welcome screen, onboarding, integrations. Writes need
// MANAGE_GUILD and leave an audit entry (GUILD_UPDATE).

// guildSettings are the settings the guild model does not hold.
type guildSettings struct {
	widgetOn       bool
	widgetChannel  *string
	welcomeDesc    *string
	welcomeChans   []wireWelcomeChannel
	onboardingOn   bool
	onboardingMode int
	defaultChans   []string
	template       *template // a guild has at most one
	invitesOff     *string   // incident actions: invites paused until
	dmsOff         *string   // and DMs
}

// settings is gs's settings, made on first use; st.mu must be held.
func (st *state) settings(gs *guildState) *guildSettings {
	a := st.adm()
	if a.settings == nil {
		a.settings = map[Snowflake]*guildSettings{}
	}
	if a.settings[gs.g.ID] == nil {
		a.settings[gs.g.ID] = &guildSettings{welcomeChans: []wireWelcomeChannel{}, defaultChans: []string{}}
	}
	return a.settings[gs.g.ID]
}

var errWidgetDisabled = &apiError{fasthttp.StatusForbidden, 50004, "Widget Disabled", nil}

func (e *Emulator) modifyGuild(c *call) response {
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
	g := gs.g
	var ch []auditChange
	if v := body.Get("name"); v.Exists() {
		if n := utf8.RuneCountInString(v.Str); v.Type != gjson.String || n < 2 || n > 100 {
			return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.", "name"))
		}
		ch = append(ch, auditChange{Key: "name", OldValue: g.Name, NewValue: v.Str})
		g.Name = v.Str
	}
	if v := body.Get("description"); v.Exists() {
		var d *string
		if v.Type == gjson.String {
			d = &v.Str
		}
		ch = append(ch, auditChange{Key: "description", OldValue: g.Description, NewValue: d})
		g.Description = d
	}
	if v := body.Get("verification_level"); v.Exists() {
		if v.Int() < 0 || v.Int() > 4 {
			return fail(formError("BASE_TYPE_CHOICES", "Value must be one of (0, 1, 2, 3, 4).", "verification_level"))
		}
		ch = append(ch, auditChange{Key: "verification_level", OldValue: g.VerificationLevel, NewValue: v.Int()})
		g.VerificationLevel = int(v.Int())
	}
	if v := body.Get("system_channel_id"); v.Exists() {
		id, _ := ParseSnowflake(v.String())
		if c := st.channels[id]; v.Type != gjson.Null && (c == nil || c.GuildID != g.ID) {
			return fail(formError("CHANNEL_INVALID", "Invalid channel", "system_channel_id"))
		}
		g.SystemChannelID = id
	}
	gs.g = g
	e.logAudit(c, gs, auditGuildUpdate, g.ID, ch...)
	return ok(toWireGuild(gs, false))
}

type wirePreview struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Icon            *string    `json:"icon"`
	Description     *string    `json:"description"`
	HomeHeader      *string    `json:"home_header"`
	Splash          *string    `json:"splash"`
	DiscoverySplash *string    `json:"discovery_splash"`
	Features        []string   `json:"features"`
	Members         int        `json:"approximate_member_count"`
	Presences       int        `json:"approximate_presence_count"`
	Emojis          []struct{} `json:"emojis"`
	Stickers        []struct{} `json:"stickers"`
}

func (e *Emulator) guildPreview(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	g := &gs.g
	return ok(wirePreview{ID: g.ID.String(), Name: g.Name, Icon: g.Icon, Description: g.Description, Features: g.Features,
		Members: len(gs.members), Emojis: []struct{}{}, Stickers: []struct{}{}})
}

type wireVanity struct {
	Code *string `json:"code"`
	Uses int     `json:"uses"`
}

func (e *Emulator) vanityURL(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.moderated(c, discordgo.PermissionManageGuild); err != nil {
		return fail(err)
	}
	return ok(wireVanity{}) // no emulated guild has the VANITY_URL feature
}

type wireRegion struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Custom     bool   `json:"custom"`
	Deprecated bool   `json:"deprecated"`
	Optimal    bool   `json:"optimal"`
}

func (e *Emulator) guildRegions(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.guild(c); err != nil {
		return fail(err)
	}
	return ok([]wireRegion{{"rotterdam", "Rotterdam", false, false, true}, {"us-east", "US East", false, false, false}})
}

type wireWidgetSettings struct {
	Enabled   bool    `json:"enabled"`
	ChannelID *string `json:"channel_id"`
}

func (e *Emulator) widgetSettings(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	s := e.st.settings(gs)
	return ok(wireWidgetSettings{s.widgetOn, s.widgetChannel})
}

func (e *Emulator) modifyWidget(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	s := e.st.settings(gs)
	if v := body.Get("enabled"); v.Exists() {
		s.widgetOn = v.Bool()
	}
	if v := body.Get("channel_id"); v.Exists() {
		s.widgetChannel = nil
		if v.Type == gjson.String {
			s.widgetChannel = &v.Str
		}
	}
	e.logAudit(c, gs, auditGuildUpdate, gs.g.ID, auditChange{Key: "widget_enabled", NewValue: s.widgetOn})
	return ok(wireWidgetSettings{s.widgetOn, s.widgetChannel})
}

type wireWidget struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	InstantInvite *string    `json:"instant_invite"`
	Channels      []struct{} `json:"channels"`
	Members       []struct{} `json:"members"`
	PresenceCount int        `json:"presence_count"`
}

// widget is the public widget; the emulator has no voice channels or
// presences, so its lists are empty.
func (e *Emulator) widget(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	if !e.st.settings(gs).widgetOn {
		return fail(errWidgetDisabled)
	}
	return ok(wireWidget{ID: gs.g.ID.String(), Name: gs.g.Name, Channels: []struct{}{}, Members: []struct{}{}})
}
