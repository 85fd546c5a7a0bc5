package discordtest

import "sort"

// Webhooks: every guild text channel has one incoming webhook, made up
// from the channel's id, so tests can see tokens in answers without a
// create route. WebhookToken tells them which token to look for.

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
	ID        string   `json:"id"`
	Type      int      `json:"type"`
	GuildID   string   `json:"guild_id"`
	ChannelID string   `json:"channel_id"`
	User      wireUser `json:"user"`
	Name      string   `json:"name"`
	Avatar    *string  `json:"avatar"`
	Token     string   `json:"token"`
	AppID     *string  `json:"application_id"`
	URL       string   `json:"url"`
}

// webhookOf builds ch's webhook; st.mu must be held.
func (e *Emulator) webhookOf(ch *Channel) wireWebhook {
	id, tok := WebhookID(ch.ID).String(), WebhookToken(ch.ID)
	return wireWebhook{ID: id, Type: 1, GuildID: ch.GuildID.String(), ChannelID: ch.ID.String(),
		User: toWireUser(e.st.users[e.st.botID]), Name: "hook-" + ch.Name, Token: tok,
		URL: "https://discord.com/api/webhooks/" + id + "/" + tok}
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
	if hasWebhook(ch) {
		out = append(out, e.webhookOf(ch))
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
	for _, ch := range st.channels {
		if ch.GuildID == gs.g.ID && hasWebhook(ch) {
			out = append(out, e.webhookOf(ch))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return ok(out)
}
