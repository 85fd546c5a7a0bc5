package discordtest

import (
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Custom emojis: a guild's (MANAGE_GUILD_EXPRESSIONS to change them) and
// the application's own. Guilds start with none.

var emojiRoutes = []route{
	{method: "GET", template: "/guilds/{guild_id}/emojis", bucket: BucketEmoji, handle: (*Emulator).listGuildEmojis},
	{method: "POST", template: "/guilds/{guild_id}/emojis", bucket: BucketEmoji, handle: (*Emulator).createGuildEmoji},
	{method: "GET", template: "/guilds/{guild_id}/emojis/{emoji_id}", bucket: BucketEmoji, handle: (*Emulator).getGuildEmoji},
	{method: "PATCH", template: "/guilds/{guild_id}/emojis/{emoji_id}", bucket: BucketEmoji, handle: (*Emulator).patchGuildEmoji},
	{method: "DELETE", template: "/guilds/{guild_id}/emojis/{emoji_id}", bucket: BucketEmoji, handle: (*Emulator).deleteGuildEmoji},
	{method: "GET", template: "/applications/{application_id}/emojis", bucket: BucketEmoji, handle: (*Emulator).listAppEmojis},
	{method: "POST", template: "/applications/{application_id}/emojis", bucket: BucketEmoji, handle: (*Emulator).createAppEmoji},
	{method: "GET", template: "/applications/{application_id}/emojis/{emoji_id}", bucket: BucketEmoji, handle: (*Emulator).getAppEmoji},
	{method: "PATCH", template: "/applications/{application_id}/emojis/{emoji_id}", bucket: BucketEmoji, handle: (*Emulator).patchAppEmoji},
	{method: "DELETE", template: "/applications/{application_id}/emojis/{emoji_id}", bucket: BucketEmoji, handle: (*Emulator).deleteAppEmoji},
}

// BucketEmoji is the emoji routes' bucket (not limited by DefaultLimits;
// Discord's emoji headers are not accurate anyway).
const BucketEmoji = "emoji"

// customEmoji is one emoji; owner is its guild, or the bot's id for the
// application's.
type customEmoji struct {
	id, owner Snowflake
	name      string
	animated  bool
	roles     []string
}

// wireEmoji is Discord's EmojiResponse.
type wireEmoji struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	User          *wireUser `json:"user,omitempty"`
	Roles         []string  `json:"roles"`
	RequireColons bool      `json:"require_colons"`
	Managed       bool      `json:"managed"`
	Animated      bool      `json:"animated"`
	Available     bool      `json:"available"`
}

func (e *Emulator) wireEmoji(x *customEmoji) wireEmoji {
	u := toWireUser(e.st.users[e.st.botID])
	return wireEmoji{ID: x.id.String(), Name: x.name, User: &u, Roles: append([]string{}, x.roles...), RequireColons: true, Animated: x.animated, Available: true}
}

var errUnknownEmojiID = &apiError{fasthttp.StatusNotFound, CodeUnknownEmoji, "Unknown Emoji", nil}

