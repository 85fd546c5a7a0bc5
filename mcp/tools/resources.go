package tools

import (
	"context"
	"errors"
	"fmt"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// jsonMime is the type of every resource this catalog reads as text.
const jsonMime = "application/json"

// templates are the resource templates, in the order resources/templates/list shows them.
var templates = []mcp.ResourceTemplate{
	{URITemplate: "discord://guilds/{guild_id}", Name: "guild", Title: "Guild", Description: "A guild (server): name, description, owner, member counts.", MimeType: jsonMime},
	{URITemplate: "discord://guilds/{guild_id}/channels", Name: "guild-channels", Title: "Guild channels", Description: "The guild's channels you may see: id, name, type, parent, position, topic.", MimeType: jsonMime},
	{URITemplate: "discord://guilds/{guild_id}/roles", Name: "guild-roles", Title: "Guild roles", Description: "The guild's roles: id, name, color, position, permissions.", MimeType: jsonMime},
	{URITemplate: "discord://guilds/{guild_id}/members{?after}", Name: "guild-members", Title: "Guild members", Description: "One page of up to 100 members, oldest user id first; next names the following page.", MimeType: jsonMime},
	{URITemplate: "discord://channels/{channel_id}", Name: "channel", Title: "Channel", Description: "A channel or thread: name, type, guild, parent, topic.", MimeType: jsonMime},
	{URITemplate: "discord://channels/{channel_id}/messages", Name: "channel-messages", Title: "Newest messages", Description: "The channel's newest 50 messages, newest first. Subscribe to hear of messages sent through this proxy.", MimeType: jsonMime},
	{URITemplate: "discord://channels/{channel_id}/messages/{message_id}", Name: "message", Title: "Message", Description: "One message; image attachments within the size limit follow as blobs.", MimeType: jsonMime},
	{URITemplate: "discord://channels/{channel_id}/pins", Name: "channel-pins", Title: "Pinned messages", Description: "The channel's pinned messages.", MimeType: jsonMime},
}

// ResourceTemplates implements mcp.ResourceCatalog.
func (f *Full) ResourceTemplates(context.Context) []mcp.ResourceTemplate { return templates }

// ReadResource implements mcp.ResourceCatalog: one request through
// proxy.Do with the caller's scope, so the limiter, the firewall and the
// answer filter apply as to any tool. Refused and unknown look the same.
func (f *Full) ReadResource(ctx context.Context, uri string) ([]mcp.ResourceContents, error) {
	u, ok := parseResURI(uri)
	if !ok {
		return nil, mcp.ErrResourceNotFound
	}
	body, err := f.get(ctx, &u)
	if err != nil {
		return nil, err
	}
	out := []mcp.ResourceContents{{URI: uri, MimeType: jsonMime, Text: string(compact(&u, body))}}
	if u.kind == resMessage {
		out = append(out, f.images(ctx, body)...)
	}
	return out, nil
}

// get reads the resource's Discord answer for the caller.
func (f *Full) get(ctx context.Context, u *resURI) ([]byte, error) {
	path, query := u.apiPath()
	resp, err := f.p.Do(ctx, &proxy.Request{Method: "GET", Path: path, Query: query})
	if err != nil {
		return nil, readError(err)
	}
	switch {
	case resp.OK():
		return resp.Body, nil
	case resp.Status == 403 || resp.Status == 404 || resp.Status == 400:
		return nil, mcp.ErrResourceNotFound
	}
	return nil, &mcp.Error{Code: mcp.CodeInternalError, Message: fmt.Sprintf("Discord answered HTTP %d", resp.Status)}
}

// readError maps a refusal to not-found (a resource outside the scope
// must look like one that does not exist) and keeps the limiter's answer.
func readError(err error) error {
	var pe *proxy.Error
	if errors.As(err, &pe) {
		switch pe.Kind {
		case proxy.PermissionDenied, proxy.ChannelNotFound, proxy.GuildNotFound, proxy.MessageNotFound, proxy.InvalidInput:
			return mcp.ErrResourceNotFound
		}
		return &mcp.Error{Code: mcp.CodeInternalError, Message: pe.Error()}
	}
	return fmt.Errorf("tools: read resource: %w", err)
}

// refused reports an error that means "not for this caller", as opposed
// to Discord or the limiter failing.
func refused(err error) bool {
	return err != nil && errors.Is(readError(err), mcp.ErrResourceNotFound)
}

// CheckResource implements mcp.ResourceCatalog with the firewall's own
// check on the request a read would send: no request to Discord, except
// a channel's metadata once through the limiter when it is not cached.
func (f *Full) CheckResource(ctx context.Context, uri string) error {
	u, ok := parseResURI(uri)
	if !ok {
		return mcp.ErrResourceNotFound
	}
	return f.allowed(ctx, &u)
}

func (f *Full) allowed(ctx context.Context, u *resURI) error {
	s := policy.FromContext(ctx)
	if s == nil || s.Token() == "" {
		return mcp.ErrResourceNotFound
	}
	path, query := u.apiPath()
	r, err := route.Parse("GET", path)
	if err != nil {
		return mcp.ErrResourceNotFound
	}
	if s.Check(ctx, &r, nil, f.p.Cache()) != nil || s.CheckQuery(ctx, &r, query, f.p.Cache()) != nil {
		return mcp.ErrResourceNotFound
	}
	return nil
}
