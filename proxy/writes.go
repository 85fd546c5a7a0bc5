package proxy

import (
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Write is one successful write (any method but GET) that crossed the
// choke point, from any caller: a tool, the passthrough, another session.
// Change notifications are built from it, so the proxy learns of changes
// without a second connection to Discord. Fields are copies the hook may
// keep.
type Write struct {
	Method   string
	Template string // the route template, e.g. /channels/{channel_id}/messages
	// Ids the write touched: from the path, the answer (a new message's or
	// channel's id) and the metadata cache (a channel's guild).
	GuildID, ChannelID, MessageID string
}

// WriteHook receives writes. It is called on the writer's goroutine after
// Discord answered, so it must not block: queue and return.
type WriteHook func(Write)

// OnWrite adds h to the hooks told of every successful write; call it
// while wiring, before serving.
func (p *Proxy) OnWrite(h WriteHook) {
	if h != nil {
		p.writeHooks = append(p.writeHooks, h)
	}
}

// wrote tells the write hooks about a successful non-GET answer.
func (p *Proxy) wrote(r *route.Route, resp *Response) {
	if len(p.writeHooks) == 0 || r.Method == "GET" || !resp.OK() {
		return
	}
	w := Write{Method: r.Method, Template: r.Template, GuildID: r.Param("guild_id"),
		ChannelID: r.Param("channel_id"), MessageID: r.Param("message_id")}
	if body := resp.Body; len(body) > 0 && gjson.ValidBytes(body) {
		a := gjson.ParseBytes(body)
		switch {
		case w.ChannelID != "" && w.MessageID == "" && a.Get("channel_id").Str == w.ChannelID:
			w.MessageID = a.Get("id").Str // a message sent to the channel
		case w.ChannelID == "" && w.GuildID != "" && a.Get("guild_id").Str == w.GuildID && a.Get("type").Exists():
			w.ChannelID = a.Get("id").Str // a channel made in the guild
		}
		if w.GuildID == "" {
			w.GuildID = a.Get("guild_id").Str
		}
	}
	if w.GuildID == "" && w.ChannelID != "" {
		if info, ok := p.cache.Peek(w.ChannelID); ok {
			w.GuildID = info.GuildID
		}
	}
	for _, h := range p.writeHooks {
		h(w)
	}
}
