package discordtest

import (
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Scheduled events: per guild, MANAGE_EVENTS to change them; the creator
// is interested from the start; exceptions move or cancel occurrences.

var eventRoutes = []route{
	{method: "GET", template: "/guilds/{guild_id}/scheduled-events", bucket: BucketGuildRead, handle: (*Emulator).listEvents},
	{method: "POST", template: "/guilds/{guild_id}/scheduled-events", bucket: BucketEvents, handle: (*Emulator).createEvent},
	{method: "GET", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", bucket: BucketGuildRead, handle: (*Emulator).getEvent},
	{method: "PATCH", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", bucket: BucketEvents, handle: (*Emulator).patchEvent},
	{method: "DELETE", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", bucket: BucketEvents, handle: (*Emulator).deleteEvent},
	{method: "GET", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users", bucket: BucketGuildRead, handle: (*Emulator).eventUsers},
	{method: "GET", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users/counts", bucket: BucketGuildRead, handle: (*Emulator).eventUserCounts},
	{method: "GET", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/{guild_scheduled_event_exception_id}/users", bucket: BucketGuildRead, handle: (*Emulator).eventUsers},
	{method: "POST", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/exceptions", bucket: BucketEvents, handle: (*Emulator).createEventException},
	{method: "PATCH", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/exceptions/{exception_id}", bucket: BucketEvents, handle: (*Emulator).patchEventException},
	{method: "DELETE", template: "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/exceptions/{exception_id}", bucket: BucketEvents, handle: (*Emulator).deleteEventException},
}

// BucketEvents is the event writes' bucket (not limited by DefaultLimits).
const BucketEvents = "events"

var errUnknownEvent = &apiError{fasthttp.StatusNotFound, 10070, "Unknown Guild Scheduled Event", nil}

type schedEvent struct {
	id, guild, channel, creator Snowflake
	name                        string
	description, location, end  *string
	start                       string
	status, entityType          int
	image                       *string
	interested                  []Snowflake
	exceptions                  []*eventException
}

type eventException struct {
	id         Snowflake
	start, end *string
	canceled   bool
}

// wireEvent is Discord's scheduled event (external, stage or voice).
type wireEvent struct {
	ID          string          `json:"id"`
	GuildID     string          `json:"guild_id"`
	Name        string          `json:"name"`
	Description *string         `json:"description"`
	ChannelID   *string         `json:"channel_id"`
	CreatorID   *string         `json:"creator_id"`
	Creator     *wireUser       `json:"creator,omitempty"`
	Image       *string         `json:"image"`
	Start       string          `json:"scheduled_start_time"`
	End         *string         `json:"scheduled_end_time"`
	Status      int             `json:"status"`
	EntityType  int             `json:"entity_type"`
	EntityID    *string         `json:"entity_id"`
	Recurrence  *struct{}       `json:"recurrence_rule"`
	UserCount   *int            `json:"user_count,omitempty"`
	Privacy     int             `json:"privacy_level"`
	Exceptions  []wireException `json:"guild_scheduled_event_exceptions"`
	Metadata    *struct {
		Location string `json:"location"`
	} `json:"entity_metadata"`
}

type wireException struct {
	EventID     string  `json:"event_id"`
	ExceptionID string  `json:"event_exception_id"`
	Start       *string `json:"scheduled_start_time"`
	End         *string `json:"scheduled_end_time"`
	Canceled    bool    `json:"is_canceled"`
}

func (e *Emulator) wireEvent(x *schedEvent, withCount bool) wireEvent {
	creator, u := x.creator.String(), toWireUser(e.st.users[x.creator])
	w := wireEvent{ID: x.id.String(), GuildID: x.guild.String(), Name: x.name, Description: x.description, CreatorID: &creator,
		Creator: &u, Image: x.image, Start: x.start, End: x.end, Status: x.status, EntityType: x.entityType, Privacy: 2, Exceptions: []wireException{}}
	if x.channel != 0 {
		ch := x.channel.String()
		w.ChannelID = &ch
	}
	if x.entityType == 3 && x.location != nil {
		w.Metadata = &struct {
			Location string `json:"location"`
		}{*x.location}
	}
	if withCount {
		n := len(x.interested)
		w.UserCount = &n
	}
	for _, ex := range x.exceptions {
		w.Exceptions = append(w.Exceptions, wireExc(x, ex))
	}
	return w
}

func wireExc(x *schedEvent, ex *eventException) wireException {
	return wireException{EventID: x.id.String(), ExceptionID: ex.id.String(), Start: ex.start, End: ex.end, Canceled: ex.canceled}
}

// eventGuild resolves guild_id and checks need at guild level; st.mu
// must be held.
func (e *Emulator) eventGuild(c *call, need Perm) (Snowflake, *apiError) {
	return e.emojiGuild(c, need)
}

// eventOf resolves the event in guild g; st.mu must be held.
func (e *Emulator) eventOf(c *call, g Snowflake) (*schedEvent, *apiError) {
	id, err := c.snowflake("guild_scheduled_event_id")
	if err != nil {
		return nil, err
	}
	if x := e.st.events[id]; x != nil && x.guild == g {
		return x, nil
	}
	return nil, errUnknownEvent
}

func (e *Emulator) listEvents(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.eventGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	withCount := string(c.ctx.QueryArgs().Peek("with_user_count")) == "true"
	out := []wireEvent{}
	for _, x := range e.st.events {
		if x.guild == g {
			out = append(out, e.wireEvent(x, withCount))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return ok(out)
}

func (e *Emulator) getEvent(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.eventGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	x, err := e.eventOf(c, g)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireEvent(x, string(c.ctx.QueryArgs().Peek("with_user_count")) == "true"))
}

// setEvent applies a create (full) or modify body; st.mu must be held.
func (e *Emulator) setEvent(x *schedEvent, body gjson.Result, full bool) *apiError {
	optStr := func(k string) *string {
		if v := body.Get(k); v.Type == gjson.String {
			return &v.Str
		}
		return nil
	}
	if v := body.Get("name"); v.Exists() || full {
		if v.Type != gjson.String || v.Str == "" || len([]rune(v.Str)) > 100 {
			return formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
		}
		x.name = v.Str
	}
	for k, dst := range map[string]**string{"description": &x.description, "scheduled_end_time": &x.end, "image": &x.image, "entity_metadata.location": &x.location} {
		if body.Get(k).Exists() {
			*dst = optStr(k)
		}
	}
	if v := body.Get("scheduled_start_time"); v.Exists() || full {
		if _, perr := time.Parse(time.RFC3339, v.Str); perr != nil {
			return formError("DATE_TIME_TYPE_PARSE", "Could not parse time.", "scheduled_start_time")
		}
		x.start = v.Str
	}
	if v := body.Get("entity_type"); v.Exists() || full {
		x.entityType = int(v.Int())
	}
	if v := body.Get("channel_id"); v.Exists() {
		x.channel = 0
		if id, ok := ParseSnowflake(v.String()); ok {
			x.channel = id
		}
	}
	if v := body.Get("status"); v.Exists() {
		x.status = int(v.Int())
	}
	return e.checkEventPlace(x)
}

// checkEventPlace applies Discord's rules on where an event happens.
func (e *Emulator) checkEventPlace(x *schedEvent) *apiError {
	switch x.entityType {
	case 3:
		if x.location == nil || *x.location == "" || x.end == nil {
			return formError("GUILD_SCHEDULED_EVENT_SCHEDULED_END_TIME_REQUIRED", "External events need a location and an end time", "entity_metadata")
		}
		x.channel = 0
	case 1, 2:
		ch := e.st.channels[x.channel]
		want := map[int]int{1: 13, 2: 2}[x.entityType]
		if ch == nil || ch.GuildID != x.guild || ch.Type != want {
			return formError("CHANNEL_TYPE_INVALID", "Invalid channel type", "channel_id")
		}
		x.location = nil
	default:
		return formError("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.", "entity_type")
	}
	return nil
}

func (e *Emulator) createEvent(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.eventGuild(c, discordgo.PermissionManageEvents)
	if err != nil {
		return fail(err)
	}
	if body.Get("privacy_level").Int() != 2 {
		return fail(formError("BASE_TYPE_CHOICES", "Value must be one of {2}.", "privacy_level"))
	}
	x := &schedEvent{guild: g, creator: e.st.botID, status: 1}
	if err := e.setEvent(x, body, true); err != nil {
		return fail(err)
	}
	x.id = e.st.mint(c.now)
	x.interested = []Snowflake{e.st.botID}
	if e.st.events == nil {
		e.st.events = map[Snowflake]*schedEvent{}
	}
	e.st.events[x.id] = x
	return ok(e.wireEvent(x, false))
}

func (e *Emulator) patchEvent(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.eventGuild(c, discordgo.PermissionManageEvents)
	if err != nil {
		return fail(err)
	}
	x, err := e.eventOf(c, g)
	if err != nil {
		return fail(err)
	}
	upd := *x
	if err := e.setEvent(&upd, body, false); err != nil {
		return fail(err)
	}
	*x = upd
	return ok(e.wireEvent(x, false))
}

func (e *Emulator) deleteEvent(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.eventGuild(c, discordgo.PermissionManageEvents)
	if err != nil {
		return fail(err)
	}
	x, err := e.eventOf(c, g)
	if err != nil {
		return fail(err)
	}
	delete(e.st.events, x.id)
	return noContent()
}
