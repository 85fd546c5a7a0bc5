package discordtest

import (
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Messages: list, read, create, edit, delete, bulk delete.

// maxBulkAge is how old a message may be for bulk delete (and the cut
// between the recent and old delete buckets).
const maxBulkAge = 14 * 24 * time.Hour

func (e *Emulator) listMessages(c *call) response {
	limit, ferr := c.intQuery("limit", 50, 1, 100)
	if ferr != nil {
		return fail(ferr)
	}
	var anchors [3]Snowflake
	for i, name := range []string{"around", "before", "after"} {
		if anchors[i], ferr = c.snowflakeQuery(name); ferr != nil {
			return fail(ferr)
		}
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	if ch.Type == discordgoChannelCategory || isForum(ch.Type) {
		return fail(errWrongType)
	}
	// Without READ_MESSAGE_HISTORY Discord returns no messages, not an error.
	if e.perms(ch)&discordgo.PermissionReadMessageHistory == 0 {
		return ok([]wireMessage{})
	}
	page := pickPage(st.messages[ch.ID], limit, anchors[0], anchors[1], anchors[2])
	out := make([]wireMessage, 0, len(page))
	for i := len(page) - 1; i >= 0; i-- { // newest first
		out = append(out, st.toWireMessage(page[i], 0))
	}
	return ok(out)
}

// pickPage selects up to limit messages from list (ascending ids) the way
// Discord does for around, before and after (checked in that order).
func pickPage(list []*Message, limit int, around, before, after Snowflake) []*Message {
	idx := func(id Snowflake) int {
		i, _ := slices.BinarySearchFunc(list, id, func(m *Message, id Snowflake) int { return cmpSnowflake(m.ID, id) })
		return i
	}
	switch {
	case around != 0:
		start := max(0, idx(around)-limit/2)
		return list[start:min(len(list), start+limit)]
	case before != 0:
		end := idx(before)
		return list[max(0, end-limit):end]
	case after != 0:
		start := idx(after + 1)
		return list[start:min(len(list), start+limit)]
	}
	return list[max(0, len(list)-limit):]
}

// message resolves channel_id as channel does, checking need, then
// message_id in that channel; st.mu must be held.
func (e *Emulator) message(c *call, need Perm) (*Channel, *Message, *apiError) {
	ch, err := e.channel(c, need)
	if err != nil {
		return nil, nil, err
	}
	id, err := c.snowflake("message_id")
	if err != nil {
		return nil, nil, err
	}
	m := e.st.msgIndex[id]
	if m == nil || m.ChannelID != ch.ID {
		return nil, nil, errUnknownMessage
	}
	return ch, m, nil
}

func (e *Emulator) getMessage(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	return ok(st.toWireMessage(m, 0))
}

func (e *Emulator) createMessage(c *call) response {
	body, files, berr := c.messageBody()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, perms, err := e.sendChannel(c)
	if err != nil {
		return fail(err)
	}
	in, err := parseMessageInput(body, true)
	if err != nil {
		return fail(err)
	}
	in.others += len(files)
	m := &Message{ChannelID: ch.ID, Author: *st.users[st.botID], TTS: in.tts, Nonce: in.nonce, Flags: in.flags}
	if in.ref != nil {
		if in.ref.ChannelID == 0 {
			in.ref.ChannelID = ch.ID
		}
		target := st.msgIndex[in.ref.MessageID]
		switch {
		case perms&discordgo.PermissionReadMessageHistory == 0:
			return fail(errMissingPerms)
		case target != nil && target.ChannelID == in.ref.ChannelID:
			m.Type = 19
			m.MessageReference = &MessageReference{MessageID: target.ID, ChannelID: target.ChannelID, GuildID: ch.GuildID}
			in.repliedTo = &target.Author
		case in.refMustExist:
			return fail(formError("MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message", "message_reference", "message_id"))
		}
	}
	if in.content == nil || !in.hasContent() {
		return fail(errEmptyMessage)
	}
	m.Content, m.Embeds = *in.content, in.embeds
	if m.Attachments, err = e.attach(c, ch, body, files, nil); err != nil {
		return fail(err)
	}
	e.applyMentions(m, ch, in, perms)
	m.ID = st.mint(c.now)
	m.Timestamp = formatTime(c.now)
	st.insertMessage(m)
	st.recordPoll(m, body.Get("poll"), c.now)
	return ok(st.toWireMessage(m, 0))
}

func (e *Emulator) editMessage(c *call) response {
	body, files, berr := c.messageBody()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, m, err := e.message(c, 0)
	if err != nil {
		return fail(err)
	}
	if m.Author.ID != st.botID {
		return fail(errEditOthers)
	}
	in, err := parseMessageInput(body, false)
	if err != nil {
		return fail(err)
	}
	upd := *m
	if in.content != nil {
		upd.Content = *in.content
	}
	if in.embedsSet {
		upd.Embeds = in.embeds
	}
	if in.flagsSet {
		upd.Flags = in.flags
	}
	if upd.Attachments, err = e.attach(c, ch, body, files, m.Attachments); err != nil {
		return fail(err)
	}
	if upd.Content == "" && len(upd.Embeds) == 0 && len(upd.Attachments) == 0 {
		return fail(errEmptyMessage)
	}
	if in.content != nil || in.mentionsSet {
		in.content = &upd.Content
		if ref := upd.MessageReference; ref != nil && st.msgIndex[ref.MessageID] != nil {
			in.repliedTo = &st.msgIndex[ref.MessageID].Author
		}
		e.applyMentions(&upd, ch, in, e.perms(ch))
	}
	ts := formatTime(c.now)
	upd.EditedTimestamp = &ts
	st.forget(m.Attachments, upd.Attachments)
	*m = upd
	return ok(st.toWireMessage(m, 0))
}

func (e *Emulator) deleteMessage(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, m, err := e.message(c, 0)
	if err != nil {
		return fail(err)
	}
	if m.Author.ID != st.botID && e.perms(ch)&discordgo.PermissionManageMessages == 0 {
		return fail(errMissingPerms)
	}
	st.deleteMessage(m)
	return noContent()
}

func (e *Emulator) bulkDelete(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionManageMessages)
	if err != nil {
		return fail(err)
	}
	list := body.Get("messages")
	switch {
	case !list.Exists():
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "messages"))
	case !list.IsArray():
		return fail(formError("LIST_TYPE_CONVERT", "Only iterables may be used in a ListType", "messages"))
	}
	items := list.Array()
	switch {
	case len(items) < 2:
		return fail(formError("BASE_TYPE_MIN_LENGTH", "Must be 2 or more in length.", "messages"))
	case len(items) > 100:
		return fail(formError("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.", "messages"))
	}
	ids := make([]Snowflake, 0, len(items))
	fe := formErrors{}
	for i, it := range items {
		id, ok := ParseSnowflake(it.String())
		if !ok || (it.Type != 3 && it.Type != 2) { // gjson.String, gjson.Number
			fe.add("NUMBER_TYPE_COERCE", "Value \""+it.String()+"\" is not snowflake.", "messages", itoa(int64(i)))
			continue
		}
		ids = append(ids, id)
	}
	if err := fe.err(); err != nil {
		return fail(err)
	}
	for _, id := range ids {
		if c.now.Sub(id.Time()) > maxBulkAge {
			return fail(errBulkTooOld)
		}
	}
	// Ids that do not exist are ignored, as on Discord.
	for _, id := range ids {
		if m := st.msgIndex[id]; m != nil && m.ChannelID == ch.ID {
			st.deleteMessage(m)
		}
	}
	return noContent()
}
