package discordtest

import (
	"slices"

	"github.com/bwmarrin/discordgo"

	api "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Listing pins, crossposts, polls and the reaction routes beyond the
// bot's own: what the message tools use besides the core message routes
// (pinning is in handlers_pin.go).

var messageToolRoutes = []route{
	{method: "GET", template: api.TChannelsChannelIDMessagesPins, bucket: BucketMessageRead, handle: (*Emulator).listPins},
	{method: "POST", template: api.TChannelsChannelIDMessagesMessageIDCrosspost, bucket: BucketMessageCreate, handle: (*Emulator).crosspost},
	{method: "GET", template: api.TChannelsChannelIDMessagesMessageIDReactionsEmojiName, bucket: BucketReaction, handle: (*Emulator).reactionUsers},
	{method: "DELETE", template: api.TChannelsChannelIDMessagesMessageIDReactionsEmojiNameUserID, bucket: BucketReaction, handle: (*Emulator).removeUserReaction},
	{method: "DELETE", template: api.TChannelsChannelIDMessagesMessageIDReactionsEmojiName, bucket: BucketReaction, handle: (*Emulator).clearEmoji},
	{method: "DELETE", template: api.TChannelsChannelIDMessagesMessageIDReactions, bucket: BucketReaction, handle: (*Emulator).clearReactions},
	{method: "GET", template: api.TChannelsChannelIDPollsMessageIDAnswersAnswerID, bucket: BucketMessageRead, handle: (*Emulator).pollVoters},
	{method: "POST", template: api.TChannelsChannelIDPollsMessageIDExpire, bucket: BucketMessageModify, handle: (*Emulator).expirePoll},
}

type wirePin struct {
	PinnedAt string      `json:"pinned_at"`
	Message  wireMessage `json:"message"`
}

type wirePins struct {
	Items   []wirePin `json:"items"`
	HasMore bool      `json:"has_more"`
}

func (e *Emulator) listPins(c *call) response {
	limit, ferr := c.intQuery("limit", 50, 1, 50)
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	out := wirePins{Items: []wirePin{}}
	if e.perms(ch)&discordgo.PermissionReadMessageHistory == 0 {
		return ok(out)
	}
	list := st.messages[ch.ID]
	for i := len(list) - 1; i >= 0; i-- {
		if !list[i].Pinned {
			continue
		}
		if len(out.Items) == limit {
			out.HasMore = true
			break
		}
		// The emulator keeps no pin time; the message's own time stands in.
		out.Items = append(out.Items, wirePin{PinnedAt: list[i].Timestamp, Message: st.toWireMessage(list[i], 0)})
	}
	return ok(out)
}

// crosspost publishes a message of an announcement channel (type 5); the
// emulator has no followers, so it only answers with the message.
func (e *Emulator) crosspost(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, m, err := e.message(c, discordgo.PermissionSendMessages)
	if err != nil {
		return fail(err)
	}
	if ch.Type != int(discordgo.ChannelTypeGuildNews) {
		return fail(errWrongType)
	}
	if m.Author.ID != st.botID && e.perms(ch)&discordgo.PermissionManageMessages == 0 {
		return fail(errMissingPerms)
	}
	m.Flags |= 1 // CROSSPOSTED
	return ok(st.toWireMessage(m, 0))
}

// reactionUsers lists who reacted: the emulator records only the bot's
// own reaction, so the list is the bot or nobody.
func (e *Emulator) reactionUsers(c *call) response {
	if _, ferr := c.intQuery("limit", 25, 1, 100); ferr != nil {
		return fail(ferr)
	}
	if _, ferr := c.intQuery("type", 0, 0, 1); ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	_, i, err := reactionOn(c, m)
	if err != nil {
		return fail(err)
	}
	users := []wireUser{}
	if i >= 0 && m.Reactions[i].Me {
		users = append(users, toWireUser(st.users[st.botID]))
	}
	return ok(users)
}

// removeUserReaction takes one user's reaction off: the bot's own needs
// nothing more, anyone else's needs MANAGE_MESSAGES.
func (e *Emulator) removeUserReaction(c *call) response {
	uid, ferr := c.snowflake("user_id")
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, m, err := e.message(c, 0)
	if err != nil {
		return fail(err)
	}
	if uid != st.botID && e.perms(ch)&discordgo.PermissionManageMessages == 0 {
		return fail(errMissingPerms)
	}
	_, i, err := reactionOn(c, m)
	if err != nil {
		return fail(err)
	}
	if i < 0 {
		return noContent()
	}
	r := &m.Reactions[i]
	switch {
	case uid == st.botID && r.Me:
		r.Me = false
		r.Count--
	case uid != st.botID && r.Count > btoi(r.Me):
		r.Count--
	}
	if r.Count <= 0 {
		m.Reactions = slices.Delete(m.Reactions, i, i+1)
	}
	return noContent()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (e *Emulator) clearEmoji(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, discordgo.PermissionManageMessages)
	if err != nil {
		return fail(err)
	}
	_, i, err := reactionOn(c, m)
	if err != nil {
		return fail(err)
	}
	if i >= 0 {
		m.Reactions = slices.Delete(m.Reactions, i, i+1)
	}
	return noContent()
}

func (e *Emulator) clearReactions(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, discordgo.PermissionManageMessages)
	if err != nil {
		return fail(err)
	}
	m.Reactions = nil
	return noContent()
}
