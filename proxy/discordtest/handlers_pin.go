package discordtest

import (
	"github.com/bwmarrin/discordgo"
)

// Pins: PUT and DELETE on both of Discord's spellings,
// /channels/{channel_id}/pins/{message_id} (deprecated) and
// /channels/{channel_id}/messages/pins/{message_id}.

// maxPins is Discord's limit of pinned messages per channel.
const maxPins = 50

// errMaxPins is Discord's answer to a 51st pin.
var errMaxPins = &apiError{400, 30003, "Maximum number of pins reached (50)", nil}

func (e *Emulator) pinMessage(c *call) response   { return e.setPinned(c, true) }
func (e *Emulator) unpinMessage(c *call) response { return e.setPinned(c, false) }

func (e *Emulator) setPinned(c *call, pinned bool) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, m, err := e.message(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	if e.perms(ch)&discordgo.PermissionManageMessages == 0 {
		return fail(errMissingPerms)
	}
	if pinned && !m.Pinned && st.pinCount(ch.ID) >= maxPins {
		return fail(errMaxPins)
	}
	m.Pinned = pinned
	return noContent()
}

// pinCount counts the pinned messages in a channel; st.mu must be held.
func (st *state) pinCount(ch Snowflake) int {
	n := 0
	for _, m := range st.messages[ch] {
		if m.Pinned {
			n++
		}
	}
	return n
}
