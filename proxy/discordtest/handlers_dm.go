package discordtest

import (
	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// DMs: POST /users/@me/channels opens (or returns) the bot's DM channel
// with one user; messages in it go through the ordinary message routes.

var dmRoutes = []route{
	{method: "POST", template: "/users/@me/channels", bucket: BucketUserRead, handle: (*Emulator).openDM},
}

// chanDM is a DM channel's type.
const chanDM = 1

// dmPerms is what the bot may do in its own DM channel (no overwrites,
// no guild): read, send, react, embed, attach.
const dmPerms = Perm(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionReadMessageHistory | discordgo.PermissionAddReactions |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles)

// wireDM is Discord's PrivateChannelResponse.
type wireDM struct {
	ID            string     `json:"id"`
	Type          int        `json:"type"`
	LastMessageID nullable   `json:"last_message_id"`
	Flags         int        `json:"flags"`
	Recipients    []wireUser `json:"recipients"`
}

func (st *state) toWireDM(c *Channel) wireDM {
	w := wireDM{ID: c.ID.String(), Type: chanDM, LastMessageID: nullable{sfPtr(c.LastMessageID)}, Recipients: []wireUser{}}
	if u := st.users[c.OwnerID]; u != nil {
		w.Recipients = append(w.Recipients, toWireUser(u))
	}
	return w
}

// openDM answers the DM channel with recipient_id, creating it once. A
// bot may open a DM only with a user it shares a guild with (Discord's
// 50007 otherwise).
func (e *Emulator) openDM(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	rid := body.Get("recipient_id")
	uid, okID := ParseSnowflake(rid.Str)
	if rid.Type != gjson.String || !okID {
		return fail(formError("NUMBER_TYPE_COERCE", "Value \""+rid.Raw+"\" is not snowflake.", "recipient_id"))
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	u := st.users[uid]
	if u == nil {
		return fail(errUnknownUser)
	}
	if u.Bot || !st.sharesGuild(uid) {
		return fail(errCannotDM)
	}
	for _, ch := range st.channels {
		if ch.Type == chanDM && ch.OwnerID == uid {
			return ok(st.toWireDM(ch))
		}
	}
	// OwnerID holds the recipient: a DM channel has no other owner here.
	ch := &Channel{ID: st.mint(c.now), Type: chanDM, OwnerID: uid}
	st.channels[ch.ID] = ch
	return ok(st.toWireDM(ch))
}

// sharesGuild reports whether uid is a member of a guild the bot is in.
func (st *state) sharesGuild(uid Snowflake) bool {
	for _, gs := range st.guilds {
		if gs.members[st.botID] != nil && gs.members[uid] != nil {
			return true
		}
	}
	return false
}

// errCannotDM is Discord's answer when a user cannot be messaged.
var errCannotDM = &apiError{fasthttp.StatusForbidden, 50007, "Cannot send messages to this user", nil}
