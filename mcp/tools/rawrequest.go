package tools

import (
	"context"
	"strings"

	"github.com/tidwall/gjson"

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
	name:    "discord_request",
	title:   "Discord API request",
	toolset: tsRaw,
	desc: "Send one request to Discord's REST API v10 as the bot, for operators: the same scope rules as the raw passthrough apply. " +
		"Prefer the dedicated tools; use this for what they do not cover.",
	params: []param{
		{name: "method", desc: "GET, POST, PUT, PATCH or DELETE.", typ: methodT{}, required: true},
		{name: "path", desc: "The API path, e.g. /channels/123/messages?limit=5 (with or without /api/v10).", typ: apiPathT{}, required: true},
		{name: "body", desc: "The JSON body as text, for POST, PUT and PATCH.", typ: jsonTextT{}},
		reasonParam,
	},
	ann:    mcp.Annotations{Title: "Discord API request", DestructiveHint: true, OpenWorldHint: true},
	needs:  access{privileged: true},
	method: anyMethod, path: "(the path argument)",
	outExtra: []field{
		{name: "status", typ: oInt, desc: "Discord's HTTP status"},
		{name: "body", typ: oString, desc: "Discord's answer, as JSON text (empty for 204)", untrusted: true},
	},
	run:  discordRequest,
	plan: discordPlan,
	examples: []example{{`{"method":"get","path":"/channels/` + exCh + `/messages?limit=5"}`, `GET /channels/` + exCh + `/messages?limit=5`},
		{`{"method":"POST","path":"/channels/` + exCh + `/messages","body":"{\"content\":\"hi\"}"}`, `POST /channels/` + exCh + `/messages {"content":"hi"}`}},
}

// anyMethod marks a spec whose method is an argument: the method rules
// are applied to the request itself, by policy.
const anyMethod = "*"

// discordPlan is the one request the arguments name.
func discordPlan(_ *spec, a *args) []*proxy.Request {
	path, query, _ := strings.Cut(a.str("path"), "?")
	req := &proxy.Request{Method: strings.ToUpper(a.str("method")), Path: path, Query: query, Reason: a.str("reason")}
	if body := strings.TrimSpace(a.str("body")); body != "" {
		req.Body = []byte(body)
	}
	return []*proxy.Request{req}
}

func discordRequest(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	resp, err := c.p.Do(ctx, discordPlan(sp, a)[0])
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

// methodT is an HTTP method Discord's API takes, in any case.
type methodT struct{ rawEncode }

func (methodT) schema(w *buf) {
	enumT{values: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}}.schema(w)
}

func (methodT) check(name string, v gjson.Result) error {
	switch strings.ToUpper(v.Str) {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
		if v.Type == gjson.String {
			return nil
		}
	}
	return badArg("%s must be GET, POST, PUT, PATCH or DELETE", name)
}

// apiPathT is an API path with an optional query; policy judges it.
type apiPathT struct{ rawEncode }

func (apiPathT) schema(w *buf) { strT{min: 1, max: 2048}.schema(w) }

func (apiPathT) check(name string, v gjson.Result) error {
	if err := (strT{min: 1, max: 2048}).check(name, v); err != nil {
		return err
	}
	if !strings.HasPrefix(v.Str, "/") {
		return badArg("%s must start with /, e.g. /channels/{channel_id}/messages", name)
	}
	return nil
}

// jsonTextT is a JSON body given as text, checked as policy will read it.
type jsonTextT struct{ rawEncode }

func (jsonTextT) schema(w *buf) { strT{max: 1 << 20}.schema(w) }

func (jsonTextT) check(name string, v gjson.Result) error {
	if err := (strT{max: 1 << 20}).check(name, v); err != nil {
		return err
	}
	if body := strings.TrimSpace(v.Str); body != "" {
		if err := jsonguard.Validate([]byte(body)); err != nil {
			return badArg("%s: %v; give the body as JSON text", name, err)
		}
	}
	return nil
}
