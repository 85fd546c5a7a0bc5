package proxy

import (
	"context"
	"errors"
	"fmt"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Check judges req as Do would before sending it (a token, a published
// path, the firewall on body and query, --read-only and --dry-run, the
// reason's length) and sends
// nothing: mcp's validate_tool_call says whether a call would pass. Like
// Do, it may read a channel's metadata (through the limiter, cached) to
// place the channel in its guild.
func (p *Proxy) Check(ctx context.Context, req *Request) error {
	s := policy.FromContext(ctx)
	if s == nil || s.Token() == "" {
		return &Error{Kind: NotConnected, Status: 401, Msg: "no Discord bot token",
			Resolution: "Send Authorization: Bot <token> with the request, or start the proxy with DISCORD_TOKEN set."}
	}
	r, err := route.Parse(req.Method, req.Path)
	if err != nil {
		msg := "refused request line"
		var pe *route.PathError
		if errors.As(err, &pe) {
			msg = fmt.Sprintf("refused path: %s", pe.Reason)
		}
		return &Error{Kind: InvalidInput, Status: 400, Err: err, Msg: msg,
			Resolution: "Use a plain Discord API path such as /channels/{channel_id}/messages."}
	}
	out, err := p.checkBody(ctx, s, &r, req)
	if err != nil {
		return err
	}
	if err := p.writeMode(&r, out.body); err != nil {
		return err
	}
	if len(req.Reason) > 512 {
		return &Error{Kind: InvalidInput, Status: 400, Msg: "audit log reason is longer than 512 characters",
			Resolution: "Shorten the reason."}
	}
	return nil
}
