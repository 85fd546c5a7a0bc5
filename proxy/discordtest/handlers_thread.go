package discordtest

import "sort"

// wireThreadList is Discord's answer to GET /guilds/{guild_id}/threads/active.
type wireThreadList struct {
	Threads []wireChannel `json:"threads"`
	Members []struct{}    `json:"members"`  // the bot joins no thread here
	HasMore bool          `json:"has_more"` // in Discord's schema (ThreadsResponse)
}

// getActiveThreads lists the guild's threads the bot can see, as Discord
// does, whichever parent they have: callers narrowed to some channels rely
// on the proxy to filter the answer.
func (e *Emulator) getActiveThreads(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	out := wireThreadList{Threads: []wireChannel{}, Members: []struct{}{}}
	for _, ch := range st.channels {
		if ch.GuildID == gs.g.ID && isThread(ch.Type) {
			out.Threads = append(out.Threads, toWireChannel(ch, len(st.messages[ch.ID])))
		}
	}
	sort.Slice(out.Threads, func(i, j int) bool { return out.Threads[i].ID < out.Threads[j].ID })
	return ok(out)
}
