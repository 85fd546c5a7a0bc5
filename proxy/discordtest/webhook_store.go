package discordtest

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

// webhook is one incoming webhook. Every guild text or announcement
// channel starts with one (id WebhookID(channel), token WebhookToken),
// made on first use; create_webhook adds more.
type webhook struct {
	id, channelID, guildID Snowflake
	name                   string
	avatar                 *string
	token                  string
}

// hookByID returns the webhook with this id, or nil (none, or deleted);
// st.mu must be held.
func (st *state) hookByID(id Snowflake) *webhook {
	if st.hooks == nil {
		st.hooks = map[Snowflake]*webhook{}
		st.hookMsgs = map[Snowflake]Snowflake{}
	}
	if h, seen := st.hooks[id]; seen {
		return h
	}
	ch := st.channels[id-webhookIDOffset]
	if ch == nil || !hasWebhook(ch) {
		return nil
	}
	h := &webhook{id: id, channelID: ch.ID, guildID: ch.GuildID, name: "hook-" + ch.Name, token: WebhookToken(ch.ID)}
	st.hooks[id] = h
	return h
}

// addHook stores a new webhook; st.mu must be held.
func (st *state) addHook(h *webhook) {
	st.hookByID(0) // makes the maps
	st.hooks[h.id] = h
}

// hooksWhere lists the live webhooks (the channels' own first made) that
// keep says yes to, by id; st.mu must be held.
func (st *state) hooksWhere(keep func(*webhook) bool) []*webhook {
	for id, ch := range st.channels {
		if hasWebhook(ch) {
			st.hookByID(id + webhookIDOffset)
		}
	}
	var out []*webhook
	for _, h := range st.hooks {
		if h != nil && keep(h) {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// wire is the webhook as Discord answers: with its creator (the bot) on
// the bot's routes, without on token routes, and with the token always
// (the proxy, not Discord, withholds it).
func (e *Emulator) wireHook(h *webhook, withUser bool) wireWebhook {
	id := h.id.String()
	w := wireWebhook{ID: id, Type: 1, GuildID: h.guildID.String(), ChannelID: h.channelID.String(),
		Name: h.name, Avatar: h.avatar, Token: h.token, URL: "https://discord.com/api/webhooks/" + id + "/" + h.token}
	if withUser {
		u := toWireUser(e.st.users[e.st.botID])
		w.User = &u
	}
	return w
}

// imageHash stands in for the hash Discord gives an uploaded image.
func imageHash(data string) *string {
	sum := sha256.Sum256([]byte(data))
	h := hex.EncodeToString(sum[:16])
	return &h
}
