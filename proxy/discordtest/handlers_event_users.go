package discordtest

import (
	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"
)

// Scheduled events: interested users and counts, and exceptions.

var errUnknownEventException = &apiError{fasthttp.StatusNotFound, 10070, "Unknown Guild Scheduled Event Exception", nil}

// wireEventUser is Discord's ScheduledEventUserResponse.
type wireEventUser struct {
	EventID     string   `json:"guild_scheduled_event_id"`
	ExceptionID *string  `json:"guild_scheduled_event_exception_id"`
	UserID      string   `json:"user_id"`
	User        wireUser `json:"user"`
	Response    int      `json:"response"`
}

func (e *Emulator) eventUsers(c *call) response {
	limit, ferr := c.intQuery("limit", 100, 1, 100)
	if ferr != nil {
		return fail(ferr)
	}
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
	var exc *string
	if c.param("guild_scheduled_event_exception_id") != "" {
		ex, err := excOf(c, x, "guild_scheduled_event_exception_id")
		if err != nil {
			return fail(err)
		}
		id := ex.id.String()
		exc = &id
	}
	out := []wireEventUser{}
	for _, uid := range x.interested {
		if u := e.st.users[uid]; u != nil && len(out) < limit {
			out = append(out, wireEventUser{EventID: x.id.String(), ExceptionID: exc, UserID: uid.String(), User: toWireUser(u), Response: 1})
		}
	}
	return ok(out)
}

func (e *Emulator) eventUserCounts(c *call) response {
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
	return ok(map[string]any{"guild_scheduled_event_count": len(x.interested), "guild_scheduled_event_exception_counts": map[string]int{}})
}

// excOf resolves an exception of x by the named path parameter.
func excOf(c *call, x *schedEvent, name string) (*eventException, *apiError) {
	id, err := c.snowflake(name)
	if err != nil {
		return nil, err
	}
	for _, ex := range x.exceptions {
		if ex.id == id {
			return ex, nil
		}
	}
	return nil, errUnknownEventException
}

// managedEvent resolves the event for a write; st.mu must be held.
func (e *Emulator) managedEvent(c *call) (*schedEvent, *apiError) {
	g, err := e.eventGuild(c, discordgo.PermissionManageEvents)
	if err != nil {
		return nil, err
	}
	return e.eventOf(c, g)
}

// setException applies an exception body.
func setException(ex *eventException, c *call) *apiError {
	body, err := c.body()
	if err != nil {
		return err
	}
	for k, dst := range map[string]**string{"scheduled_start_time": &ex.start, "scheduled_end_time": &ex.end} {
		if v := body.Get(k); v.Exists() {
			*dst = nil
			if v.Str != "" {
				s := v.Str
				*dst = &s
			}
		}
	}
	if v := body.Get("is_canceled"); v.Exists() {
		ex.canceled = v.Bool()
	}
	return nil
}

func (e *Emulator) createEventException(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.managedEvent(c)
	if err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	orig := body.Get("original_scheduled_start_time").Str
	if orig == "" {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "original_scheduled_start_time"))
	}
	ex := &eventException{id: e.st.mint(c.now)}
	if err := setException(ex, c); err != nil {
		return fail(err)
	}
	x.exceptions = append(x.exceptions, ex)
	return ok(wireExc(x, ex))
}

func (e *Emulator) patchEventException(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.managedEvent(c)
	if err != nil {
		return fail(err)
	}
	ex, err := excOf(c, x, "exception_id")
	if err != nil {
		return fail(err)
	}
	upd := *ex
	if err := setException(&upd, c); err != nil {
		return fail(err)
	}
	*ex = upd
	return ok(wireExc(x, ex))
}

func (e *Emulator) deleteEventException(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.managedEvent(c)
	if err != nil {
		return fail(err)
	}
	ex, err := excOf(c, x, "exception_id")
	if err != nil {
		return fail(err)
	}
	for i, y := range x.exceptions {
		if y == ex {
			x.exceptions = append(x.exceptions[:i], x.exceptions[i+1:]...)
			break
		}
	}
	return noContent()
}
