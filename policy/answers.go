package policy

import (
	"context"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// What the proxy filters out of Discord's answers depends on the scope;
// these accessors tell it without exposing the sets.

// FiltersGuilds reports whether X-Target-Guilds is restricted.
func (s *Scope) FiltersGuilds() bool { return !s.guilds.any }

// FiltersChannels reports whether X-Target-Channels is restricted.
func (s *Scope) FiltersChannels() bool { return !s.channels.any }

// FiltersUsers reports whether X-Target-Users is restricted.
func (s *Scope) FiltersUsers() bool { return !s.users.any }

// AllowsListedChannel reports whether a channel seen in an answer is
// within X-Target-Channels: listed itself, or a thread (by its type) of a
// listed parent. A category does not pass its channels.
func (s *Scope) AllowsListedChannel(id, parentID string, chanType int) bool {
	return s.channels.has(id) || isThread(chanType) && parentID != "" && s.channels.has(parentID)
}

// MayExecuteWebhook reports whether this caller may see a webhook's
// token. With the token anyone can post without the proxy: any body, any
// allowed_mentions, the Slack and GitHub forms the proxy refuses, and
// pings of users outside X-Target-Users. So the token is shown only when
// the scope forces nothing on messages (every mention kind allowed, users
// unrestricted) and Check passes the POST to /webhooks/{id}/{token} itself
// (methods, paths, targets).
func (s *Scope) MayExecuteWebhook(ctx context.Context, id, token string) bool {
	if !isSnowflake(id) || token == "" || !s.mentionsOpen || !s.users.any {
		return false
	}
	r, err := route.Parse("POST", "/webhooks/"+id+"/"+token)
	if err != nil || !r.Known {
		return false
	}
	return s.Check(ctx, &r, nil, nil) == nil
}
