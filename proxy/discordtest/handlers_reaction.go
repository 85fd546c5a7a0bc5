package discordtest

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// parseEmoji reads the {emoji_name} path segment: a unicode emoji, or a custom
// one as name:id. The emulator knows no custom emojis, and text that holds
// no non-ASCII character is not an emoji, so both are Unknown Emoji.
func parseEmoji(s string) (Emoji, bool) {
	if s == "" || strings.Contains(s, ":") || utf8.RuneCountInString(s) > 16 {
		return Emoji{}, false
	}
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return Emoji{Name: s}, true
		}
	}
	return Emoji{}, false
}

// reactionOn reads the {emoji_name} path segment and finds that emoji's
// reaction on m: its index, or -1 when m has none.
func reactionOn(c *call, m *Message) (Emoji, int, *apiError) {
	em, ok := parseEmoji(c.param("emoji_name"))
	if !ok {
		return Emoji{}, 0, errUnknownEmoji
	}
	return em, slices.IndexFunc(m.Reactions, func(r Reaction) bool { return r.Emoji.Name == em.Name }), nil
}

func (e *Emulator) addReaction(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, m, err := e.message(c, discordgo.PermissionReadMessageHistory)
	if err != nil {
		return fail(err)
	}
	em, i, err := reactionOn(c, m)
	if err != nil {
		return fail(err)
	}
	if i < 0 {
		// Only a new reaction needs ADD_REACTIONS; joining one does not.
		if e.perms(ch)&discordgo.PermissionAddReactions == 0 {
			return fail(errMissingPerms)
		}
		m.Reactions = append(m.Reactions, Reaction{Emoji: em})
		i = len(m.Reactions) - 1
	}
	if r := &m.Reactions[i]; !r.Me {
		r.Me = true
		r.Count++
	}
	return noContent()
}

func (e *Emulator) removeReaction(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, m, err := e.message(c, 0)
	if err != nil {
		return fail(err)
	}
	_, i, err := reactionOn(c, m)
	if err != nil {
		return fail(err)
	}
	if i >= 0 && m.Reactions[i].Me {
		m.Reactions[i].Me = false
		m.Reactions[i].Count--
		if m.Reactions[i].Count <= 0 {
			m.Reactions = slices.Delete(m.Reactions, i, i+1)
		}
	}
	return noContent()
}

// interactionCallback exists so interaction traffic has its route, bucket
// and exemption from the global limit: no interactions exist in the
// emulator.
func (e *Emulator) interactionCallback(c *call) response {
	if _, err := c.snowflake("interaction_id"); err != nil {
		return fail(err)
	}
	return fail(errUnknownInter)
}
