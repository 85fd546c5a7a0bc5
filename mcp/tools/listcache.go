package tools

import (
	"encoding/binary"
	"sync"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// listCache holds the tool list of each distinct scope seen. Every
// tools/list, and every /v1/tools/call (which checks that the tool is in
// the caller's list), needs one; few distinct scopes exist in practice
// (one per agent configuration), so most lists come from here.
//
// # Trade-offs
//
// The key is what usable reads, nothing more: methods, permission bits,
// intents, and the toolsets visible to the caller (X-Toolsets, a dynamic
// session's enabled set). Keying on more (current ids, targets) would only lower the hit
// rate, since the list does not depend on them; a tool that starts to
// depend on another part of the scope must add it to appendListKey. The
// cache is bounded: when full it drops an arbitrary entry, so a caller
// cycling through scopes costs a rebuild, never memory.
type listCache struct {
	mu    sync.RWMutex // guards lists
	lists map[string][]*mcp.Tool
	max   int
}

// maxCachedLists bounds the cache; a list is a slice of pointers to the
// catalog's shared tools, so an entry costs a few hundred bytes at most.
const maxCachedLists = 1024

func newListCache(max int) *listCache {
	return &listCache{lists: map[string][]*mcp.Tool{}, max: max}
}

// get looks key up without copying it (the map index converts in place).
func (c *listCache) get(key []byte) ([]*mcp.Tool, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	l, ok := c.lists[string(key)]
	return l, ok
}

func (c *listCache) put(key []byte, l []*mcp.Tool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.lists) >= c.max {
		for k := range c.lists {
			delete(c.lists, k)
			break
		}
	}
	c.lists[string(key)] = l
}

// listKeyLen is the key's length: appendListKey's tag, methods,
// permission bits and intents (bit 7: a privileged call, which sees
// discord_request; bit 6: owner access, which sees the owner tools), the
// restricted targets (refusedByReach), then the visible toolsets
// (Catalog.Tools).
const listKeyLen = 1 + 1 + 8 + 1 + 1 + 4

var (
	listMethods = [...]string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	listIntents = [...]string{"server_members", "presence", "message_content"}
)

// appendListKey writes the parts of s that decide which tools it sees.
// A nil scope (no policy: tests, internal callers) sees everything and
// has its own key.
func appendListKey(dst []byte, s *policy.Scope) []byte {
	if s == nil {
		return append(dst, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	}
	var methods, intents byte
	for i, m := range listMethods {
		if s.AllowsMethod(m) {
			methods |= 1 << i
		}
	}
	for i, n := range listIntents {
		if s.HasIntents(n) {
			intents |= 1 << i
		}
	}
	if s.PrivilegedCall() {
		intents |= 1 << 7
	}
	if s.AllowsDMs() {
		intents |= 1 << 6 // the DM tools
	}
	if s.OwnerAccess() {
		intents |= 1 << 5 // the owner tools
	}
	// Restricted targets hide the tools the firewall would always refuse
	// (refusedByReach).
	var targets byte
	for i, restricted := range [...]bool{s.FiltersUsers(), s.FiltersChannels(), s.FiltersGuilds()} {
		if restricted {
			targets |= 1 << i
		}
	}
	dst = append(dst, 1, methods)
	dst = binary.BigEndian.AppendUint64(dst, uint64(s.PermissionCeiling()))
	return append(dst, intents, targets)
}
