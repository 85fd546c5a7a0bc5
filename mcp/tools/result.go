package tools

import (
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
)

// success carries structured output; the MCP layer writes the same JSON
// as the text content for clients that read only text, straight from
// these bytes (no second copy as a string).
func success(structured []byte) *mcp.ToolResult {
	return &mcp.ToolResult{Structured: structured}
}

// projected is success for output written only by a projection and
// debugInfo, in a buffer from mcp.Buffer: strings, numbers, booleans,
// null and the specs' constants (compileProjection checks those), never
// raw bytes from Discord, so it is valid JSON by construction and mcp
// need not check it again.
func projected(structured []byte) *mcp.ToolResult {
	return &mcp.ToolResult{Structured: structured, StructuredValid: true, StructuredPooled: true}
}

// failure is a tool error the model sees and can act on.
func failure(kind proxy.Kind, what, resolution string) *mcp.ToolResult {
	return &mcp.ToolResult{
		IsError: true,
		Kind:    string(kind),
		Text:    fmt.Sprintf("Error: %s - %s\n\nResolution: %s", kind, what, resolution),
	}
}

func fromProxyError(err error) *mcp.ToolResult {
	var pe *proxy.Error
	if errors.As(err, &pe) {
		return failure(pe.Kind, pe.Msg, pe.Resolution)
	}
	return failure(proxy.NotConnected, "the request could not be completed", "Try again; if it persists, check the proxy's logs.")
}

// fromDiscord turns Discord's error answer into a tool error, keeping
// Discord's payload for the helper endpoint to forward.
func fromDiscord(resp *proxy.Response) *mcp.ToolResult {
	body := gjson.ParseBytes(resp.Body)
	code := body.Get("code").Int()
	msg := body.Get("message").String()
	if msg == "" {
		msg = fmt.Sprintf("HTTP %d", resp.Status)
	}
	what := fmt.Sprintf("Discord refused: %s (code %d, HTTP %d)", msg, code, resp.Status)
	var res *mcp.ToolResult
	switch {
	case code == 10003:
		res = failure(proxy.ChannelNotFound, what, "Check the channel id; the bot may not see that channel.")
	case code == 10004:
		res = failure(proxy.GuildNotFound, what, "Check the guild id; the bot must be a member of the guild.")
	case code == 10008:
		res = failure(proxy.MessageNotFound, what, "Check the message id and that it is in this channel; it may have been deleted.")
	case code == 50001 || code == 50013 || resp.Status == 403:
		res = failure(proxy.PermissionDenied, what, "Give the bot the needed permission in that channel, or pick another channel.")
	case resp.Status == 401:
		res = failure(proxy.NotConnected, "Discord did not accept the bot token", "Check the bot token (Authorization: Bot … or DISCORD_TOKEN).")
	case resp.Status == 429:
		retry := resp.RateLimit.RetryAfter
		res = failure(proxy.RateLimited, fmt.Sprintf("%s; retry after %d ms", what, retry.Milliseconds()),
			fmt.Sprintf("Wait %d ms, then retry.", retry.Milliseconds()))
	case code == 50008 || code == 50024:
		// Most often a forum or media channel, which holds posts.
		res = failure(proxy.InvalidInput, what, "A forum or media channel has no messages of its own: its posts are threads. List them with list_active_threads, search_threads or list_archived_threads, then use the post's id as channel_id; create one with create_forum_post.")
	case resp.Status == 404:
		res = failure(proxy.InvalidInput, what, "Check the ids in the call.")
	case resp.Status >= 500:
		res = failure(proxy.NotConnected, what, "Discord had a problem; try again later.")
	default:
		res = failure(proxy.InvalidInput, what, "Fix the arguments Discord named and retry.")
	}
	if gjson.ValidBytes(resp.Body) && body.IsObject() {
		res.Upstream = &mcp.UpstreamError{Status: resp.Status, Body: resp.Body}
	}
	return res
}

// debugInfo adds route, bucket and rate-limit details when the caller sent
// X-Debug-Mode.
func debugInfo(w *buf, s *policy.Scope, resp *proxy.Response) {
	if s == nil || !s.Debug || resp == nil {
		return
	}
	rl := resp.RateLimit
	key := resp.Route.Key()
	w.key("debug")
	w.open('{')
	w.key("route")
	w.str(resp.Route.Method + " " + resp.Route.Template)
	w.key("bucket_key")
	w.str(key.Method + " " + key.Template + " " + key.Major)
	w.key("bucket")
	w.str(rl.Bucket)
	w.key("limit")
	w.int(int64(rl.Limit))
	w.key("remaining")
	w.int(int64(rl.Remaining))
	w.key("reset_after_ms")
	w.int(rl.ResetAfter.Milliseconds())
	w.key("waited_ms")
	w.int(resp.Waited.Milliseconds())
	w.key("status")
	w.int(int64(resp.Status))
	w.close('}')
}

func srcOf(res *mcp.ToolResult) string {
	if res.Upstream != nil {
		return "discord"
	}
	return "mcp"
}

// callLog is the one log line each tool call writes. It never holds the
// token or the message text.
type callLog struct {
	c       *Catalog
	tool    string
	channel string
	src     string
	start   time.Time
	scope   *policy.Scope // for the audit line
	content string        // recorded only with --audit-content
}

func (l *callLog) begin() { l.start = time.Now(); l.src = "mcp" }

func (l *callLog) end(res *mcp.ToolResult) {
	lvl, outcome := zerolog.InfoLevel, "ok"
	if res.IsError {
		lvl, outcome = zerolog.WarnLevel, res.Kind
		if outcome == "" {
			outcome = "error"
		}
	}
	guild := ""
	if l.channel != "" {
		if info, ok := l.c.p.Cache().Peek(l.channel); ok {
			guild = info.GuildID
		}
	}
	d := time.Since(l.start)
	l.c.p.Observer().ToolCall(l.tool, outcome, d)
	if l.c.p.Logs(lvl) { // the line is not built at a level that drops it
		l.c.log.WithLevel(lvl).Str("tool", l.tool).Str("guild", guild).Str("channel", l.channel).
			Dur("duration", d).Str("outcome", outcome).Str("source", l.src).Msg("tool call")
	}
	l.c.p.AuditTool(l.scope, audit.Entry{Tool: l.tool, Guild: guild, Channel: l.channel, Outcome: outcome, Source: l.src, Content: l.content, Duration: d})
}
