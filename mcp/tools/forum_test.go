package tools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// Reading or sending straight into a forum says what a forum holds and
// how to reach its posts, instead of a bare Discord error.
func TestForumChannelSaysWhereItsMessagesAre(t *testing.T) {
	t.Parallel()
	st := newToolStack(t, discordtest.WithForum(discordtest.DefaultSeed()), Options{Toolsets: []string{"all"}})
	ctx := st.ctx(t, nil)
	forum := discordtest.ForumID.String()
	for _, c := range []struct{ tool, args string }{
		{"fetch_messages", `{"channel_id":"` + forum + `","limit":5}`},
		{"get_messages", `{"channel_id":"` + forum + `"}`},
		{"send_message", `{"channel_id":"` + forum + `","content":"hi"}`},
	} {
		res, err := st.cat.CallTool(ctx, c.tool, json.RawMessage(c.args), func(float64, float64, string) {})
		if err != nil || !res.IsError || !strings.Contains(res.Text, "create_forum_post") || !strings.Contains(res.Text, "search_threads") {
			t.Errorf("%s in a forum: %v %s", c.tool, err, res.Text)
		}
	}
}
