package discordtest

import (
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Polls: a message sent with a poll keeps its answers and expiry; nobody
// votes in the emulator, so every answer's voter list is empty.

// pollState is one message's poll.
type pollState struct {
	answers int
	expiry  time.Time
}

// recordPoll keeps the poll of a message just created, if it has one;
// st.mu must be held.
func (st *state) recordPoll(m *Message, poll gjson.Result, now time.Time) {
	if !poll.IsObject() {
		return
	}
	hours := poll.Get("duration").Int()
	if hours == 0 {
		hours = 24 // Discord's default
	}
	if st.polls == nil {
		st.polls = map[Snowflake]*pollState{}
	}
	st.polls[m.ID] = &pollState{answers: len(poll.Get("answers").Array()), expiry: now.Add(time.Duration(hours) * time.Hour)}
}

// errPollExpired answers ending a poll that has ended (Discord's 520001).
var errPollExpired = &apiError{400, 520001, "Poll expired", nil}

type wireVoters struct {
	Users []wireUser `json:"users"`
}

func (e *Emulator) pollVoters(c *call) response {
	if _, ferr := c.intQuery("limit", 25, 1, 100); ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	p := st.polls[m.ID]
	answer, aerr := strconv.Atoi(c.param("answer_id"))
	if p == nil || aerr != nil || answer < 1 || answer > p.answers {
		return fail(errUnknownMessage)
	}
	return ok(wireVoters{Users: []wireUser{}})
}

// expirePoll ends a poll the bot started.
func (e *Emulator) expirePoll(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	p := st.polls[m.ID]
	switch {
	case p == nil:
		return fail(errUnknownMessage)
	case m.Author.ID != st.botID:
		return fail(errMissingPerms)
	case !c.now.Before(p.expiry):
		return fail(errPollExpired)
	}
	p.expiry = c.now
	return ok(st.toWireMessage(m, 0))
}
