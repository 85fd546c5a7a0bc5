package discordtest

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Channel management: create, reorder, permission overwrites, following
// an announcement channel.

var channelManageRoutes = []route{
	{method: "POST", template: "/guilds/{guild_id}/channels", bucket: BucketChannelModify, handle: (*Emulator).createChannel},
	{method: "PATCH", template: "/guilds/{guild_id}/channels", bucket: BucketChannelModify, handle: (*Emulator).reorderChannels},
	{method: "PUT", template: "/channels/{channel_id}/permissions/{overwrite_id}", bucket: BucketChannelModify, handle: (*Emulator).putOverwrite},
	{method: "DELETE", template: "/channels/{channel_id}/permissions/{overwrite_id}", bucket: BucketChannelModify, handle: (*Emulator).deleteOverwrite},
	{method: "POST", template: "/channels/{channel_id}/followers", bucket: BucketChannelModify, handle: (*Emulator).followChannel},
}

// guildChannelTypes are the types a bot may create.
var guildChannelTypes = []int64{0, 2, 4, 5, 13, 15, 16}

// managedGuild resolves guild_id to a guild where the bot may manage
// channels; st.mu held.
func (e *Emulator) managedGuild(c *call) (*guildState, *apiError) {
	gs, err := e.guild(c)
	if err != nil {
		return nil, err
	}
	if gs.basePerms(e.st.botID)&discordgo.PermissionManageChannels == 0 {
		return nil, errMissingPerms
	}
	return gs, nil
}

func (e *Emulator) createChannel(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.managedGuild(c)
	if err != nil {
		return fail(err)
	}
	fe := formErrors{}
	ch := &Channel{GuildID: gs.g.ID}
	if v := body.Get("name"); v.Type != gjson.String || utf8.RuneCountInString(v.Str) < 1 || utf8.RuneCountInString(v.Str) > 100 {
		fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
	} else {
		ch.Name = v.Str
	}
	if v := body.Get("type"); v.Exists() && v.Type != gjson.Null {
		if !slices.Contains(guildChannelTypes, v.Int()) {
			fe.add("BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 15, 16}.", "type")
		}
		ch.Type = int(v.Int())
	}
	if v := body.Get("topic"); v.Type == gjson.String {
		t := v.Str
		ch.Topic = &t
	}
	if v := body.Get("parent_id"); v.Exists() && v.Type != gjson.Null {
		id, _ := ParseSnowflake(v.Str)
		if p := st.channels[id]; p == nil || p.GuildID != gs.g.ID || p.Type != discordgoChannelCategory || ch.Type == discordgoChannelCategory {
			fe.add("CHANNEL_PARENT_INVALID", "Category does not exist", "parent_id")
		}
		ch.ParentID = id
	}
	if n, ok := intField(body, "rate_limit_per_user", 0, 21600, fe); ok {
		ch.RateLimitPerUser = n
	}
	if n, ok := intField(body, "position", 0, 1<<31-1, fe); ok {
		ch.Position = n
	}
	ch.NSFW = body.Get("nsfw").Bool()
	if err := fe.err(); err != nil {
		return fail(err)
	}
	ch.ID = st.mint(c.now)
	st.channels[ch.ID] = ch
	return created(toWireChannel(ch, 0))
}

