package tools

import (
	"sync/atomic"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// Full is the catalog with its resources, prompts, completions and change
// notifications: the tools are the embedded Catalog's, and Full adds the
// optional interfaces the protocol layer discovers on Options.Catalog.
type Full struct {
	*Catalog
	look    *lookups
	changes atomic.Pointer[mcp.Changes] // set by BindChanges, before serving
}

var (
	_ mcp.ResourceCatalog = (*Full)(nil)
	_ mcp.PromptCatalog   = (*Full)(nil)
	_ mcp.Completer       = (*Full)(nil)
	_ mcp.ChangeBinder    = (*Full)(nil)
)

// NewFull wraps c and hooks the proxy's writes, so changes made through
// the proxy by any caller reach subscribers. Call it once per Catalog,
// while wiring.
func NewFull(c *Catalog) *Full {
	f := &Full{Catalog: c, look: newLookups(lookupEntries, lookupTTL)}
	c.p.OnWrite(f.onWrite)
	return f
}

// BindChanges implements mcp.ChangeBinder.
func (f *Full) BindChanges(ch *mcp.Changes) { f.changes.Store(ch) }
