package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// wait_for_messages: an agent that asked a person something waits for the
// answer. It polls the channel (after= the given message) through
// proxy.Do, so the limiter paces it with every other caller, and backs
// off between polls to leave the bucket's room to them.

const (
	waitFirstPoll = time.Second     // the pause after the first empty poll
	waitMaxPoll   = 5 * time.Second // the longest pause between polls
)

var waitSpec = &spec{
	name:    "wait_for_messages",
	title:   "Wait for messages",
	toolset: tsMessages,
	desc:    "Wait until messages arrive in a channel, thread or DM after a given message (default: the X-Current-Message), from anyone, or only from some authors, or only those mentioning the bot; returns them oldest first, or timed_out when timeout_seconds pass first. Polls gently, with progress notifications.",
	params: []param{channelParam,
		{name: "after", desc: "Wait for messages newer than this message id.", typ: tSnowflake, required: true, current: "message"},
		{name: "authors", desc: "Only messages by these user ids (up to 25).", typ: arrayT{item: tSnowflake, min: 1, max: 25, unique: true}},
		{name: "mentions_bot", desc: "Only messages that mention the bot.", typ: tBool},
		{name: "timeout_seconds", desc: "How long to wait at most (1-600).", typ: intRange(1, 600, i64(60))},
	},
	ann:    mcp.Annotations{Title: "Wait for messages", ReadOnlyHint: true, OpenWorldHint: true},
	needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory},
	method: "GET", path: route.TChannelsChannelIDMessages,
	more:     []step{{"GET", route.TUsersMe}},
	out:      []field{{name: "messages", typ: oArray, items: messageFields}},
	outExtra: []field{{name: "timed_out", typ: oBool, desc: "true when nothing matching arrived in time"}, {name: "polls", typ: oInt}, {name: "last_id", typ: oString, desc: "the newest message seen: wait again after it"}},
	run:      waitForMessages,
	plan: func(sp *spec, a *args) []*proxy.Request {
		return []*proxy.Request{{Method: "GET", Path: buildPath(sp, a), Query: pageQuery("", a.str("after"))}}
	},
	examples: []example{{`{"channel_id":"` + exCh + `","after":"` + exMsg + `"}`, `GET /channels/` + exCh + `/messages?after=` + exMsg + `&limit=100`}},
}

// waitFilter is who may answer.
type waitFilter struct {
	authors []string
	botID   string // set when only mentions of the bot count
}

func (f *waitFilter) matches(m gjson.Result) bool {
	if len(f.authors) > 0 && !slices.Contains(f.authors, m.Get("author.id").Str) {
		return false
	}
	if f.botID == "" || m.Get(`mentions.#(id=="`+f.botID+`")`).Exists() {
		return true
	}
	// A mention that did not ping (allowed_mentions) is still in the text.
	content := m.Get("content").Str
	return strings.Contains(content, "<@"+f.botID+">") || strings.Contains(content, "<@!"+f.botID+">")
}

func waitForMessages(ctx context.Context, c *Catalog, sp *spec, a *args, progress mcp.Progress) *mcp.ToolResult {
	timeout := time.Duration(a.int("timeout_seconds", 60)) * time.Second
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	f := &waitFilter{}
	if v, ok := a.given("authors"); ok {
		v.ForEach(func(_, id gjson.Result) bool { f.authors = append(f.authors, id.Str); return true })
	}
	if v, ok := a.given("mentions_bot"); ok && v.Bool() {
		resp, res := c.send(ctx, &proxy.Request{Method: "GET", Path: route.TUsersMe})
		if res != nil {
			return res
		}
		f.botID = parse(resp.Body).Get("id").Str
	}
	last, polls, pause := a.str("after"), 0, waitFirstPoll
	start := time.Now()
	for {
		resp, res := c.send(ctx, &proxy.Request{Method: "GET", Path: buildPath(sp, a), Query: pageQuery("", last)})
		if res != nil {
			if ctx.Err() != nil { // the wait ran out while the limiter held the poll
				return waitResult(c, sp, a, nil, last, polls, true)
			}
			return res
		}
		polls++
		var hits []gjson.Result
		page := parse(resp.Body).Array() // newest first
		for i := len(page) - 1; i >= 0; i-- {
			if cmpID(page[i].Get("id").Str, last) > 0 {
				last = page[i].Get("id").Str
			}
			if f.matches(page[i]) {
				hits = append(hits, page[i])
			}
		}
		if len(hits) > 0 {
			return waitResult(c, sp, a, hits, last, polls, false)
		}
		progress(time.Since(start).Seconds(), timeout.Seconds(), fmt.Sprintf("waiting: %d polls, nothing yet", polls))
		select {
		case <-ctx.Done():
			return waitResult(c, sp, a, nil, last, polls, true)
		case <-time.After(pause):
		}
		pause = min(2*pause, waitMaxPoll)
	}
}

func waitResult(c *Catalog, sp *spec, a *args, hits []gjson.Result, last string, polls int, timedOut bool) *mcp.ToolResult {
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("messages")
	w.open('[')
	for _, m := range hits {
		emitOne(w, c.projFor(sp).items[0], m, a)
	}
	w.close(']')
	w.key("timed_out")
	w.bool(timedOut)
	w.key("polls")
	w.int(int64(polls))
	w.key("last_id")
	w.str(last)
	w.close('}')
	return success(w.bytes())
}
