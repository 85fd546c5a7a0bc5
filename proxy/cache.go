package proxy

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Cache keeps channel metadata (guild, parent, type, name, overwrites) so
// policy can answer "which guild is this channel in?" without a request to
// Discord each time. Misses are fetched through the limiter once: callers
// missing the same channel at the same time share one fetch.
type Cache struct {
	p   *Proxy
	lru *expirable.LRU[string, policy.ChannelInfo]
	// Channels Discord would not show us (404, 403) are remembered by the
	// proxy's negative memory, which fetch goes through: a caller naming
	// one again and again cannot make the proxy spend the bot's
	// invalid-request budget on the same look-up.

	mu       sync.Mutex
	inflight map[string]*flight
}

type flight struct {
	done chan struct{}
	info policy.ChannelInfo
	err  error
}

func newCache(p *Proxy, size int, ttl time.Duration) *Cache {
	return &Cache{
		p:        p,
		lru:      expirable.NewLRU[string, policy.ChannelInfo](size, nil, ttl),
		inflight: map[string]*flight{},
	}
}

// Channel implements policy.Resolver.
func (c *Cache) Channel(ctx context.Context, id string) (policy.ChannelInfo, error) {
	if info, ok := c.lru.Get(id); ok {
		c.p.obs.CacheLookup(true)
		return info, nil
	}
	c.p.obs.CacheLookup(false)
	// What a token cannot see is that token's business: the shared fetch
	// (and the negative memory behind it) is keyed by the token's
	// fingerprint, so one caller's bot cannot get a channel refused for
	// another's.
	key := id
	if s := policy.FromContext(ctx); s != nil {
		key = s.Fingerprint() + "/" + id
	}
	return c.shared(ctx, key, func() (policy.ChannelInfo, error) {
		// Detached from the first caller's cancellation: others wait on it.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		return c.fetch(fctx, id)
	})
}

// shared runs fetch once for concurrent callers asking for the same key.
func (c *Cache) shared(ctx context.Context, key string, fetch func() (policy.ChannelInfo, error)) (policy.ChannelInfo, error) {
	c.mu.Lock()
	if f, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.info, f.err
		case <-ctx.Done():
			return policy.ChannelInfo{}, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()

	f.info, f.err = fetch()
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(f.done)
	return f.info, f.err
}

// Peek returns a cached entry without fetching.
func (c *Cache) Peek(id string) (policy.ChannelInfo, bool) { return c.lru.Peek(id) }

// Len is the number of cached channels.
func (c *Cache) Len() int { return c.lru.Len() }

func (c *Cache) fetch(ctx context.Context, id string) (policy.ChannelInfo, error) {
	if !isSnowflake(id) {
		return policy.ChannelInfo{}, &Error{Kind: InvalidInput, Status: 400, Msg: fmt.Sprintf("%q is not a channel id", id),
			Resolution: "Channel ids are 17-20 digit snowflakes."}
	}
	resp, err := c.p.Do(ctx, &Request{Method: "GET", Path: "/channels/" + id, internal: true})
	if err != nil {
		return policy.ChannelInfo{}, err
	}
	defer resp.Release() // parseChannel copies what it keeps
	switch {
	case resp.OK():
		// Do has stored it via learn.
		if info, ok := c.lru.Peek(id); ok {
			return info, nil
		}
		return parseChannel(resp.Body), nil
	case resp.Status == 404:
		e := &Error{Kind: ChannelNotFound, Status: 404, Msg: fmt.Sprintf("channel %s does not exist or the bot cannot see it", id),
			Resolution: "Check the channel id; list the guild's channels to find it."}
		return policy.ChannelInfo{}, e
	case resp.Status == 403:
		e := &Error{Kind: PermissionDenied, Status: 403, Msg: fmt.Sprintf("the bot cannot read channel %s", id),
			Resolution: "Give the bot View Channel in that channel."}
		return policy.ChannelInfo{}, e
	default:
		return policy.ChannelInfo{}, fmt.Errorf("proxy: channel %s metadata: Discord answered %d", id, resp.Status)
	}
}

func parseChannel(body []byte) policy.ChannelInfo {
	r := gjson.ParseBytes(body)
	info := policy.ChannelInfo{
		ID:       r.Get("id").String(),
		GuildID:  r.Get("guild_id").String(),
		ParentID: r.Get("parent_id").String(),
		Name:     r.Get("name").String(),
		Type:     int(r.Get("type").Int()),
	}
	r.Get("recipients.#.id").ForEach(func(_, id gjson.Result) bool {
		info.Recipients = append(info.Recipients, id.Str)
		return true
	})
	if ow := r.Get("permission_overwrites"); ow.Exists() {
		info.Overwrites = []byte(ow.Raw)
	}
	return info
}

// learn keeps the cache in step with what passes through Do: a channel
// read or edited is stored, a channel deleted or unknown is evicted, and a
// guild's channel list (as names are resolved from) stores each channel,
// so the call that follows needs no metadata read.
func (c *Cache) learn(r *route.Route, resp *Response) {
	if r.Template == route.TGuildsGuildIDChannels && r.Method == "GET" && resp.OK() {
		c.learnList(r.Param("guild_id"), resp.Body)
		return
	}
	id := r.Param("channel_id")
	if id == "" || r.Major != route.MajorChannel {
		return
	}
	isChannel := r.Template == route.TChannelsChannelID
	switch {
	case resp.Status == 404:
		c.lru.Remove(id)
	case isChannel && resp.OK() && (r.Method == "GET" || r.Method == "PATCH"):
		if info := parseChannel(resp.Body); info.ID == id {
			c.lru.Add(id, info)
		}
	case isChannel && r.Method == "DELETE":
		c.lru.Remove(id)
	}
}

// learnList stores the channels of a guild's channel list; an entry
// claiming another guild is left out.
func (c *Cache) learnList(guild string, body []byte) {
	gjson.ParseBytes(body).ForEach(func(_, v gjson.Result) bool {
		if info := parseChannel([]byte(v.Raw)); isSnowflake(info.ID) && info.GuildID == guild {
			c.lru.Add(info.ID, info)
		}
		return true
	})
}

// isSnowflake reports whether s looks like a Discord id (17-20 digits).
func isSnowflake(s string) bool {
	if len(s) < 17 || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
