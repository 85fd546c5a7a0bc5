package policy

import (
	"context"
	"net/url"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// CheckQuery checks a request's query string the way Check checks its path
// and body: Discord reads some targets from the query (a webhook's
// thread_id, guild message search's channel_id and author_id), so every
// id there must be within the scope. A query that does not parse is
// refused rather than guessed at. query is raw (still encoded), without '?'.
func (s *Scope) CheckQuery(ctx context.Context, r *route.Route, query string, res Resolver) error {
	if query == "" {
		return nil
	}
	vals, err := url.ParseQuery(query)
	if err != nil {
		return deny("query", "the query string is malformed")
	}
	if err := s.checkContentQuery(r, vals); err != nil {
		return err
	}
	c := checker{s: s, ctx: ctx, res: res}
	for key, list := range vals {
		kk := classify(key)
		switch key {
		case "thread_id":
			kk = keyChannel
		case "author_id", "mentions":
			kk = keyUser
		}
		if kk != keyChannel && kk != keyGuild && kk != keyUser {
			continue
		}
		for _, v := range list {
			if err := c.one(v, kk); err != nil {
				return err
			}
		}
	}
	// Guild message search reads every channel of the guild unless the
	// query names some: with channels restricted, it must name them.
	if !s.channels.any && r.Facts().Has(route.ChannelsByQuery) && len(vals["channel_id"]) == 0 {
		return deny(hTargetChannels, "guild message search without channel_id would read channels outside X-Target-Channels")
	}
	return nil
}

// contentParams are guild message search's parameters that match what the
// message_content intent withholds (text, embeds, attachments, links):
// the matches would reveal the stripped text.
var contentParams = [...]string{"content", "has", "link_hostname", "embed_provider", "embed_type", "attachment_extension", "attachment_filename"}

// checkContentQuery refuses a content-matching search without the
// message_content intent, whatever the parameter's value (even empty).
func (s *Scope) checkContentQuery(r *route.Route, vals url.Values) error {
	if !r.Facts().Has(route.MatchesContent) || s.HasIntents("message_content") {
		return nil
	}
	for _, k := range contentParams {
		if _, ok := vals[k]; ok {
			return deny(hPrivilegedIntents, "searching by "+k+" matches message content, which needs message_content in X-Privileged-Intents")
		}
	}
	return nil
}
