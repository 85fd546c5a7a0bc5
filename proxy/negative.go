package proxy

import (
	"bytes"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// negative remembers Discord's "not found" and "no access" answers to
// reads under a channel, per token fingerprint, for every caller whatever
// its scope: reading what the bot cannot see again and again then costs
// Discord one request per TTL, and the invalid-request budget (403s spend
// it) one answer.
//
// What is remembered, and for how long:
//   - 404 Unknown Channel (10003) or 403 Missing Access (50001) on any
//     request under /channels/{id}: the bot cannot see the channel at all
//     (the channel is gone, or it lacks View Channel), whatever the method,
//     so every request under it, reads and writes (messages, typing,
//     reactions, threads), is answered from memory;
//   - any other 403 or 404 on a GET: that path only (10008 Unknown
//     Message, 50013 Missing Permissions for a listing the bot lacks Read
//     Message History for);
//   - other 403s and 404s on writes are not remembered: 50013 Missing
//     Permissions there depends on the action and often on the body (a
//     file without Attach Files, a ping without Mention Everyone), so it
//     says nothing of the next request;
//   - 404s for the cache TTL (ids are never reused: what is gone stays
//     gone), 403s for at most negative403TTL, since an admin can grant
//     access in Discord's own UI without the proxy seeing it.
//
// What forgets: any 2xx under the channel forgets that path's answer and
// the channel's, for that token; a PATCH, PUT or DELETE under the channel,
// by any caller, forgets the channel (overwrites, the channel itself);
// one under a guild (roles, members) forgets everything, as a role can
// open any channel. 401, 429 and 5xx answers are never remembered.
type negative struct {
	lru    *expirable.LRU[string, *negChannel] // channel id →
	ttl404 time.Duration
	ttl403 time.Duration
}

// negative403TTL bounds how long a 403 is believed.
const negative403TTL = time.Minute

// negPerChannel bounds the paths remembered per channel; past it new
// answers are simply not remembered.
const negPerChannel = 64

// negChannel holds one channel's remembered answers; mu guards entries.
type negChannel struct {
	mu      sync.Mutex
	entries map[negKey]negEntry
}

// negKey names one answer: path "" stands for the whole channel.
type negKey struct{ fp, path string }

type negEntry struct {
	status      int
	body        []byte
	contentType string
	until       time.Time
}

func newNegative(size int, ttl time.Duration) *negative {
	return &negative{
		lru:    expirable.NewLRU[string, *negChannel](size, nil, ttl),
		ttl404: ttl,
		ttl403: min(ttl, negative403TTL),
	}
}

// recall returns the remembered answer to r for fp, or nil: the
// channel's, for any method; that path's, for a GET.
func (n *negative) recall(fp string, r *route.Route) *Response {
	if r.Major != route.MajorChannel {
		return nil
	}
	c, ok := n.lru.Get(r.MajorID)
	if !ok {
		return nil
	}
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[negKey{fp, ""}]
	if (!ok || now.After(e.until)) && r.Method == "GET" {
		e, ok = c.entries[negKey{fp, r.Path}]
	}
	c.mu.Unlock()
	if !ok || now.After(e.until) {
		return nil
	}
	resp := &Response{Status: e.status, Body: append([]byte(nil), e.body...), Route: *r, Remembered: true}
	if e.contentType != "" {
		resp.Header = []HeaderField{{Name: "Content-Type", Value: e.contentType}}
	}
	return resp
}

// learn keeps the memory in step with an answer that came from Discord.
func (n *negative) learn(fp string, r *route.Route, resp *Response) {
	switch {
	case r.Major == route.MajorGuild && r.Method != "GET" && r.Method != "POST" && resp.OK():
		n.lru.Purge()
	case r.Major != route.MajorChannel:
	case resp.OK() && r.Method != "GET" && r.Method != "POST":
		n.lru.Remove(r.MajorID)
	case resp.OK():
		n.forget(fp, r)
	case resp.Status != 403 && resp.Status != 404:
	case r.Method == "GET" || channelOutOfSight(resp.Body):
		n.remember(fp, r, resp)
	}
}

// channelOutOfSight reports whether a 403 or 404 answer says the bot
// cannot see the channel at all: 10003 Unknown Channel, 50001 Missing
// Access.
func channelOutOfSight(body []byte) bool {
	switch gjson.GetBytes(body, "code").Int() {
	case 10003, 50001:
		return true
	}
	return false
}

func (n *negative) forget(fp string, r *route.Route) {
	c, ok := n.lru.Peek(r.MajorID)
	if !ok {
		return
	}
	c.mu.Lock()
	delete(c.entries, negKey{fp, ""})
	delete(c.entries, negKey{fp, r.Path})
	c.mu.Unlock()
}

func (n *negative) remember(fp string, r *route.Route, resp *Response) {
	k := negKey{fp, r.Path}
	if channelOutOfSight(resp.Body) {
		k.path = "" // the whole channel is out of sight
	}
	ttl := n.ttl404
	if resp.Status == 403 {
		ttl = n.ttl403
	}
	e := rememberedAnswer(resp)
	e.until = time.Now().Add(ttl)
	c, ok := n.lru.Get(r.MajorID)
	if !ok {
		c = &negChannel{entries: map[negKey]negEntry{}}
		// Two answers racing here may each add a channel; the later wins
		// and the earlier answer is not remembered: harmless.
		n.lru.Add(r.MajorID, c)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) < negPerChannel {
		c.entries[k] = e
	}
}

// rememberedAnswer copies what is kept of an answer: its body and its
// header values are views into a buffer the next request reuses (see
// Response.Release).
func rememberedAnswer(resp *Response) negEntry {
	e := negEntry{status: resp.Status, body: bytes.Clone(resp.Body)}
	for _, h := range resp.Header {
		if h.Name == "Content-Type" {
			e.contentType = strings.Clone(h.Value)
		}
	}
	return e
}
