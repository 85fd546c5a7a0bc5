package tools

import (
	"context"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// onWrite turns a write that crossed the choke point into change
// notifications: the resources it touched are updated for their
// subscribers (each re-checked against its own scope by the protocol
// layer), and lists that gained or lost an entry are announced to the
// clients whose scope shows that guild. Cached name lists of the guild are
// dropped. It runs on the writer's goroutine; Changes only queues.
func (f *Full) onWrite(w proxy.Write) {
	uris, listChanged := affected(w)
	if len(uris) == 0 && !listChanged {
		return
	}
	f.look.evictGuild(w.GuildID, w.Template == "/users/@me/guilds/{guild_id}")
	ch := f.changes.Load()
	if ch == nil {
		return
	}
	gone := w.Method == "DELETE" && (w.Template == "/channels/{channel_id}")
	for _, u := range uris {
		if gone && strings.HasPrefix(u, uriScheme+"channels/") {
			// The channel no longer resolves; who saw it is who may hear.
			ch.ResourceDeleted(u, seesChannel(w.GuildID, w.ChannelID))
			continue
		}
		ch.ResourceUpdated(u)
	}
	if listChanged {
		guild := w.GuildID
		ch.ResourceListChanged(func(ctx context.Context) bool {
			s := policy.FromContext(ctx)
			return s != nil && (guild == "" || s.AllowsGuild(guild))
		})
	}
}

// affected lists the resource URIs a write changed, and whether it added
// or removed a listed resource (a channel, a guild).
func affected(w proxy.Write) (uris []string, listChanged bool) {
	t := w.Template
	if strings.HasSuffix(t, "/typing") {
		return nil, false // shows a typing indicator; changes nothing
	}
	if w.ChannelID != "" {
		c := uriScheme + "channels/" + w.ChannelID
		if w.MessageID != "" || strings.HasSuffix(t, "/bulk-delete") {
			uris = append(uris, c+"/messages")
		}
		if w.MessageID != "" {
			uris = append(uris, c+"/messages/"+w.MessageID)
		}
		if strings.Contains(t, "/pins") {
			uris = append(uris, c+"/pins")
		}
		if t == "/channels/{channel_id}" || t == "/guilds/{guild_id}/channels" {
			uris = append(uris, c)
			listChanged = w.Method != "PATCH"
		}
	}
	if w.GuildID != "" {
		g := uriScheme + "guilds/" + w.GuildID
		switch {
		case t == "/guilds/{guild_id}":
			uris = append(uris, g, uriScheme+"guilds")
		case strings.HasPrefix(t, "/guilds/{guild_id}/roles"):
			uris = append(uris, g+"/roles")
		case strings.HasPrefix(t, "/guilds/{guild_id}/members"), strings.HasPrefix(t, "/guilds/{guild_id}/bans"):
			uris = append(uris, g+"/members")
		case t == "/guilds/{guild_id}/channels" || t == "/channels/{channel_id}":
			uris = append(uris, g+"/channels")
		case t == "/users/@me/guilds/{guild_id}":
			uris = append(uris, uriScheme+"guilds", g)
			listChanged = true
		}
	}
	return uris, listChanged
}

// seesChannel reports scopes that allow the channel and its guild.
func seesChannel(guild, channel string) func(context.Context) bool {
	return func(ctx context.Context) bool {
		s := policy.FromContext(ctx)
		return s != nil && guild != "" && s.AllowsGuild(guild) && s.AllowsChannel(channel)
	}
}
