package discordtest

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"
)

// Guild message search: GET /guilds/{guild_id}/messages/search over the
// messages of every channel (threads included) the bot can read. A
// guild's first search answers 202 "index not ready", as Discord does
// while it builds a fresh guild's index; later searches are served.

var searchRoutes = []route{
	{method: "GET", template: "/guilds/{guild_id}/messages/search", bucket: BucketGuildRead, handle: (*Emulator).searchGuild},
}

// SearchIndexRetryAfter is the retry_after (whole seconds, as Discord
// sends it) of the 202 a guild's first search gets.
const SearchIndexRetryAfter = 1

// CodeIndexNotReady is Discord's code on the 202 answer.
const CodeIndexNotReady = 110000

type wireIndexNotReady struct {
	Message          string `json:"message"`
	Code             int    `json:"code"`
	DocumentsIndexed int    `json:"documents_indexed"`
	RetryAfter       int    `json:"retry_after"`
}

// wireSearchHit is a message in a search answer: Discord marks it a hit.
type wireSearchHit struct {
	wireMessage
	Hit bool `json:"hit"`
}

type wireGuildSearch struct {
	Messages     [][]wireSearchHit `json:"messages"`
	TotalResults int               `json:"total_results"`
	DeepIndex    bool              `json:"doing_deep_historical_index"`
	Threads      []wireChannel     `json:"threads"`
	Members      []struct{}        `json:"members"`
}

// searchQuery is the filters of one search.
type searchQuery struct {
	content                     []string // lower-case words, all must match
	authors, mentions, channels []Snowflake
	minID, maxID                Snowflake
	pinned                      string // "", "true", "false"
	has                         []string
	asc                         bool
	limit, offset               int
}

func (c *call) searchQuery() (searchQuery, *apiError) {
	args := c.ctx.QueryArgs()
	q := searchQuery{content: strings.Fields(strings.ToLower(string(args.Peek("content")))),
		pinned: string(args.Peek("pinned")), asc: string(args.Peek("sort_order")) == "asc"}
	for _, h := range args.PeekMulti("has") {
		q.has = append(q.has, string(h))
	}
	var err *apiError
	if q.limit, err = c.intQuery("limit", 25, 1, 25); err != nil {
		return q, err
	}
	if q.offset, err = c.intQuery("offset", 0, 0, 9975); err != nil {
		return q, err
	}
	for _, f := range []struct {
		name string
		dst  *[]Snowflake
	}{{"author_id", &q.authors}, {"mentions", &q.mentions}, {"channel_id", &q.channels}} {
		for _, v := range args.PeekMulti(f.name) {
			id, ok := ParseSnowflake(string(v))
			if !ok {
				return q, formError("NUMBER_TYPE_COERCE", "Value \""+string(v)+"\" is not snowflake.", f.name)
			}
			*f.dst = append(*f.dst, id)
		}
	}
	if q.minID, err = c.snowflakeQuery("min_id"); err != nil {
		return q, err
	}
	q.maxID, err = c.snowflakeQuery("max_id")
	return q, err
}

func (q *searchQuery) matches(m *Message) bool {
	switch {
	case len(q.authors) > 0 && !slices.Contains(q.authors, m.Author.ID),
		q.minID != 0 && m.ID <= q.minID, q.maxID != 0 && m.ID >= q.maxID,
		q.pinned != "" && (q.pinned == "true") != m.Pinned,
		!containsAll(strings.ToLower(m.Content), q.content):
		return false
	}
	for _, h := range q.has {
		if !hasKind(m, h) {
			return false
		}
	}
	for _, id := range q.mentions {
		if !slices.ContainsFunc(m.Mentions, func(u User) bool { return u.ID == id }) {
			return false
		}
	}
	return true
}

func (e *Emulator) searchGuild(c *call) response {
	q, ferr := c.searchQuery()
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	if st.searchIndexed == nil {
		st.searchIndexed = map[Snowflake]bool{}
	}
	if !st.searchIndexed[gs.g.ID] {
		st.searchIndexed[gs.g.ID] = true
		return response{status: fasthttp.StatusAccepted, body: marshal(wireIndexNotReady{
			Message: "Index not yet available. Try again later", Code: CodeIndexNotReady, RetryAfter: SearchIndexRetryAfter})}
	}
	hits := st.searchHits(gs, &q, e.perms)
	out := wireGuildSearch{Messages: [][]wireSearchHit{}, TotalResults: len(hits), Threads: []wireChannel{}, Members: []struct{}{}}
	for i := q.offset; i < len(hits) && i < q.offset+q.limit; i++ {
		out.Messages = append(out.Messages, []wireSearchHit{{st.toWireMessage(hits[i], 0), true}})
	}
	return ok(out)
}

// searchHits is every matching message the bot may read in the guild,
// newest first (or oldest with sort_order=asc); st.mu held.
func (st *state) searchHits(gs *guildState, q *searchQuery, perms func(*Channel) Perm) []*Message {
	const read = discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory
	var hits []*Message
	for _, ch := range st.channels {
		if ch.GuildID != gs.g.ID || perms(ch)&read != read {
			continue
		}
		if len(q.channels) > 0 && !slices.Contains(q.channels, ch.ID) {
			continue
		}
		for _, m := range st.messages[ch.ID] {
			if q.matches(m) {
				hits = append(hits, m)
			}
		}
	}
	slices.SortFunc(hits, func(a, b *Message) int {
		if q.asc {
			return cmpSnowflake(a.ID, b.ID)
		}
		return cmpSnowflake(b.ID, a.ID)
	})
	return hits
}

// hasKind is the search's has= filter, for what the emulator models.
func hasKind(m *Message, kind string) bool {
	switch kind {
	case "link":
		return strings.Contains(m.Content, "http://") || strings.Contains(m.Content, "https://")
	case "embed":
		return len(m.Embeds) > 0
	case "file", "image", "video", "sound":
		return len(m.Attachments) > 0
	}
	return false // poll, sticker, snapshot: none in the index here
}
