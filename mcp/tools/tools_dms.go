package tools

import (
	"context"
	"sync"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The dms toolset. A DM is sent to a user: the tool opens the bot's DM
// channel with them once (POST /users/@me/channels, whose recipient
// policy checks against X-Target-Users) and remembers it. A scope with
// X-Target-Users: 0 sees none of these tools.

var dmUserParam = param{name: "user_id", desc: "The user's id.", typ: tSnowflake, required: true, current: "user"}

var dmSpecs = []*spec{
	{
		name:    "send_direct_message",
		title:   "Send direct message",
		toolset: tsDMs,
		desc:    "Send a direct message to a user (by user_id or user_name; default the X-Current-User). When the operator enables attribution and the call names a current server, channel and message, the DM ends with a link to that message.",
		params: []param{dmUserParam,
			{name: "content", desc: "Message text, up to 2000 characters (with the attribution link, if any).", typ: strT{min: 1, max: 2000}, required: true},
		},
		ann:    mcp.Annotations{Title: "Send direct message", OpenWorldHint: true},
		needs:  access{dm: true},
		method: "POST", path: route.TUsersMeChannels,
		more: []step{{"POST", route.TChannelsChannelIDMessages}},
		out:  sentFields,
		run:  sendDM,
		plan: dmPlan,
		examples: []example{{`{"user_id":"` + exUsr + `","content":"hi"}`,
			`POST /users/@me/channels {"recipient_id":"` + exUsr + `"}`}},
	},
	{
		name:    "get_direct_messages",
		title:   "Read direct messages",
		toolset: tsDMs,
		desc:    "Read the bot's direct messages with a user (by user_id or user_name; default the X-Current-User), newest first.",
		params: []param{dmUserParam,
			{name: "limit", desc: "How many messages (1-100).", typ: intRange(1, 100, i64(50))},
			{name: "before", desc: "Only messages before this id.", typ: tSnowflake},
			{name: "after", desc: "Only messages after this id.", typ: tSnowflake},
		},
		exclusive: [][]string{{"before", "after"}},
		ann:       mcp.Annotations{Title: "Read direct messages", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:     access{dm: true},
		method:    "POST", path: route.TUsersMeChannels,
		more:     []step{{"GET", route.TChannelsChannelIDMessages}},
		out:      []field{{name: "messages", typ: oArray, items: messageFields}},
		outExtra: []field{{name: "channel_id", typ: oString, desc: "the DM channel (the message tools take it too)"}},
		run:      readDMs,
		plan:     dmPlan,
		examples: []example{{`{"user_id":"` + exUsr + `"}`,
			`POST /users/@me/channels {"recipient_id":"` + exUsr + `"}`}},
	},
}

// dmPlan is the first request: opening the DM channel.
func dmPlan(sp *spec, a *args) []*proxy.Request {
	w := &buf{}
	w.open('{')
	w.key("recipient_id")
	w.str(a.str("user_id"))
	w.close('}')
	return []*proxy.Request{{Method: "POST", Path: route.TUsersMeChannels, Body: w.b}}
}

// dmCache remembers DM channels by bot token fingerprint and user: a DM
// channel never changes, so it is opened once.
type dmCache struct {
	mu sync.Mutex
	m  map[string]string // fingerprint + "/" + user id → channel id
}

const maxCachedDMs = 10000

func (d *dmCache) get(k string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m[k]
}

func (d *dmCache) put(k, ch string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil || len(d.m) >= maxCachedDMs {
		d.m = map[string]string{} // forgetting costs one request each
	}
	d.m[k] = ch
}

// dmChannel opens (or recalls) the DM channel with the user. The cached
// channel is only used after policy has passed the open for this scope:
// the open request is what X-Target-Users judges, so it is sent through
// proxy.Do's checks unless this scope's own token opened it before.
func (c *Catalog) dmChannel(ctx context.Context, sp *spec, a *args) (string, *mcp.ToolResult) {
	s := policy.FromContext(ctx)
	key := ""
	if s != nil {
		key = s.Fingerprint() + "/" + a.str("user_id")
		if s.AllowsUser(a.str("user_id")) {
			if ch := c.dms.get(key); ch != "" {
				return ch, nil
			}
		}
	}
	resp, res := c.send(ctx, dmPlan(sp, a)[0])
	if res != nil {
		return "", res
	}
	ch := parse(resp.Body).Get("id").Str
	if !isSnowflake(ch) {
		return "", failure(proxy.InvalidInput, "Discord answered the DM open without a channel id", "Try again.")
	}
	if key != "" {
		c.dms.put(key, ch)
	}
	return ch, nil
}

func sendDM(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	content := a.str("content")
	if c.opts.DMAttribution {
		if s := policy.FromContext(ctx); s != nil && s.CurrentGuild != "" && s.CurrentChannel != "" && s.CurrentMessage != "" {
			content += "\n\n-# from https://discord.com/channels/" + s.CurrentGuild + "/" + s.CurrentChannel + "/" + s.CurrentMessage
		}
	}
	if utf8.RuneCountInString(content) > 2000 {
		return failure(proxy.InvalidInput, "content with the attribution link is over Discord's 2000 characters", "Shorten the message.")
	}
	ch, res := c.dmChannel(ctx, sp, a)
	if res != nil {
		return res
	}
	w := &buf{}
	w.open('{')
	w.key("content")
	w.str(content)
	w.close('}')
	resp, res := c.send(ctx, &proxy.Request{Method: "POST", Path: fill(route.TChannelsChannelIDMessages, ch), Body: w.b})
	if res != nil {
		return res
	}
	out := getBuf()
	defer putBuf(out)
	out.open('{')
	project(out, c.projFor(sp), parse(resp.Body), a)
	out.close('}')
	return success(out.bytes())
}

func readDMs(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	ch, res := c.dmChannel(ctx, sp, a)
	if res != nil {
		return res
	}
	q := "limit=" + a.text("limit")
	if !a.has("limit") {
		q = "limit=50"
	}
	for _, k := range []string{"after", "before"} {
		if a.has(k) {
			q = k + "=" + a.str(k) + "&" + q
		}
	}
	resp, res := c.send(ctx, &proxy.Request{Method: "GET", Path: fill(route.TChannelsChannelIDMessages, ch), Query: q})
	if res != nil {
		return res
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	items := c.projFor(sp).items[0]
	var stack [maxStackSlots]gjson.Result
	v := items.slots(&stack)
	parse(resp.Body).ForEach(func(_, m gjson.Result) bool {
		clear(v)
		items.gather(m, v)
		w.open('{')
		items.emit(w, v, a)
		w.close('}')
		return true
	})
	w.close(']')
	w.key("channel_id")
	w.str(ch)
	w.close('}')
	return success(w.bytes())
}

// allowsDMs reports whether the scope may see the DM tools.
func allowsDMs(s *policy.Scope) bool { return s == nil || s.AllowsDMs() }
