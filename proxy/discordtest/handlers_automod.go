package discordtest

import (
	"slices"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Auto-moderation rules: list, get, create, modify, delete. MANAGE_GUILD,
// as on Discord; keyword, spam, keyword-preset and mention-spam triggers.

// automodRule is one rule; its trigger metadata and actions are kept as
// Discord's JSON, already checked.
type automodRule struct {
	id, creator               Snowflake
	name                      string
	eventType, triggerType    int
	enabled                   bool
	exemptRoles, exemptChans  []string
	keywords, regexes, allows []string
	presets                   []int
	mentionLimit              int
	mentionRaid               bool
	actions                   []wireAction
}

type wireAction struct {
	Type     int            `json:"type"`
	Metadata map[string]any `json:"metadata"`
}

type wireRule struct {
	ID              string         `json:"id"`
	GuildID         string         `json:"guild_id"`
	CreatorID       string         `json:"creator_id"`
	Name            string         `json:"name"`
	EventType       int            `json:"event_type"`
	TriggerType     int            `json:"trigger_type"`
	TriggerMetadata map[string]any `json:"trigger_metadata"`
	Actions         []wireAction   `json:"actions"`
	Enabled         bool           `json:"enabled"`
	ExemptRoles     []string       `json:"exempt_roles"`
	ExemptChannels  []string       `json:"exempt_channels"`
}

// Trigger types the emulator keeps.
const (
	triggerKeyword     = 1
	triggerSpam        = 3
	triggerPreset      = 4
	triggerMentionSpam = 5
)

func (r *automodRule) wire(guild Snowflake) wireRule {
	meta := map[string]any{}
	switch r.triggerType {
	case triggerKeyword:
		meta = map[string]any{"keyword_filter": r.keywords, "regex_patterns": r.regexes, "allow_list": r.allows}
	case triggerPreset:
		meta = map[string]any{"allow_list": r.allows, "presets": r.presets}
	case triggerMentionSpam:
		meta = map[string]any{"mention_total_limit": r.mentionLimit, "mention_raid_protection_enabled": r.mentionRaid}
	}
	return wireRule{ID: r.id.String(), GuildID: guild.String(), CreatorID: r.creator.String(), Name: r.name,
		EventType: r.eventType, TriggerType: r.triggerType, TriggerMetadata: meta, Actions: r.actions,
		Enabled: r.enabled, ExemptRoles: r.exemptRoles, ExemptChannels: r.exemptChans}
}

// apply writes a create or modify body onto r.
func (r *automodRule) apply(body gjson.Result) *apiError {
	fe := formErrors{}
	if v := body.Get("name"); v.Exists() {
		if v.Type != gjson.String || v.Str == "" || len(v.Str) > 100 {
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
		}
		r.name = v.Str
	}
	if v := body.Get("event_type"); v.Exists() {
		r.eventType = int(v.Int())
	}
	if v := body.Get("enabled"); v.Exists() {
		r.enabled = v.Bool()
	}
	strs := func(v gjson.Result) []string {
		out := []string{}
		for _, x := range v.Array() {
			out = append(out, x.String())
		}
		return out
	}
	if v := body.Get("exempt_roles"); v.Exists() {
		r.exemptRoles = strs(v)
	}
	if v := body.Get("exempt_channels"); v.Exists() {
		r.exemptChans = strs(v)
	}
	if m := body.Get("trigger_metadata"); m.Exists() {
		r.keywords, r.regexes, r.allows = strs(m.Get("keyword_filter")), strs(m.Get("regex_patterns")), strs(m.Get("allow_list"))
		r.presets = nil
		for _, p := range m.Get("presets").Array() {
			r.presets = append(r.presets, int(p.Int()))
		}
		r.mentionLimit, r.mentionRaid = int(m.Get("mention_total_limit").Int()), m.Get("mention_raid_protection_enabled").Bool()
	}
	if v := body.Get("actions"); v.Exists() {
		if n := len(v.Array()); !v.IsArray() || n < 1 || n > 5 {
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.", "actions")
		}
		r.actions = r.actions[:0]
		for _, a := range v.Array() {
			if t := a.Get("type").Int(); t < 1 || t > 4 {
				fe.add("BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3, 4).", "actions", "type")
			}
			meta := map[string]any{}
			a.Get("metadata").ForEach(func(k, x gjson.Result) bool { meta[k.Str] = x.Value(); return true })
			r.actions = append(r.actions, wireAction{Type: int(a.Get("type").Int()), Metadata: meta})
		}
	}
	if r.eventType != 1 && r.eventType != 2 {
		fe.add("BASE_TYPE_CHOICES", "Value must be one of (1, 2).", "event_type")
	}
	return fe.err()
}

// rules is gs's rules; st.mu must be held.
func (st *state) rules(gs *guildState) []*automodRule {
	a := st.adm()
	if a.rules == nil {
		a.rules = map[Snowflake][]*automodRule{}
	}
	return a.rules[gs.g.ID]
}

// rule resolves rule_id in a guild the bot manages; st.mu must be held.
func (e *Emulator) rule(c *call) (*guildState, *automodRule, *apiError) {
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return nil, nil, err
	}
	id, err := c.snowflake("rule_id")
	if err != nil {
		return nil, nil, err
	}
	for _, r := range e.st.rules(gs) {
		if r.id == id {
			return gs, r, nil
		}
	}
	return nil, nil, errUnknownRule
}