// reorderChannels is PATCH /guilds/{id}/channels: [{id, position, parent_id}].
func (e *Emulator) reorderChannels(c *call) response {
	b := c.ctx.PostBody()
	if !gjson.ValidBytes(b) || !gjson.ParseBytes(b).IsArray() {
		return fail(formError("BASE_TYPE_ARRAY", "Must be an array."))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.managedGuild(c)
	if err != nil {
		return fail(err)
	}
	type move struct {
		ch       *Channel
		pos      int
		parent   Snowflake
		reparent bool
	}
	var moves []move
	var bad *apiError
	gjson.ParseBytes(b).ForEach(func(k, v gjson.Result) bool {
		id, _ := ParseSnowflake(v.Get("id").Str)
		ch := st.channels[id]
		if ch == nil || ch.GuildID != gs.g.ID || isThread(ch.Type) {
			bad = formError("CHANNEL_NOT_IN_GUILD", "Channel "+v.Get("id").Str+" is not in this guild", k.String(), "id")
			return false
		}
		m := move{ch: ch, pos: ch.Position}
		if p := v.Get("position"); p.Type == gjson.Number {
			m.pos = int(p.Int())
		}
		if p := v.Get("parent_id"); p.Exists() {
			m.parent, _ = ParseSnowflake(p.Str)
			m.reparent = true
		}
		moves = append(moves, m)
		return true
	})
	if bad != nil {
		return fail(bad)
	}
	for _, m := range moves { // all or nothing, as checked above
		m.ch.Position = m.pos
		if m.reparent {
			m.ch.ParentID = m.parent
		}
	}
	return noContent()
}

// putOverwrite needs MANAGE_ROLES in the channel, and the bot may not
// allow or deny bits it does not hold itself (Discord's 50013).
func (e *Emulator) putOverwrite(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	oid, ferr := c.snowflake("overwrite_id")
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionManageRoles)
	if err != nil {
		return fail(err)
	}
	if isThread(ch.Type) {
		return fail(errWrongType)
	}
	fe := formErrors{}
	ow := Overwrite{ID: oid, Type: int(body.Get("type").Int())}
	if t := body.Get("type"); t.Type != gjson.Number || (t.Int() != 0 && t.Int() != 1) {
		fe.add("BASE_TYPE_CHOICES", "Value must be one of {0, 1}.", "type")
	}
	ow.Allow, ow.Deny = permField(body, "allow", fe), permField(body, "deny", fe)
	if err := fe.err(); err != nil {
		return fail(err)
	}
	if held := e.perms(ch); (ow.Allow|ow.Deny)&^held != 0 && held != allPerms {
		return fail(errMissingPerms)
	}
	i := slices.IndexFunc(ch.PermissionOverwrites, func(o Overwrite) bool { return o.ID == oid })
	if i < 0 {
		ch.PermissionOverwrites = append(ch.PermissionOverwrites, ow)
	} else {
		ch.PermissionOverwrites[i] = ow
	}
	return noContent()
}

// permField reads a permission integer sent as a number or digit string.
func permField(body gjson.Result, name string, fe formErrors) Perm {
	v := body.Get(name)
	if !v.Exists() || v.Type == gjson.Null {
		return 0
	}
	n, err := strconv.ParseUint(v.String(), 10, 64)
	if err != nil || (v.Type != gjson.Number && v.Type != gjson.String) {
		fe.add("NUMBER_TYPE_COERCE", "Value \""+v.Raw+"\" is not int.", name)
	}
	return Perm(n)
}

func (e *Emulator) deleteOverwrite(c *call) response {
	oid, ferr := c.snowflake("overwrite_id")
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionManageRoles)
	if err != nil {
		return fail(err)
	}
	ch.PermissionOverwrites = slices.DeleteFunc(ch.PermissionOverwrites, func(o Overwrite) bool { return o.ID == oid })
	return noContent()
}

type wireFollower struct {
	ChannelID string `json:"channel_id"`
	WebhookID string `json:"webhook_id"`
}

// followChannel follows an announcement channel into webhook_channel_id,
// where the bot needs MANAGE_WEBHOOKS.
func (e *Emulator) followChannel(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	target, okID := ParseSnowflake(body.Get("webhook_channel_id").Str)
	if !okID {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "webhook_channel_id"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	src, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	if src.Type != chanNews {
		return fail(errWrongType)
	}
	dst := st.channels[target]
	if dst == nil {
		return fail(errUnknownChannel)
	}
	if e.perms(dst)&discordgo.PermissionManageWebhooks == 0 {
		return fail(errMissingPerms)
	}
	return ok(wireFollower{ChannelID: src.ID.String(), WebhookID: st.mint(c.now).String()})
}
