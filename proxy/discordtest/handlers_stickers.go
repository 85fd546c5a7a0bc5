package discordtest

import (
	"sort"

	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"
)

// Stickers: a guild's (MANAGE_GUILD_EXPRESSIONS to change them; created
// from a multipart form with the file), one Discord pack with one
// standard sticker, and any sticker by id.

var stickerRoutes = []route{
	{method: "GET", template: "/guilds/{guild_id}/stickers", bucket: BucketEmoji, handle: (*Emulator).listStickers},
	{method: "POST", template: "/guilds/{guild_id}/stickers", bucket: BucketEmoji, handle: (*Emulator).createSticker},
	{method: "GET", template: "/guilds/{guild_id}/stickers/{sticker_id}", bucket: BucketEmoji, handle: (*Emulator).getGuildSticker},
	{method: "PATCH", template: "/guilds/{guild_id}/stickers/{sticker_id}", bucket: BucketEmoji, handle: (*Emulator).patchSticker},
	{method: "DELETE", template: "/guilds/{guild_id}/stickers/{sticker_id}", bucket: BucketEmoji, handle: (*Emulator).deleteSticker},
	{method: "GET", template: "/stickers/{sticker_id}", bucket: BucketEmoji, handle: (*Emulator).getSticker},
	{method: "GET", template: "/sticker-packs", bucket: BucketEmoji, handle: (*Emulator).listStickerPacks},
	{method: "GET", template: "/sticker-packs/{pack_id}", bucket: BucketEmoji, handle: (*Emulator).getStickerPack},
}

// Ids of Discord's one emulated sticker pack and its sticker.
const (
	StickerPackID     Snowflake = 847199849233514549
	StandardStickerID Snowflake = 749054660769218631
)

var errUnknownSticker = &apiError{fasthttp.StatusNotFound, 10060, "Unknown Sticker", nil}

type sticker struct {
	id, guild   Snowflake
	name, tags  string
	description *string
	format      int
}

// wireSticker is Discord's GuildStickerResponse or StandardStickerResponse.
type wireSticker struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Tags        string    `json:"tags"`
	Type        int       `json:"type"`
	FormatType  int       `json:"format_type"`
	Description *string   `json:"description"`
	Available   *bool     `json:"available,omitempty"`
	GuildID     string    `json:"guild_id,omitempty"`
	User        *wireUser `json:"user,omitempty"`
	PackID      string    `json:"pack_id,omitempty"`
	SortValue   *int      `json:"sort_value,omitempty"`
}

func (e *Emulator) wireSticker(s *sticker) wireSticker {
	yes, u := true, toWireUser(e.st.users[e.st.botID])
	return wireSticker{ID: s.id.String(), Name: s.name, Tags: s.tags, Type: 2, FormatType: s.format, Description: s.description,
		Available: &yes, GuildID: s.guild.String(), User: &u}
}

func standardSticker() wireSticker {
	d, sort := "Wumpus waves", 1
	return wireSticker{ID: StandardStickerID.String(), Name: "Wave", Tags: "wave", Type: 1, FormatType: 3, Description: &d,
		PackID: StickerPackID.String(), SortValue: &sort}
}

type wirePack struct {
	ID          string        `json:"id"`
	SKUID       string        `json:"sku_id"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Stickers    []wireSticker `json:"stickers"`
}

func thePack() wirePack {
	return wirePack{ID: StickerPackID.String(), SKUID: "847199849233514547", Name: "Wumpus Beyond", Description: "Say hello to Wumpus!", Stickers: []wireSticker{standardSticker()}}
}

func (e *Emulator) listStickerPacks(c *call) response {
	return ok(map[string][]wirePack{"sticker_packs": {thePack()}})
}

func (e *Emulator) getStickerPack(c *call) response {
	if id, err := c.snowflake("pack_id"); err != nil || id != StickerPackID {
		return fail(errNotFound)
	}
	return ok(thePack())
}

// stickerIn resolves sticker_id among guild g's; st.mu must be held.
func (e *Emulator) stickerIn(c *call, g Snowflake) (*sticker, *apiError) {
	id, err := c.snowflake("sticker_id")
	if err != nil {
		return nil, err
	}
	if s := e.st.stickers[id]; s != nil && s.guild == g {
		return s, nil
	}
	return nil, errUnknownSticker
}

func (e *Emulator) getSticker(c *call) response {
	id, err := c.snowflake("sticker_id")
	if err != nil {
		return fail(err)
	}
	if id == StandardStickerID {
		return ok(standardSticker())
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if s := e.st.stickers[id]; s != nil {
		return ok(e.wireSticker(s))
	}
	return fail(errUnknownSticker)
}

func (e *Emulator) listStickers(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	out := []wireSticker{}
	for _, s := range e.st.stickers {
		if s.guild == g {
			out = append(out, e.wireSticker(s))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return ok(out)
}

func (e *Emulator) getGuildSticker(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, 0)
	if err != nil {
		return fail(err)
	}
	s, err := e.stickerIn(c, g)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireSticker(s))
}

// stickerFormats maps an upload's content type to Discord's format_type.
var stickerFormats = map[string]int{"image/png": 1, "image/apng": 2, "application/json": 3, "image/gif": 4}

func (e *Emulator) createSticker(c *call) response {
	if !c.isMultipart() {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "file"))
	}
	form, ferr := c.ctx.MultipartForm()
	if ferr != nil || len(form.File["file"]) != 1 {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "file"))
	}
	val := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return v[len(v)-1]
		}
		return ""
	}
	fh := form.File["file"][0]
	format := stickerFormats[fh.Header.Get("Content-Type")]
	switch {
	case len(val("name")) < 2 || len([]rune(val("name"))) > 30:
		return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 2 and 30 in length.", "name"))
	case val("tags") == "":
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "tags"))
	case format == 0 || fh.Size > 512<<10:
		return fail(formError("STICKER_INVALID_FILE", "Invalid sticker file", "file"))
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, discordgo.PermissionManageGuildExpressions)
	if err != nil {
		return fail(err)
	}
	s := &sticker{id: e.st.mint(c.now), guild: g, name: val("name"), tags: val("tags"), format: format}
	if d := val("description"); d != "" {
		s.description = &d
	}
	if e.st.stickers == nil {
		e.st.stickers = map[Snowflake]*sticker{}
	}
	e.st.stickers[s.id] = s
	return response{status: fasthttp.StatusCreated, body: marshal(e.wireSticker(s))}
}

func (e *Emulator) patchSticker(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, discordgo.PermissionManageGuildExpressions)
	if err != nil {
		return fail(err)
	}
	s, err := e.stickerIn(c, g)
	if err != nil {
		return fail(err)
	}
	if v := body.Get("name"); v.Exists() {
		if n := len([]rune(v.Str)); n < 2 || n > 30 {
			return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 2 and 30 in length.", "name"))
		}
		s.name = v.Str
	}
	if v := body.Get("tags"); v.Exists() && v.Str != "" {
		s.tags = v.Str
	}
	if v := body.Get("description"); v.Exists() {
		d := v.Str
		s.description = &d
	}
	return ok(e.wireSticker(s))
}

func (e *Emulator) deleteSticker(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	g, err := e.emojiGuild(c, discordgo.PermissionManageGuildExpressions)
	if err != nil {
		return fail(err)
	}
	s, err := e.stickerIn(c, g)
	if err != nil {
		return fail(err)
	}
	delete(e.st.stickers, s.id)
	return noContent()
}