func (e *Emulator) listRules(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, err := e.moderated(c, discordgo.PermissionManageGuild)
	if err != nil {
		return fail(err)
	}
	out := []wireRule{}
	for _, r := range e.st.rules(gs) {
		out = append(out, r.wire(gs.g.ID))
	}
	return ok(out)
}

func (e *Emulator) getRule(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	gs, r, err := e.rule(c)
	if err != nil {
		return fail(err)
	}
	return ok(r.wire(gs.g.ID))
}

func (e *Emulator) createRule(c *call) response {
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
	tt := int(body.Get("trigger_type").Int())
	if !slices.Contains([]int{triggerKeyword, triggerSpam, triggerPreset, triggerMentionSpam}, tt) {
		return fail(formError("BASE_TYPE_CHOICES", "Value must be one of (1, 3, 4, 5).", "trigger_type"))
	}
	r := &automodRule{id: st.mint(c.now), creator: st.botID, triggerType: tt, exemptRoles: []string{}, exemptChans: []string{}}
	if !body.Get("name").Exists() || !body.Get("actions").Exists() {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "name"))
	}
	if aerr := r.apply(body); aerr != nil {
		return fail(aerr)
	}
	rules := st.rules(gs) // makes the map first
	st.adm().rules[gs.g.ID] = append(rules, r)
	e.logAudit(c, gs, auditAutomodCreate, r.id, auditChange{Key: "name", NewValue: r.name})
	return ok(r.wire(gs.g.ID))
}

func (e *Emulator) modifyRule(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, r, err := e.rule(c)
	if err != nil {
		return fail(err)
	}
	upd := *r
	upd.actions = slices.Clone(r.actions)
	if aerr := upd.apply(body); aerr != nil {
		return fail(aerr)
	}
	*r = upd
	e.logAudit(c, gs, auditAutomodUpdate, r.id, auditChange{Key: "name", NewValue: r.name})
	return ok(r.wire(gs.g.ID))
}

func (e *Emulator) deleteRule(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, r, err := e.rule(c)
	if err != nil {
		return fail(err)
	}
	rules := st.rules(gs)
	st.adm().rules[gs.g.ID] = slices.DeleteFunc(rules, func(x *automodRule) bool { return x == r })
	e.logAudit(c, gs, auditAutomodDelete, r.id, auditChange{Key: "name", OldValue: r.name})
	return noContent()
}
