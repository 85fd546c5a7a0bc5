package discordtest

import (
	"strconv"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Guild templates: list, create (one per guild, as on Discord), sync,
// modify, delete. MANAGE_GUILD; Discord keeps no audit entries for them.
// The snapshot carries the guild's settings and roles; its channel list
// is left empty (not emulated).

type template struct {
	code, name       string
	description      *string
	created, updated string
	dirty            bool
}

type wireTemplateRole struct {
	ID           int     `json:"id"`
	Name         string  `json:"name"`
	Permissions  string  `json:"permissions"`
	Color        int     `json:"color"`
	Colors       *int    `json:"colors"`
	Hoist        bool    `json:"hoist"`
	Mentionable  bool    `json:"mentionable"`
	Icon         *string `json:"icon"`
	UnicodeEmoji *string `json:"unicode_emoji"`
}

type wireSnapshot struct {
	Name                 string             `json:"name"`
	Description          *string            `json:"description"`
	Region               *string            `json:"region"`
	VerificationLevel    int                `json:"verification_level"`
	DefaultNotifications int                `json:"default_message_notifications"`
	ExplicitContent      int                `json:"explicit_content_filter"`
	PreferredLocale      string             `json:"preferred_locale"`
	AFKChannelID         *string            `json:"afk_channel_id"`
	AFKTimeout           int                `json:"afk_timeout"`
	SystemChannelID      *string            `json:"system_channel_id"`
	SystemChannelFlags   int                `json:"system_channel_flags"`
	Roles                []wireTemplateRole `json:"roles"`
	Channels             []struct{}         `json:"channels"`
}

type wireTemplate struct {
	Code          string       `json:"code"`
	Name          string       `json:"name"`
	Description   *string      `json:"description"`
	UsageCount    int          `json:"usage_count"`
	CreatorID     string       `json:"creator_id"`
	Creator       wireUser     `json:"creator"`
	CreatedAt     string       `json:"created_at"`
	UpdatedAt     string       `json:"updated_at"`
	SourceGuildID string       `json:"source_guild_id"`
	Snapshot      wireSnapshot `json:"serialized_source_guild"`
	IsDirty       *bool        `json:"is_dirty"`
}

var (
	errUnknownTemplate = &apiError{fasthttp.StatusNotFound, 10057, "Unknown Guild Template", nil}
	errOneTemplate     = &apiError{fasthttp.StatusBadRequest, 30031, "A server can only have a single template.", nil}
)

func (e *Emulator) wireTemplate(gs *guildState, t *template) wireTemplate {
	g := &gs.g
	snap := wireSnapshot{Name: g.Name, Description: g.Description, VerificationLevel: g.VerificationLevel,
		PreferredLocale: g.PreferredLocale, AFKTimeout: 300, SystemChannelID: sfPtr(g.SystemChannelID), Channels: []struct{}{}}
	for i, r := range gs.roles {
		snap.Roles = append(snap.Roles, wireTemplateRole{ID: i, Name: r.Name, Permissions: strconv.FormatUint(uint64(r.Permissions), 10),
			Color: r.Color, Hoist: r.Hoist, Mentionable: r.Mentionable})
	}
	dirty := t.dirty
	return wireTemplate{Code: t.code, Name: t.name, Description: t.description, CreatorID: e.st.botID.String(),
		Creator: toWireUser(e.st.users[e.st.botID]), CreatedAt: t.created, UpdatedAt: t.updated,
		SourceGuildID: g.ID.String(), Snapshot: snap, IsDirty: &dirty}
}

// templateOf is gs's template, or nil; st.mu must be held.
func (st *state) templateOf(gs *guildState) *template {
	s := st.settings(gs)
	return s.template
}

func (e *Emulator) listTemplates(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	out := []wireTemplate{}
	if t := e.st.templateOf(gs); t != nil {
		out = append(out, e.wireTemplate(gs, t))
	}
	return ok(out)
}

// templateText reads name (required on create) and description.
func templateText(body gjson.Result, t *template, create bool) *apiError {
	if v := body.Get("name"); v.Exists() || create {
		if v.Type != gjson.String || v.Str == "" || len([]rune(v.Str)) > 100 {
			return formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
		}
		t.name = v.Str
	}
	if v := body.Get("description"); v.Exists() {
		if v.Type == gjson.String && len([]rune(v.Str)) > 120 {
			return formError("BASE_TYPE_MAX_LENGTH", "Must be 120 or fewer in length.", "description")
		}
		t.description = nil
		if v.Type == gjson.String {
			t.description = &v.Str
		}
	}
	return nil
}

func (e *Emulator) createTemplate(c *call) response {
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
	if st.templateOf(gs) != nil {
		return fail(errOneTemplate)
	}
	now := formatTime(c.now)
	t := &template{code: "tpl" + strconv.FormatUint(uint64(st.mint(c.now)), 36), created: now, updated: now}
	if aerr := templateText(body, t, true); aerr != nil {
		return fail(aerr)
	}
	st.settings(gs).template = t
	return ok(e.wireTemplate(gs, t))
}

// template resolves {code} to gs's template; st.mu must be held.
func (e *Emulator) template(c *call) (*guildState, *template, *apiError) {
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return nil, nil, err
	}
	t := e.st.templateOf(gs)
	if t == nil || t.code != c.param("code") {
		return nil, nil, errUnknownTemplate
	}
	return gs, t, nil
}

func (e *Emulator) syncTemplate(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, t, err := e.template(c)
	if err != nil {
		return fail(err)
	}
	t.updated, t.dirty = formatTime(c.now), false
	return ok(e.wireTemplate(gs, t))
}

func (e *Emulator) modifyTemplate(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, t, err := e.template(c)
	if err != nil {
		return fail(err)
	}
	upd := *t
	if aerr := templateText(body, &upd, false); aerr != nil {
		return fail(aerr)
	}
	*t = upd
	return ok(e.wireTemplate(gs, t))
}

func (e *Emulator) deleteTemplate(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, t, err := e.template(c)
	if err != nil {
		return fail(err)
	}
	e.st.settings(gs).template = nil
	return ok(e.wireTemplate(gs, t))
}
