package discordtest

import "github.com/bwmarrin/discordgo"

// wirePin is one item of GET /channels/{id}/messages/pins.
type wirePin struct {
	PinnedAt string      `json:"pinned_at"`
	Message  wireMessage `json:"message"`
}

type wirePins struct {
	Items   []wirePin `json:"items"`
	HasMore bool      `json:"has_more"`
}

// listPins answers GET /channels/{channel_id}/messages/pins: the pinned
// messages, newest first. The emulator keeps no pin time, so pinned_at is
// the message's own timestamp.
func (e *Emulator) listPins(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	out := wirePins{Items: []wirePin{}}
	list := st.messages[ch.ID]
	for i := len(list) - 1; i >= 0; i-- {
		if m := list[i]; m.Pinned {
			w := st.toWireMessage(m, 0)
			out.Items = append(out.Items, wirePin{PinnedAt: w.Timestamp, Message: w})
		}
	}
	return ok(out)
}