// emojisOf lists owner's emojis by id; st.mu must be held.
func (st *state) emojisOf(owner Snowflake) []*customEmoji {
	var out []*customEmoji
	for _, x := range st.emojis {
		if x.owner == owner {
			out = append(out, x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// emojiOf resolves emoji_id among owner's; st.mu must be held.
func (st *state) emojiOf(c *call, owner Snowflake) (*customEmoji, *apiError) {
	id, err := c.snowflake("emoji_id")
	if err != nil {
		return nil, err
	}
	if x := st.emojis[id]; x != nil && x.owner == owner {
		return x, nil
	}
	return nil, errUnknownEmojiID
}

// emojiGuild resolves guild_id, and checks need at guild level; st.mu
// must be held.
func (e *Emulator) emojiGuild(c *call, need Perm) (Snowflake, *apiError) {
	gs, err := e.guild(c)
	if err != nil {
		return 0, err
	}
	if gs.basePerms(e.st.botID)&need != need {
		return 0, errMissingPerms
	}
	return gs.g.ID, nil
}

// setEmoji applies name, image and roles from a create (create=true) or
// modify body.
func setEmoji(x *customEmoji, body gjson.Result, create bool) *apiError {
	name := body.Get("name")
	switch {
	case create && !name.Exists():
		return formError("BASE_TYPE_REQUIRED", "This field is required", "name")
	case name.Exists() && (name.Type != gjson.String || len(name.Str) < 2 || len(name.Str) > 32):
		return formError("BASE_TYPE_BAD_LENGTH", "Must be between 2 and 32 in length.", "name")
	case name.Exists():
		x.name = name.Str
	}
	if create {
		img := body.Get("image").Str
		if !strings.HasPrefix(img, "data:image/") {
			return formError("BINARY_TYPE_MAX_SIZE", "Invalid image data", "image")
		}
		x.animated = strings.HasPrefix(img, "data:image/gif")
	}
	if r := body.Get("roles"); r.IsArray() {
		x.roles = x.roles[:0]
		for _, id := range r.Array() {
			x.roles = append(x.roles, id.String())
		}
	}
	return nil
}

func (e *Emulator) listGuildEmojis(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	out := []wireEmoji{}
	for _, x := range e.st.emojisOf(g) {
		out = append(out, e.wireEmoji(x))
	}
	return ok(out)
}

func (e *Emulator) getGuildEmoji(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	x, err := e.st.emojiOf(c, g)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireEmoji(x))
}

func (e *Emulator) createEmoji(c *call, owner func() (Snowflake, *apiError)) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	o, err := owner()
	if err != nil {
		return fail(err)
	}
	x := &customEmoji{owner: o}
	if err := setEmoji(x, body, true); err != nil {
		return fail(err)
	}
	x.id = e.st.mint(c.now)
	if e.st.emojis == nil {
		e.st.emojis = map[Snowflake]*customEmoji{}
	}
	e.st.emojis[x.id] = x
	return response{status: fasthttp.StatusCreated, body: marshal(e.wireEmoji(x))}
}

func (e *Emulator) patchEmoji(c *call, owner func() (Snowflake, *apiError)) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	o, err := owner()
	if err != nil {
		return fail(err)
	}
	x, err := e.st.emojiOf(c, o)
	if err != nil {
		return fail(err)
	}
	upd := *x
	if err := setEmoji(&upd, body, false); err != nil {
		return fail(err)
	}
	*x = upd
	return ok(e.wireEmoji(x))
}

func (e *Emulator) deleteEmoji(c *call, owner func() (Snowflake, *apiError)) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	o, err := owner()
	if err != nil {
		return fail(err)
	}
	x, err := e.st.emojiOf(c, o)
	if err != nil {
		return fail(err)
	}
	delete(e.st.emojis, x.id)
	return noContent()
}

func (e *Emulator) guildExpr(c *call) func() (Snowflake, *apiError) {
	return func() (Snowflake, *apiError) { return e.emojiGuild(c, discordgo.PermissionManageGuildExpressions) }
}

func (e *Emulator) appOwner(c *call) func() (Snowflake, *apiError) {
	return func() (Snowflake, *apiError) {
		if _, err := e.appFor(c); err != nil {
			return 0, err
		}
		return e.st.botID, nil
	}
}

func (e *Emulator) createGuildEmoji(c *call) response { return e.createEmoji(c, e.guildExpr(c)) }
func (e *Emulator) patchGuildEmoji(c *call) response  { return e.patchEmoji(c, e.guildExpr(c)) }
func (e *Emulator) deleteGuildEmoji(c *call) response { return e.deleteEmoji(c, e.guildExpr(c)) }
func (e *Emulator) createAppEmoji(c *call) response   { return e.createEmoji(c, e.appOwner(c)) }
func (e *Emulator) patchAppEmoji(c *call) response    { return e.patchEmoji(c, e.appOwner(c)) }
func (e *Emulator) deleteAppEmoji(c *call) response   { return e.deleteEmoji(c, e.appOwner(c)) }

func (e *Emulator) listAppEmojis(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.appFor(c); err != nil {
		return fail(err)
	}
	out := struct {
		Items []wireEmoji `json:"items"`
	}{Items: []wireEmoji{}}
	for _, x := range e.st.emojisOf(e.st.botID) {
		out.Items = append(out.Items, e.wireEmoji(x))
	}
	return ok(out)
}

func (e *Emulator) getAppEmoji(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, err := e.appFor(c); err != nil {
		return fail(err)
	}
	x, err := e.st.emojiOf(c, e.st.botID)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireEmoji(x))
}
