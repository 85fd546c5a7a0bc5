package discordtest

import (
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Channels: read, modify, delete, typing.

func (e *Emulator) getChannel(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	if ch.Type == chanDM {
		return ok(st.toWireDM(ch))
	}
	return ok(toWireChannel(ch, len(st.messages[ch.ID])))
}

// manageFor is the permission that modifying ch needs: threads are
// managed with MANAGE_THREADS, other channels with MANAGE_CHANNELS.
func manageFor(ch *Channel) Perm {
	if isThread(ch.Type) {
		return discordgo.PermissionManageThreads
	}
	return discordgo.PermissionManageChannels
}

// managedChannel resolves channel_id to a channel the bot may modify;
// st.mu must be held.
func (e *Emulator) managedChannel(c *call) (*Channel, *apiError) {
	ch, err := e.channel(c, 0)
	if err != nil {
		return nil, err
	}
	if e.perms(ch)&manageFor(ch) == 0 {
		return nil, errMissingPerms
	}
	return ch, nil
}

// body returns the request's JSON object, or Discord's invalid JSON error.
// An empty body reads as {}.
func (c *call) body() (gjson.Result, *apiError) {
	b := c.ctx.PostBody()
	if len(b) == 0 {
		return gjson.Parse("{}"), nil
	}
	if !gjson.ValidBytes(b) {
		return gjson.Result{}, errInvalidJSON
	}
	r := gjson.ParseBytes(b)
	if !r.IsObject() {
		return gjson.Result{}, formError("DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
	}
	return r, nil
}

func (e *Emulator) patchChannel(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.managedChannel(c)
	if err != nil {
		return fail(err)
	}
	upd := *ch
	fe := formErrors{}
	if v := body.Get("name"); v.Exists() {
		n := utf8.RuneCountInString(v.String())
		switch {
		case v.Type != gjson.String:
			fe.add("BASE_TYPE_STRING", "Must be a string.", "name")
		case n < 1 || n > 100:
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
		default:
			upd.Name = v.String()
		}
	}
	if v := body.Get("topic"); v.Exists() {
		switch {
		case v.Type == gjson.Null:
			upd.Topic = nil
		case v.Type != gjson.String:
			fe.add("BASE_TYPE_STRING", "Must be a string.", "topic")
		case utf8.RuneCountInString(v.String()) > 1024:
			fe.add("BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.", "topic")
		default:
			t := v.String()
			upd.Topic = &t
		}
	}
	if n, ok := intField(body, "rate_limit_per_user", 0, 21600, fe); ok {
		upd.RateLimitPerUser = n
	}
	if n, ok := intField(body, "position", 0, 1<<31-1, fe); ok {
		upd.Position = n
	}
	if v := body.Get("nsfw"); v.Exists() {
		if v.Type != gjson.True && v.Type != gjson.False {
			fe.add("BASE_TYPE_BOOLEAN", "Must be either true or false.", "nsfw")
		} else {
			upd.NSFW = v.Bool()
		}
	}
	if isThread(ch.Type) {
		patchThread(body, &upd, st.channels[ch.ParentID], c.now, fe) // handlers_thread_members.go
	}
	if v := body.Get("available_tags"); v.Exists() && isForum(ch.Type) {
		upd.AvailableTags = st.parseAvailableTags(v, c, fe) // seed_forum.go
	}
	if err := fe.err(); err != nil {
		return fail(err)
	}
	*ch = upd
	return ok(toWireChannel(ch, len(st.messages[ch.ID])))
}

// intField reads an optional integer body field within [lo, hi], adding
// Discord's form errors to fe; ok is true when a valid value was given.
func intField(body gjson.Result, name string, lo, hi int64, fe formErrors) (int, bool) {
	v := body.Get(name)
	if !v.Exists() {
		return 0, false
	}
	if v.Type != gjson.Number || v.Num != float64(int64(v.Num)) {
		fe.add("NUMBER_TYPE_COERCE", "Value \""+v.Raw+"\" is not int.", name)
		return 0, false
	}
	n := v.Int()
	switch {
	case n < lo:
		fe.add("NUMBER_TYPE_MIN", "int value should be greater than or equal to "+itoa(lo)+".", name)
	case n > hi:
		fe.add("NUMBER_TYPE_MAX", "int value should be less than or equal to "+itoa(hi)+".", name)
	default:
		return int(n), true
	}
	return 0, false
}

func (e *Emulator) deleteChannel(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.managedChannel(c)
	if err != nil {
		return fail(err)
	}
	w := toWireChannel(ch, len(st.messages[ch.ID]))
	st.removeChannel(ch)
	return ok(w)
}

// removeChannel deletes a channel with its messages and threads; children
// of a deleted category lose their parent, as on Discord.
func (st *state) removeChannel(ch *Channel) {
	for _, m := range st.messages[ch.ID] {
		delete(st.msgIndex, m.ID)
	}
	delete(st.messages, ch.ID)
	delete(st.channels, ch.ID)
	for _, other := range st.channels {
		if other.ParentID != ch.ID {
			continue
		}
		if isThread(other.Type) {
			st.removeChannel(other)
		} else {
			other.ParentID = 0
		}
	}
}

// sendFor is the permission sending in ch needs.
func sendFor(ch *Channel) Perm {
	if isThread(ch.Type) {
		return discordgo.PermissionSendMessagesInThreads
	}
	return discordgo.PermissionSendMessages
}

// sendChannel resolves channel_id to a channel the bot may send in (a
// category is Discord's 50008) and returns the bot's permissions there;
// st.mu must be held.
func (e *Emulator) sendChannel(c *call) (*Channel, Perm, *apiError) {
	ch, err := e.channel(c, 0)
	if err != nil {
		return nil, 0, err
	}
	if ch.Type == discordgoChannelCategory || isForum(ch.Type) {
		return nil, 0, errNonText // a forum holds posts, not messages
	}
	perms := e.perms(ch)
	if perms&sendFor(ch) == 0 {
		return nil, 0, errMissingPerms
	}
	return ch, perms, nil
}

func (e *Emulator) typing(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	if _, _, err := e.sendChannel(c); err != nil {
		return fail(err)
	}
	return noContent()
}
