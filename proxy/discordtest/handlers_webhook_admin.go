package discordtest

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Webhooks managed with the bot's token: create in a channel, read,
// modify and delete by id. Each needs MANAGE_WEBHOOKS in the webhook's
// channel, as on Discord.

var webhookRoutes = []route{
	{method: "POST", template: "/channels/{channel_id}/webhooks", bucket: BucketChannelModify, handle: (*Emulator).createWebhook},
	{method: "GET", template: "/webhooks/{webhook_id}", bucket: BucketWebhook, handle: (*Emulator).getWebhook},
	{method: "PATCH", template: "/webhooks/{webhook_id}", bucket: BucketWebhook, handle: (*Emulator).patchWebhook},
	{method: "DELETE", template: "/webhooks/{webhook_id}", bucket: BucketWebhook, handle: (*Emulator).deleteWebhook},
	{method: "GET", template: "/webhooks/{webhook_id}/{webhook_token}", bucket: BucketWebhook, noAuth: true, handle: (*Emulator).getWebhookByToken},
	{method: "PATCH", template: "/webhooks/{webhook_id}/{webhook_token}", bucket: BucketWebhook, noAuth: true, handle: (*Emulator).patchWebhookByToken},
	{method: "DELETE", template: "/webhooks/{webhook_id}/{webhook_token}", bucket: BucketWebhook, noAuth: true, handle: (*Emulator).deleteWebhookByToken},
	{method: "POST", template: "/webhooks/{webhook_id}/{webhook_token}", bucket: BucketWebhookExecute, noAuth: true, handle: (*Emulator).executeWebhook},
	{method: "GET", template: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", bucket: BucketWebhook, noAuth: true, handle: (*Emulator).getWebhookMessage},
	{method: "PATCH", template: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", bucket: BucketWebhook, noAuth: true, handle: (*Emulator).editWebhookMessage},
	{method: "DELETE", template: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", bucket: BucketWebhook, noAuth: true, handle: (*Emulator).deleteWebhookMessage},
}

// webhookChannel reports whether a webhook may live in ch (text,
// announcement, voice, stage, forum and media channels of a guild).
func webhookChannel(ch *Channel) bool {
	switch ch.Type {
	case 0, 2, 5, 13, 15, 16:
		return ch.GuildID != 0
	}
	return false
}

func (e *Emulator) createWebhook(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionManageWebhooks)
	if err != nil {
		return fail(err)
	}
	if !webhookChannel(ch) {
		return fail(errWrongType)
	}
	if !body.Get("name").Exists() {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "name"))
	}
	h := &webhook{id: st.mint(c.now), channelID: ch.ID, guildID: ch.GuildID}
	h.token = "emu-webhook-secret-" + h.id.String()
	if err := setHookFields(h, body); err != nil {
		return fail(err)
	}
	st.addHook(h)
	return ok(e.wireHook(h, true))
}

// setHookFields applies name and avatar from a create or modify body.
func setHookFields(h *webhook, body gjson.Result) *apiError {
	if v := body.Get("name"); v.Exists() {
		n := utf8.RuneCountInString(v.String())
		lower := strings.ToLower(v.String())
		switch {
		case v.Type != gjson.String:
			return formError("BASE_TYPE_STRING", "Must be a string.", "name")
		case n < 1 || n > 80:
			return formError("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.", "name")
		case strings.Contains(lower, "clyde") || strings.Contains(lower, "discord"):
			return formError("WEBHOOK_INVALID_USERNAME", "Webhook names cannot contain \"clyde\" or \"discord\"", "name")
		}
		h.name = v.String()
	}
	if v := body.Get("avatar"); v.Exists() {
		switch {
		case v.Type == gjson.Null:
			h.avatar = nil
		case v.Type != gjson.String || !strings.HasPrefix(v.Str, "data:image/"):
			return formError("IMAGE_INVALID", "Invalid image data", "avatar")
		default:
			h.avatar = imageHash(v.Str)
		}
	}
	return nil
}

// managedHook resolves webhook_id to a webhook the bot may manage (the
// bot's routes); st.mu must be held.
func (e *Emulator) managedHook(c *call) (*webhook, *apiError) {
	id, err := c.snowflake("webhook_id")
	if err != nil {
		return nil, err
	}
	h := e.st.hookByID(id)
	if h == nil {
		return nil, errUnknownWebhook
	}
	ch := e.st.channels[h.channelID]
	if ch == nil {
		return nil, errUnknownWebhook
	}
	p := e.perms(ch)
	if p&discordgo.PermissionViewChannel == 0 || p&discordgo.PermissionManageWebhooks == 0 {
		return nil, errMissingPerms
	}
	return h, nil
}

func (e *Emulator) getWebhook(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	h, err := e.managedHook(c)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireHook(h, true))
}

func (e *Emulator) patchWebhook(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	h, err := e.managedHook(c)
	if err != nil {
		return fail(err)
	}
	upd := *h
	if v := body.Get("channel_id"); v.Exists() {
		to, ok := ParseSnowflake(v.String())
		ch := st.channels[to]
		switch {
		case !ok || ch == nil || ch.GuildID != h.guildID:
			return fail(formError("CHANNEL_INVALID", "Unknown channel", "channel_id"))
		case !webhookChannel(ch):
			return fail(errWrongType)
		case e.perms(ch)&discordgo.PermissionManageWebhooks == 0:
			return fail(errMissingPerms)
		}
		upd.channelID = to
	}
	if err := setHookFields(&upd, body); err != nil {
		return fail(err)
	}
	*h = upd
	return ok(e.wireHook(h, true))
}

func (e *Emulator) deleteWebhook(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	h, err := e.managedHook(c)
	if err != nil {
		return fail(err)
	}
	e.st.hooks[h.id] = nil
	return noContent()
}
