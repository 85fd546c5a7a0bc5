package discordtest

// Webhooks: every guild text channel has one incoming webhook, made up
// from the channel's id, so tests can see tokens in answers without
// creating one first (webhook_store.go). WebhookToken tells them which
// token to look for.

// webhookIDOffset keeps a channel's webhook id distinct from the channel's.
const webhookIDOffset = 7

// WebhookToken is the token of the webhook the emulator reports for
// channel ch. It is a secret in Discord's answers: anyone holding it can
// post as the webhook.
func WebhookToken(ch Snowflake) string { return "emu-webhook-secret-" + ch.String() }

// WebhookID is the id of channel ch's webhook.
func WebhookID(ch Snowflake) Snowflake { return ch + webhookIDOffset }

// wireWebhook is Discord's webhook object (type 1, incoming).
type wireWebhook struct {
	ID        string    `json:"id"`
	Type      int       `json:"type"`
	GuildID   string    `json:"guild_id"`
	ChannelID string    `json:"channel_id"`
	User      *wireUser `json:"user,omitempty"` // absent in answers to token routes
	Name      string    `json:"name"`
	Avatar    *string   `json:"avatar"`
	Token     string    `json:"token"`
	AppID     *string   `json:"application_id"`
	URL       string    `json:"url"`
}

func hasWebhook(ch *Channel) bool { return ch.GuildID != 0 && (ch.Type == 0 || ch.Type == 5) }

func (e *Emulator) getChannelWebhooks(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	// Discord wants MANAGE_WEBHOOKS here; the default seed's bot lacks it,
	// and these routes exist for answers with tokens, so VIEW_CHANNEL does.
	ch, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	out := []wireWebhook{}
	for _, h := range st.hooksWhere(func(h *webhook) bool { return h.channelID == ch.ID }) {
		out = append(out, e.wireHook(h, true))
	}
	return ok(out)
}

func (e *Emulator) getGuildWebhooks(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	out := []wireWebhook{}
	for _, h := range st.hooksWhere(func(h *webhook) bool { return h.guildID == gs.g.ID }) {
		out = append(out, e.wireHook(h, true))
	}
	return ok(out)
}
