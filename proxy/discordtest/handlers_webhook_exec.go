package discordtest

import (
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Webhook routes that carry their credential, the token, in the path:
// read, modify and delete the webhook, post through it, and read, edit
// and delete what it posted. A wrong token is Discord's 401 Invalid
// Webhook Token; the bot's permissions do not matter.

// BucketWebhook is the bucket of the webhook routes other than execution
// (not limited by DefaultLimits).
const BucketWebhook = "webhook"

// tokenHook resolves webhook_id and checks webhook_token; st.mu must be held.
func (e *Emulator) tokenHook(c *call) (*webhook, *apiError) {
	id, err := c.snowflake("webhook_id")
	if err != nil {
		return nil, err
	}
	h := e.st.hookByID(id)
	switch {
	case h == nil:
		return nil, errUnknownWebhook
	case c.param("webhook_token") != h.token:
		return nil, errInvalidWebhookToken
	}
	return h, nil
}

func (e *Emulator) getWebhookByToken(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	h, err := e.tokenHook(c)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireHook(h, false))
}

func (e *Emulator) patchWebhookByToken(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	h, err := e.tokenHook(c)
	if err != nil {
		return fail(err)
	}
	if body.Get("channel_id").Exists() {
		return fail(formError("WEBHOOK_CHANNEL_ID_NOT_ALLOWED", "A webhook cannot move channels with its token", "channel_id"))
	}
	upd := *h
	if err := setHookFields(&upd, body); err != nil {
		return fail(err)
	}
	*h = upd
	return ok(e.wireHook(h, false))
}

func (e *Emulator) deleteWebhookByToken(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	h, err := e.tokenHook(c)
	if err != nil {
		return fail(err)
	}
	e.st.hooks[h.id] = nil
	return noContent()
}

// hookTarget is where a webhook posts: its channel, or with ?thread_id a
// thread of that channel; st.mu must be held.
func (e *Emulator) hookTarget(c *call, h *webhook) (*Channel, *apiError) {
	tid, err := c.snowflakeQuery("thread_id")
	if err != nil {
		return nil, err
	}
	if tid == 0 {
		return e.st.channels[h.channelID], nil
	}
	th := e.st.channels[tid]
	if th == nil || !isThread(th.Type) || th.ParentID != h.channelID {
		return nil, errUnknownChannel
	}
	return th, nil
}

// webhookMessage is a message answered on a webhook route, which names
// the webhook that posted it.
type webhookMessage struct {
	wireMessage
	WebhookID string `json:"webhook_id"`
}

func (e *Emulator) executeWebhook(c *call) response {
	body, files, berr := c.messageBody()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	h, err := e.tokenHook(c)
	if err != nil {
		return fail(err)
	}
	ch, err := e.hookTarget(c, h)
	if err != nil {
		return fail(err)
	}
	if ch == nil || ch.Type == 15 || ch.Type == 16 {
		// Forum posts by thread_name are not emulated.
		return fail(errWrongType)
	}
	in, err := parseMessageInput(body, true)
	if err != nil {
		return fail(err)
	}
	author := User{ID: h.id, Username: h.name, Discriminator: "0000", Bot: true, Avatar: h.avatar}
	if v := body.Get("username"); v.Exists() {
		if n := utf8.RuneCountInString(v.String()); n < 1 || n > 80 {
			return fail(formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.", "username"))
		}
		author.Username = v.String()
	}
	in.others += len(files)
	if in.content == nil || !in.hasContent() {
		return fail(errEmptyMessage)
	}
	m := &Message{ChannelID: ch.ID, Author: author, TTS: in.tts, Flags: in.flags, Content: *in.content, Embeds: in.embeds}
	if m.Attachments, err = e.attach(c, ch, body, files, nil); err != nil {
		return fail(err)
	}
	// A webhook may ping everyone; allowed_mentions decides.
	e.applyMentions(m, ch, in, discordgo.PermissionMentionEveryone)
	m.ID, m.Timestamp = st.mint(c.now), formatTime(c.now)
	st.insertMessage(m)
	st.hookMsgs[m.ID] = h.id
	if string(c.ctx.QueryArgs().Peek("wait")) != "true" {
		return noContent()
	}
	return ok(webhookMessage{st.toWireMessage(m, 0), h.id.String()})
}

// hookMessage resolves message_id to a message this webhook posted, in
// its channel or in the thread named by ?thread_id; st.mu must be held.
func (e *Emulator) hookMessage(c *call) (*webhook, *Message, *apiError) {
	h, err := e.tokenHook(c)
	if err != nil {
		return nil, nil, err
	}
	ch, err := e.hookTarget(c, h)
	if err != nil {
		return nil, nil, err
	}
	id, err := c.snowflake("message_id")
	if err != nil {
		return nil, nil, err
	}
	m := e.st.msgIndex[id]
	if m == nil || ch == nil || m.ChannelID != ch.ID || e.st.hookMsgs[id] != h.id {
		return nil, nil, errUnknownMessage
	}
	return h, m, nil
}

func (e *Emulator) getWebhookMessage(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	h, m, err := e.hookMessage(c)
	if err != nil {
		return fail(err)
	}
	return ok(webhookMessage{e.st.toWireMessage(m, 0), h.id.String()})
}

func (e *Emulator) editWebhookMessage(c *call) response {
	body, files, berr := c.messageBody()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	h, m, err := e.hookMessage(c)
	if err != nil {
		return fail(err)
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
	ch := st.channels[m.ChannelID]
	if upd.Attachments, err = e.attach(c, ch, body, files, m.Attachments); err != nil {
		return fail(err)
	}
	if upd.Content == "" && len(upd.Embeds) == 0 && len(upd.Attachments) == 0 {
		return fail(errEmptyMessage)
	}
	if in.content != nil || in.mentionsSet {
		in.content = &upd.Content
		e.applyMentions(&upd, ch, in, discordgo.PermissionMentionEveryone)
	}
	ts := formatTime(c.now)
	upd.EditedTimestamp = &ts
	st.forget(m.Attachments, upd.Attachments)
	*m = upd
	return ok(webhookMessage{st.toWireMessage(m, 0), h.id.String()})
}

func (e *Emulator) deleteWebhookMessage(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	_, m, err := e.hookMessage(c)
	if err != nil {
		return fail(err)
	}
	delete(e.st.hookMsgs, m.ID)
	e.st.deleteMessage(m)
	return noContent()
}
