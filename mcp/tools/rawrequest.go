package tools

import (
	"context"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy/jsonguard"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// discordRequestSpec is the raw request tool: any Discord REST call, for
// privileged callers only (X-Privileged-Call with --enable-passthrough),
// through proxy.Do like the raw passthrough, so the same rules hold:
// methods, paths, targets, permission bits, forced allowed_mentions,
// unknown routes only with --allow-unknown-routes, the one limiter.
var discordRequestSpec = &spec{
	name:  "discord_request",
	title: "Discord API request",
	desc: "Send one request to Discord's REST API v10 as the bot, for operators: the same scope rules as the raw passthrough apply. " +
		"Prefer the dedicated tools; use this for what they do not cover.",
	params: []param{
		{name: "method", desc: "GET, POST, PUT, PATCH or DELETE.", kind: kString, required: true, max: 6},
		{name: "path", desc: "The API path, e.g. /channels/123/messages?limit=5 (with or without /api/v10).", kind: kString, required: true, max: 2048},
		{name: "body", desc: "The JSON body as text, for POST, PUT and PATCH.", kind: kString, max: 1 << 20},
		{name: "reason", desc: "Why, for the guild's audit log (up to 512 characters).", kind: kString, in: inReason, max: 512},
	},
	ann:        mcp.Annotations{Title: "Discord API request", DestructiveHint: true, OpenWorldHint: true},
	privileged: true,
	method:     anyMethod, path: "(the path argument)",
	outExtra: []field{
		{name: "status", typ: "integer", desc: "Discord's HTTP status"},
		{name: "body", typ: "string", desc: "Discord's answer, as JSON text (empty for 204)"},
	},
	run: discordRequest,
}

// anyMethod marks a spec whose method is an argument: the method rules
// are applied to the request itself, by policy.
const anyMethod = "*"

func discordRequest(ctx context.Context, c *Catalog, _ *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	method := strings.ToUpper(a.str("method"))
	switch method {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
	default:
		return failure(proxy.InvalidInput, "method must be GET, POST, PUT, PATCH or DELETE", "Name one of them.")
	}
	path, query, _ := strings.Cut(a.str("path"), "?")
	if !strings.HasPrefix(path, "/") {
		return failure(proxy.InvalidInput, "path must start with /", "Give an API path such as /channels/{channel_id}/messages.")
	}
	req := &proxy.Request{Method: method, Path: path, Query: query, Reason: a.str("reason")}
	if body := strings.TrimSpace(a.str("body")); body != "" {
		if err := jsonguard.Validate([]byte(body)); err != nil {
			return failure(proxy.InvalidInput, "body: "+err.Error(), "Give the body as JSON text.")
		}
		req.Body = []byte(body)
	}
	resp, err := c.p.Do(ctx, req)
	if err != nil {
		return fromProxyError(err)
	}
	if !resp.OK() {
		return fromDiscord(resp)
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("status")
	w.int(int64(resp.Status))
	w.key("body")
	w.str(string(resp.Body))
	w.close('}')
	return success(w.bytes())
}
