package redisstore

import (
	"sync"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// cache keeps what this process read from Redis that changes rarely
// (bucket hashes) or may be a little stale (token status, invalid
// counts), so the acquire path makes one round trip, not three.
type cache struct {
	mu       sync.Mutex // guards the maps
	hashes   map[ratelimit.RouteKey]hashEntry
	statuses map[string]statusEntry
	invalids map[invalidKey]invalidEntry
}

type hashEntry struct {
	hash string
	used bool // read since the last sweep
}

type statusEntry struct {
	st ratelimit.TokenStatus
	at time.Time
}

type invalidKey struct {
	token   string
	unknown bool
}

type invalidEntry struct {
	c  ratelimit.InvalidCounts
	at time.Time
}

func (c *cache) init() {
	c.hashes = map[ratelimit.RouteKey]hashEntry{}
	c.statuses = map[string]statusEntry{}
	c.invalids = map[invalidKey]invalidEntry{}
}

func (c *cache) hash(k ratelimit.RouteKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.hashes[k]
	if ok && !e.used {
		c.hashes[k] = hashEntry{e.hash, true}
	}
	return e.hash, ok
}

func (c *cache) setHash(k ratelimit.RouteKey, h string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hashes[k] = hashEntry{h, true}
}

func (c *cache) status(token string, now time.Time) (ratelimit.TokenStatus, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.statuses[token]
	if !ok || now.Sub(e.at) >= statusFresh {
		return 0, false
	}
	return e.st, true
}

func (c *cache) setStatus(token string, st ratelimit.TokenStatus, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statuses[token] = statusEntry{st, now}
}

func (c *cache) invalid(token string, unknown bool, now time.Time) (ratelimit.InvalidCounts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.invalids[invalidKey{token, unknown}]
	if !ok || now.Sub(e.at) >= invalidFresh || now.Before(e.at) {
		return ratelimit.InvalidCounts{}, false
	}
	return e.c, true
}

func (c *cache) setInvalid(token string, unknown bool, now time.Time, v ratelimit.InvalidCounts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.invalids[invalidKey{token, unknown}] = invalidEntry{v, now}
}

// sweep drops hashes unread since the last sweep and stale reads.
func (c *cache) sweep(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.hashes {
		if !e.used {
			delete(c.hashes, k)
		} else {
			c.hashes[k] = hashEntry{e.hash, false}
		}
	}
	for k, e := range c.statuses {
		if now.Sub(e.at) >= statusFresh {
			delete(c.statuses, k)
		}
	}
	for k, e := range c.invalids {
		if now.Sub(e.at) >= invalidFresh {
			delete(c.invalids, k)
		}
	}
}
