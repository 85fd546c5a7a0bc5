package discordtest

import (
	"slices"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// ForumID is the forum channel WithForum adds to the first guild, with
// two tags: ForumTagFeature and ForumTagBug.
const (
	ForumID         Snowflake = 1085503400000000000
	ForumTagFeature Snowflake = 1085503400000000001
	ForumTagBug     Snowflake = 1085503400000000002
)

// WithForum adds a forum channel ("ideas", under the text category) to
// the first guild of s and returns s: the default seed has none, and
// tests of posts and thread search need one.
func WithForum(s *Seed) *Seed {
	g := &s.Guilds[0]
	g.Channels = append(g.Channels, Channel{ID: ForumID, Type: chanForum, GuildID: g.ID, Name: "ideas",
		ParentID: CategoryID, Position: 4, Topic: strp("Post one idea per thread"),
		AvailableTags: []ForumTag{{ID: ForumTagFeature, Name: "feature"}, {ID: ForumTagBug, Name: "bug", EmojiName: strp("🐛")}}})
	return s
}

// ForumTag is a tag a forum or media channel offers its posts.
type ForumTag struct {
	ID        Snowflake `json:"id"`
	Name      string    `json:"name"`
	Moderated bool      `json:"moderated"`
	EmojiName *string   `json:"emoji_name"`
}

type wireForumTag struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Moderated bool    `json:"moderated"`
	EmojiID   *string `json:"emoji_id"`
	EmojiName *string `json:"emoji_name"`
}

func wireTags(tags []ForumTag) []wireForumTag {
	var out []wireForumTag
	for _, t := range tags {
		out = append(out, wireForumTag{ID: t.ID.String(), Name: t.Name, Moderated: t.Moderated, EmojiName: t.EmojiName})
	}
	return out
}

func wireTagIDs(ids []Snowflake) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id.String())
	}
	return out
}

// parseAppliedTags reads applied_tags: up to 5 ids of the forum's tags.
func parseAppliedTags(v gjson.Result, forum *Channel, fe formErrors) []Snowflake {
	if !v.Exists() || v.Type == gjson.Null {
		return nil
	}
	var out []Snowflake
	if !v.IsArray() || len(v.Array()) > 5 {
		fe.add("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.", "applied_tags")
		return nil
	}
	v.ForEach(func(_, t gjson.Result) bool {
		id, _ := ParseSnowflake(t.Str)
		if forum == nil || !slices.ContainsFunc(forum.AvailableTags, func(ft ForumTag) bool { return ft.ID == id }) {
			fe.add("THREAD_INVALID_TAG", "Unknown tag", "applied_tags")
			return false
		}
		out = append(out, id)
		return true
	})
	return out
}

// parseAvailableTags reads a forum's new tag list; a tag without an id
// is new and gets one.
func (st *state) parseAvailableTags(v gjson.Result, c *call, fe formErrors) []ForumTag {
	if !v.IsArray() || len(v.Array()) > 20 {
		fe.add("BASE_TYPE_MAX_LENGTH", "Must be 20 or fewer in length.", "available_tags")
		return nil
	}
	out := []ForumTag{}
	v.ForEach(func(_, t gjson.Result) bool {
		name := t.Get("name").Str
		if n := utf8.RuneCountInString(name); n < 1 || n > 20 {
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 20 in length.", "available_tags", "name")
			return false
		}
		ft := ForumTag{Name: name, Moderated: t.Get("moderated").Bool()}
		if e := t.Get("emoji_name"); e.Type == gjson.String {
			s := e.Str
			ft.EmojiName = &s
		}
		if ft.ID, _ = ParseSnowflake(t.Get("id").Str); ft.ID == 0 {
			ft.ID = st.mint(c.now)
		}
		out = append(out, ft)
		return true
	})
	return out
}
