package tools

import (
	"context"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// maxListedGuilds bounds the guilds whose channels resources/list names:
// each costs one channel listing (cached) through the limiter.
const maxListedGuilds = 25

// Resources implements mcp.ResourceCatalog: discord://guilds, then each
// guild the caller may see and its text channels, threads and forums, as
// context-aware as tools/list (a caller scoped to one guild sees that
// guild only). Lists come from the lookup cache.
func (f *Full) Resources(ctx context.Context) ([]mcp.Resource, error) {
	guilds, err := f.list(ctx, lookGuilds, "")
	if err != nil {
		return nil, readError(err)
	}
	out := []mcp.Resource{{URI: uriScheme + "guilds", Name: "guilds", Title: "Guilds", Description: "The guilds (servers) the bot is in that you may see.", MimeType: jsonMime}}
	for i, g := range guilds {
		out = append(out, mcp.Resource{URI: uriScheme + "guilds/" + g.id, Name: "guild " + g.name, Title: g.name, MimeType: jsonMime})
		if i >= maxListedGuilds {
			continue
		}
		chans, err := f.list(ctx, lookChannels, g.id)
		if refused(err) {
			continue
		}
		if err != nil {
			return nil, readError(err)
		}
		for _, c := range chans {
			if c.typ == chanCategory || c.typ == chanVoice || c.typ == chanStage {
				continue // nothing to read as messages
			}
			out = append(out, mcp.Resource{URI: uriScheme + "channels/" + c.id + "/messages", Name: "#" + c.name,
				Title: "#" + c.name + " (" + g.name + ")", Description: "Newest messages in #" + c.name, MimeType: jsonMime})
		}
	}
	return out, nil
}

// Discord channel types that hold no messages to list.
const (
	chanVoice    = 2
	chanCategory = 4
	chanStage    = 13
)
