package tools

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// lookups caches the lists names are completed from (a bot's guilds, a
// guild's channels, roles and members), per bot token, for a short while:
// a miss is one request through proxy.Do, shared by callers missing the
// same list at once, and writes through the proxy evict what they touch.
//
// proxy.Do filters answers to the caller's scope, so lists are keyed by
// the token and the scope's target sets (policy.Scope.TargetsKey): callers
// narrowed alike share them, and no list leaks across scopes. Readers
// filter again by their own scope all the same.
type lookups struct {
	lru *expirable.LRU[string, []entry]

	mu       sync.Mutex // guards inflight
	inflight map[string]*lookupFlight
}

const (
	lookupEntries = 512
	lookupTTL     = 60 * time.Second
)

type lookupFlight struct {
	done    chan struct{}
	entries []entry
	err     error
}

// entry is one named thing: a guild, channel, role or member.
type entry struct {
	id, name, parent string
	typ              int
	alt              string // a member's nickname or global name
}

// listKind says which scope predicate filters a list.
type lookupKind uint8

const (
	lookGuilds lookupKind = iota
	lookChannels
	lookRoles
	lookMembers
)

func newLookups(size int, ttl time.Duration) *lookups {
	return &lookups{lru: expirable.NewLRU[string, []entry](size, nil, ttl), inflight: map[string]*lookupFlight{}}
}

// path is the Discord request that lists kind (guild is "" for guilds).
func lookupPath(kind lookupKind, guild string) (string, string) {
	switch kind {
	case lookChannels:
		return "/guilds/" + guild + "/channels", ""
	case lookRoles:
		return "/guilds/" + guild + "/roles", ""
	case lookMembers:
		return "/guilds/" + guild + "/members", "limit=1000"
	}
	return "/users/@me/guilds", ""
}

// list returns kind's entries for the caller in ctx, filtered by its scope.
func (f *Full) list(ctx context.Context, kind lookupKind, guild string) ([]entry, error) {
	s := policy.FromContext(ctx)
	if s == nil || s.Token() == "" {
		return nil, nil
	}
	path, query := lookupPath(kind, guild)
	u := resURI{kind: resGuilds, guild: guild}
	if kind != lookGuilds {
		u.kind = resGuild
	}
	if err := f.allowed(ctx, &u); err != nil {
		return nil, nil // outside the scope: nothing to offer
	}
	key := s.Fingerprint() + " " + s.TargetsKey() + " " + path
	if es, ok := f.look.lru.Get(key); ok {
		return visible(s, kind, es), nil
	}
	es, err := f.look.shared(ctx, key, func() ([]entry, error) {
		resp, err := f.p.Do(ctx, &proxy.Request{Method: "GET", Path: path, Query: query})
		if err != nil || !resp.OK() {
			return nil, err
		}
		es := parseEntries(kind, resp.Body)
		f.look.lru.Add(key, es)
		return es, nil
	})
	return visible(s, kind, es), err
}

// visible keeps the entries the caller's scope allows.
func visible(s *policy.Scope, kind lookupKind, es []entry) []entry {
	out := make([]entry, 0, len(es))
	for _, e := range es {
		ok := true
		switch kind {
		case lookGuilds:
			ok = s.AllowsGuild(e.id)
		case lookChannels:
			ok = s.AllowsListedChannel(e.id, e.parent, e.typ)
		case lookMembers:
			ok = s.AllowsUser(e.id)
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

func parseEntries(kind lookupKind, body []byte) []entry {
	var es []entry
	gjson.ParseBytes(body).ForEach(func(_, v gjson.Result) bool {
		e := entry{id: v.Get("id").String(), name: v.Get("name").String(), parent: v.Get("parent_id").String(), typ: int(v.Get("type").Int())}
		if kind == lookMembers {
			e.id, e.name = v.Get("user.id").String(), v.Get("user.username").String()
			e.alt = firstNonEmpty(v.Get("nick").String(), v.Get("user.global_name").String())
		}
		if e.id != "" {
			es = append(es, e)
		}
		return true
	})
	return es
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// shared runs fetch once for concurrent callers of the same key.
func (l *lookups) shared(ctx context.Context, key string, fetch func() ([]entry, error)) ([]entry, error) {
	l.mu.Lock()
	if fl, ok := l.inflight[key]; ok {
		l.mu.Unlock()
		select {
		case <-fl.done:
			return fl.entries, fl.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	fl := &lookupFlight{done: make(chan struct{})}
	l.inflight[key] = fl
	l.mu.Unlock()
	fl.entries, fl.err = fetch()
	l.mu.Lock()
	delete(l.inflight, key)
	l.mu.Unlock()
	close(fl.done)
	return fl.entries, fl.err
}

// evictGuild forgets every cached list of a guild (any token), and the
// guild lists when the bot joined or left one.
func (l *lookups) evictGuild(guild string, guildList bool) {
	for _, k := range l.lru.Keys() {
		if guild != "" && strings.Contains(k, " /guilds/"+guild+"/") || guildList && strings.HasSuffix(k, " /users/@me/guilds") {
			l.lru.Remove(k)
		}
	}
}
