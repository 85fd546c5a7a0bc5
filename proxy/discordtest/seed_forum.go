package discordtest

// ForumID is the forum channel WithForum adds to the first guild.
const ForumID Snowflake = 1085503400000000000

// WithForum adds a forum channel ("ideas", under the text category) to
// the first guild of s and returns s: the default seed has none, and
// tests of posts and thread search need one.
func WithForum(s *Seed) *Seed {
	g := &s.Guilds[0]
	g.Channels = append(g.Channels, Channel{ID: ForumID, Type: chanForum, GuildID: g.ID, Name: "ideas",
		ParentID: CategoryID, Position: 4, Topic: strp("Post one idea per thread")})
	return s
}
