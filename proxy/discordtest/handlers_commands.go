package discordtest

import (
	"encoding/json"
	"sort"
	"strconv"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// The application's commands, global (guild 0) or per guild, and the
// guilds' command permissions (none are ever set here: setting them needs
// a user's token, so reading one command's answers Discord's 10066).

var commandRoutes = []route{
	{method: "GET", template: "/applications/{application_id}/commands", bucket: BucketCommands, handle: (*Emulator).listCommands},
	{method: "POST", template: "/applications/{application_id}/commands", bucket: BucketCommands, handle: (*Emulator).createCommand},
	{method: "PUT", template: "/applications/{application_id}/commands", bucket: BucketCommands, handle: (*Emulator).overwriteCommands},
	{method: "GET", template: "/applications/{application_id}/commands/{command_id}", bucket: BucketCommands, handle: (*Emulator).getCommand},
	{method: "PATCH", template: "/applications/{application_id}/commands/{command_id}", bucket: BucketCommands, handle: (*Emulator).patchCommand},
	{method: "DELETE", template: "/applications/{application_id}/commands/{command_id}", bucket: BucketCommands, handle: (*Emulator).deleteCommand},
	{method: "GET", template: "/applications/{application_id}/guilds/{guild_id}/commands", bucket: BucketCommands, handle: (*Emulator).listCommands},
	{method: "POST", template: "/applications/{application_id}/guilds/{guild_id}/commands", bucket: BucketCommands, handle: (*Emulator).createCommand},
	{method: "PUT", template: "/applications/{application_id}/guilds/{guild_id}/commands", bucket: BucketCommands, handle: (*Emulator).overwriteCommands},
	{method: "GET", template: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", bucket: BucketCommands, handle: (*Emulator).getCommand},
	{method: "PATCH", template: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", bucket: BucketCommands, handle: (*Emulator).patchCommand},
	{method: "DELETE", template: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", bucket: BucketCommands, handle: (*Emulator).deleteCommand},
	{method: "GET", template: "/applications/{application_id}/guilds/{guild_id}/commands/permissions", bucket: BucketCommands, handle: (*Emulator).listCommandPermissions},
	{method: "GET", template: "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions", bucket: BucketCommands, handle: (*Emulator).getCommandPermissions},
}

// BucketCommands is the command routes' bucket (not limited by DefaultLimits).
const BucketCommands = "commands"

var (
	errUnknownCommand     = &apiError{fasthttp.StatusNotFound, 10063, "Unknown application command", nil}
	errUnknownCommandPerm = &apiError{fasthttp.StatusNotFound, 10066, "Unknown application command permissions", nil}
)

// appCommand is one command; guild 0 is global.
type appCommand struct {
	id, guild, version Snowflake
	name, description  string
	typ                int
	options            json.RawMessage
	perms              *string
	nsfw               bool
}

// wireCommand is Discord's ApplicationCommandResponse.
type wireCommand struct {
	ID          string          `json:"id"`
	AppID       string          `json:"application_id"`
	Version     string          `json:"version"`
	Perms       *string         `json:"default_member_permissions"`
	Type        int             `json:"type"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	GuildID     string          `json:"guild_id,omitempty"`
	Options     json.RawMessage `json:"options,omitempty"`
	NSFW        bool            `json:"nsfw"`
}

func (e *Emulator) wireCommand(x *appCommand) wireCommand {
	w := wireCommand{ID: x.id.String(), AppID: e.st.botID.String(), Version: x.version.String(), Perms: x.perms,
		Type: x.typ, Name: x.name, Description: x.description, Options: x.options, NSFW: x.nsfw}
	if x.guild != 0 {
		w.GuildID = x.guild.String()
	}
	return w
}

// commandPlace checks application_id and, when the route has one,
// guild_id; it returns the guild (0: global); st.mu must be held.
func (e *Emulator) commandPlace(c *call) (Snowflake, *apiError) {
	if _, err := e.appFor(c); err != nil {
		return 0, err
	}
	if c.param("guild_id") == "" {
		return 0, nil
	}
	gs, err := e.guild(c)
	if err != nil {
		return 0, err
	}
	return gs.g.ID, nil
}

// commandsIn lists a place's commands by id; st.mu must be held.
func (st *state) commandsIn(guild Snowflake) []*appCommand {
	var out []*appCommand
	for _, x := range st.commands {
		if x.guild == guild {
			out = append(out, x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// setCommand applies a create, overwrite (full=true) or modify body.
func setCommand(x *appCommand, body gjson.Result, full bool) *apiError {
	if n := body.Get("name"); n.Exists() {
		if n.Type != gjson.String || n.Str == "" || len([]rune(n.Str)) > 32 {
			return formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.", "name")
		}
		x.name = n.Str
	} else if full {
		return formError("BASE_TYPE_REQUIRED", "This field is required", "name")
	}
	if t := body.Get("type"); t.Exists() {
		x.typ = int(t.Int())
	}
	if d := body.Get("description"); d.Exists() {
		x.description = d.Str
	}
	if x.typ == 1 && x.description == "" {
		return formError("BASE_TYPE_REQUIRED", "This field is required", "description")
	}
	if o := body.Get("options"); o.IsArray() {
		x.options = json.RawMessage(o.Raw)
	}
	if p := body.Get("default_member_permissions"); p.Exists() {
		x.perms = nil
		if p.Type != gjson.Null {
			s := strconv.FormatInt(p.Int(), 10)
			x.perms = &s
		}
	}
	if v := body.Get("nsfw"); v.Exists() {
		x.nsfw = v.Bool()
	}
	return nil
}

// upsert stores x, replacing a command of the same name and type.
func (st *state) upsert(x *appCommand) *appCommand {
	for _, old := range st.commandsIn(x.guild) {
		if old.name == x.name && old.typ == x.typ {
			x.id = old.id
		}
	}
	if st.commands == nil {
		st.commands = map[Snowflake]*appCommand{}
	}
	st.commands[x.id] = x
	return x
}

func (e *Emulator) listCommands(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.commandPlace(c)
	if err != nil {
		return fail(err)
	}
	out := []wireCommand{}
	for _, x := range e.st.commandsIn(g) {
		out = append(out, e.wireCommand(x))
	}
	return ok(out)
}

func (e *Emulator) createCommand(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.commandPlace(c)
	if err != nil {
		return fail(err)
	}
	x := &appCommand{guild: g, typ: 1}
	if err := setCommand(x, body, true); err != nil {
		return fail(err)
	}
	x.id = e.st.mint(c.now)
	x.version = x.id
	x = e.st.upsert(x)
	return response{status: fasthttp.StatusCreated, body: marshal(e.wireCommand(x))}
}

func (e *Emulator) overwriteCommands(c *call) response {
	raw := c.ctx.PostBody()
	if !gjson.ValidBytes(raw) || !gjson.ParseBytes(raw).IsArray() {
		return fail(errInvalidJSON)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.commandPlace(c)
	if err != nil {
		return fail(err)
	}
	var next []*appCommand
	for i, item := range gjson.ParseBytes(raw).Array() {
		x := &appCommand{guild: g, typ: 1}
		if err := setCommand(x, item, true); err != nil {
			return fail(formError("BASE_TYPE_REQUIRED", "Invalid command", strconv.Itoa(i)))
		}
		next = append(next, x)
	}
	for _, old := range e.st.commandsIn(g) {
		delete(e.st.commands, old.id)
	}
	out := []wireCommand{}
	for _, x := range next {
		x.id = e.st.mint(c.now)
		x.version = x.id
		out = append(out, e.wireCommand(e.st.upsert(x)))
	}
	return ok(out)
}

// commandOf resolves command_id in its place; st.mu must be held.
func (e *Emulator) commandOf(c *call) (*appCommand, *apiError) {
	g, err := e.commandPlace(c)
	if err != nil {
		return nil, err
	}
	id, err := c.snowflake("command_id")
	if err != nil {
		return nil, err
	}
	if x := e.st.commands[id]; x != nil && x.guild == g {
		return x, nil
	}
	return nil, errUnknownCommand
}

func (e *Emulator) getCommand(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.commandOf(c)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireCommand(x))
}

func (e *Emulator) patchCommand(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.commandOf(c)
	if err != nil {
		return fail(err)
	}
	upd := *x
	if err := setCommand(&upd, body, false); err != nil {
		return fail(err)
	}
	upd.version = e.st.mint(c.now)
	*x = upd
	return ok(e.wireCommand(x))
}

func (e *Emulator) deleteCommand(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.commandOf(c)
	if err != nil {
		return fail(err)
	}
	delete(e.st.commands, x.id)
	return noContent()
}

func (e *Emulator) listCommandPermissions(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.commandPlace(c); err != nil {
		return fail(err)
	}
	return ok([]struct{}{})
}

func (e *Emulator) getCommandPermissions(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.commandOf(c); err != nil {
		return fail(err)
	}
	return fail(errUnknownCommandPerm)
}
