// Package tools is the Discord catalog served over MCP: each tool is a row
// of data (schema, annotations, permissions, request template, output
// projection) run by one executor through proxy.Do.
package tools

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// Catalog implements mcp.Catalog for Discord.
type Catalog struct {
	p      *proxy.Proxy
	opts   Options
	served toolsetMask // the toolsets served (with Dynamic: that may be enabled)
	specs  []*spec     // the table's rows served, without their name parameters (see toolCell)
	tools  map[string]*mcp.Tool
	// cells holds each tool's served row and output projection, both
	// made on the tool's first call (row, projFor): most tools are never
	// called in a session.
	cells map[string]*toolCell
	meta  map[string]*metaTool // discovery tools (Dynamic)
	// ask puts a confirmation to the caller's user: mcp's elicitation
	// round trip (a field so that tests can play the user).
	ask   func(ctx context.Context, message string, schema json.RawMessage) (string, json.RawMessage, error)
	lists *listCache
	log   zerolog.Logger
	dms   dmCache // DM channels opened (tools_dms.go)
}

var _ mcp.Catalog = (*Catalog)(nil)

// New builds the whole catalog (every toolset, no confirmation): for
// tests and internal callers. Servers use NewWith.
func New(p *proxy.Proxy, log zerolog.Logger) (*Catalog, error) {
	return NewWith(p, log, Options{Toolsets: []string{"all"}})
}

// NewWith builds the catalog and its schemas once, refusing a malformed
// table: every row is checked, served or not, so a broken row fails at
// start, not when a model calls it.
func NewWith(p *proxy.Proxy, log zerolog.Logger, o Options) (*Catalog, error) {
	return newCatalog(p, log, o, generatedSource())
}

// newCatalog is NewWith taking the tools/list entries from gen where it
// has them.
func newCatalog(p *proxy.Proxy, log zerolog.Logger, o Options, gen entrySource) (*Catalog, error) {
	mask, err := maskOf(o.Toolsets)
	if err != nil {
		return nil, err
	}
	// Sized once: grown row by row, the maps and list left their smaller
	// copies behind as start-up garbage.
	n := 0
	for _, s := range specs {
		if o.served(s, mask) {
			n++
		}
	}
	c := &Catalog{p: p, opts: o, served: mask, specs: make([]*spec, 0, n),
		tools: make(map[string]*mcp.Tool, n), cells: make(map[string]*toolCell, n), meta: map[string]*metaTool{},
		ask: mcp.Elicit, lists: newListCache(maxCachedLists), log: log}
	seen := make(map[string]bool, len(specs))
	var sc entryScratch
	cells := make([]toolCell, 0, n) // one allocation for every row's cell
	for i, s := range specs {
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("tools: spec %s: %w", s.name, err)
		}
		if seen[s.name] {
			return nil, fmt.Errorf("tools: spec %s: %w: defined twice", s.name, errBadSpec)
		}
		seen[s.name] = true
		if !o.served(s, mask) {
			continue
		}
		cells = append(cells, toolCell{base: s, confirm: o.Confirm && s.ann.DestructiveHint})
		cell := &cells[len(cells)-1]
		if err := c.add(cell, &sc, func(t *mcp.Tool) bool { return gen(i, cell.confirm, t) }); err != nil {
			return nil, fmt.Errorf("tools: spec %s: %w", s.name, err)
		}
	}
	if o.Dynamic {
		if err := c.addMeta(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// rowOf is the row served for s: with its name parameters, and with
// confirmParam when confirm.
func rowOf(s *spec, confirm bool) *spec {
	if confirm {
		return withNames(s, confirmParam)
	}
	return withNames(s)
}

// add files one served row: its projection (checked now, compiled on
// first call) and its tools/list entry (gen's generated one, or when gen
// has none its schemas written in sc, reused from row to row).
func (c *Catalog) add(cell *toolCell, sc *entryScratch, gen func(*mcp.Tool) bool) error {
	s := cell.base
	if err := checkProjection(s.out); err != nil {
		return err
	}
	ann := s.ann
	c.cells[s.name] = cell
	c.specs = append(c.specs, s)
	t := &mcp.Tool{
		Name:        s.name,
		Title:       s.title,
		Description: s.desc,
		Annotations: &ann,
	}
	if gen(t) {
		c.tools[s.name] = t
		return nil
	}
	if err := sc.encode(rowOf(s, cell.confirm), t); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	c.tools[s.name] = t
	return nil
}

// visible is the toolsets ctx sees: those served, narrowed by the
// caller's X-Toolsets and, with Dynamic, to those its session enabled.
func (c *Catalog) visible(ctx context.Context, s *policy.Scope) toolsetMask {
	m := c.served
	if c.opts.Dynamic {
		m &= enabledIn(ctx)
	}
	for i, t := range toolsets {
		if m&(1<<i) != 0 && !allowsToolset(s, t.name) {
			m &^= 1 << i
		}
	}
	return m
}

// shows is visible(ctx, s).has(name), judging only that toolset: a call
// needs one answer, not every toolset's.
func (c *Catalog) shows(ctx context.Context, s *policy.Scope, name string) bool {
	m := c.served
	if c.opts.Dynamic {
		m &= enabledIn(ctx)
	}
	return m.has(name) && allowsToolset(s, name)
}

// Tools lists the tools the caller's Scope can use: a tool needing a
// method, permission or intent outside the scope is not shown. Lists are
// cached per distinct scope (see listCache).
func (c *Catalog) Tools(ctx context.Context) []*mcp.Tool {
	s := policy.FromContext(ctx)
	vis := c.visible(ctx, s)
	var kb [listKeyLen]byte
	key := binary.BigEndian.AppendUint32(appendListKey(kb[:0], s), uint32(vis))
	if l, ok := c.lists.get(key); ok {
		return l
	}
	out := make([]*mcp.Tool, 0, len(c.specs)+len(c.meta))
	out = c.appendMeta(out)
	for _, sp := range c.specs {
		if vis.has(sp.toolset) && usable(s, sp) == "" {
			out = append(out, c.tools[sp.name])
		}
	}
	// Clipped: a caller's append must not write into the shared list.
	out = slices.Clip(out)
	c.lists.put(key, out)
	return out
}

// usable says why the scope cannot use the tool, or "". Whatever it reads
// from the scope must be in appendListKey.
func usable(s *policy.Scope, sp *spec) string {
	if sp.needs.privileged && (s == nil || !s.PrivilegedCall()) {
		return sp.name + " needs X-Privileged-Call: 1 and --enable-passthrough"
	}
	if s == nil {
		return ""
	}
	if sp.method != anyMethod && !sp.local && !s.AllowsMethod(sp.method) {
		return fmt.Sprintf("method %s is outside X-Allowed-Methods", sp.method)
	}
	n := &sp.needs
	if n.perms != 0 && !s.HasPermissions(n.perms) {
		return fmt.Sprintf("%s needs permission bits %d, outside X-Permission-Bits", sp.name, n.perms)
	}
	if len(n.intents) > 0 && !s.HasIntents(n.intents...) {
		return fmt.Sprintf("%s needs the %s intent, outside X-Privileged-Intents", sp.name, strings.Join(n.intents, ", "))
	}
	if n.dm && !allowsDMs(s) {
		return sp.name + " sends direct messages; X-Target-Users allows no user"
	}
	if n.owner && !s.OwnerAccess() {
		return sp.name + " is an owner tool; send X-Owner-Access"
	}
	return refusedByReach(s, sp)
}

// CallTool validates the arguments, runs the tool and logs one line.
func (c *Catalog) CallTool(ctx context.Context, name string, raw json.RawMessage, progress mcp.Progress) (*mcp.ToolResult, error) {
	if m := c.meta[name]; m != nil {
		return m.run(ctx, c, raw), nil
	}
	cell := c.cells[name]
	// A tool outside the caller's toolsets answers as one that does not
	// exist.
	if cell == nil || !c.shows(ctx, policy.FromContext(ctx), cell.base.toolset) {
		return nil, &mcp.Error{Code: mcp.CodeInvalidParams, Message: fmt.Sprintf("unknown tool %q", name)}
	}
	sp := cell.row()
	// sp.name, not name: name may be a view into the caller's request
	// body, and the log line, metrics and context outlive its buffer.
	call := &callLog{c: c, tool: sp.name, scope: policy.FromContext(ctx)}
	call.begin()
	res := c.call(proxy.WithTool(ctx, sp.name), sp, raw, progress, call)
	// Results that carry user-written text go to mcp marked as such, for
	// its untrusted-data fence; errors and previews are the proxy's words.
	res.Untrusted = !res.IsError && (anyUntrusted(sp.out) || anyUntrusted(sp.outExtra))
	call.end(res)
	return res, nil
}

func (c *Catalog) call(ctx context.Context, sp *spec, raw json.RawMessage, progress mcp.Progress, call *callLog) *mcp.ToolResult {
	s := policy.FromContext(ctx)
	if why := usable(s, sp); why != "" {
		return failure(proxy.PermissionDenied, why, "Ask the operator for a wider scope.")
	}
	a, err := parseArgs(sp, raw, s)
	if err != nil {
		return failure(proxy.InvalidInput, err.Error(), "Fix the arguments to match the tool's input schema.")
	}
	if res := c.checkUploads(sp, a); res != nil {
		return res
	}
	// Names first: the rules below judge the ids they resolve to.
	if res := c.resolveNames(ctx, sp, a); res != nil {
		return res
	}
	call.channel, call.content = a.str("channel_id"), a.str("content")
	if sp.notToCurrent && s != nil && s.CurrentChannel != "" && a.str("channel_id") == s.CurrentChannel {
		return failure(proxy.PermissionDenied, "channel "+s.CurrentChannel+" is the current conversation",
			"Reply normally instead of sending a message with this tool.")
	}
	if res := c.gate(ctx, sp, a); res != nil {
		return res
	}
	if sp.run != nil {
		return sp.run(ctx, c, sp, a, progress)
	}
	resp, res := c.send(ctx, request(sp, a))
	if res != nil {
		call.src = srcOf(res)
		return res
	}
	call.src = "discord"
	// Written straight into a buffer mcp takes back after encoding it.
	// A fresh one starts at half the answer's size, which a projection
	// rarely outgrows: one allocation, not a run of doublings.
	w := &buf{b: slices.Grow(mcp.Buffer(), len(resp.Body)/2+256)}
	w.open('{')
	project(w, c.projFor(sp), parse(resp.Body), a)
	debugInfo(w, s, resp)
	// Everything kept was copied into w: the answer's buffer can serve
	// the next request.
	resp.Release()
	w.close('}')
	return projected(w.b)
}

// send sends one request. On failure it returns the tool result to give
// the model instead of a response.
func (c *Catalog) send(ctx context.Context, req *proxy.Request) (*proxy.Response, *mcp.ToolResult) {
	resp, err := c.p.Do(ctx, req)
	if err != nil {
		return nil, fromProxyError(err)
	}
	if !resp.OK() {
		return nil, fromDiscord(resp)
	}
	return resp, nil
}

// toolCell is one served tool: its table row, and what is made from it
// on its first call. Racing first calls may each make one (the same: both
// are pure functions of the row); the first stored wins. The fast path is
// one atomic load: no closure, no lock.
type toolCell struct {
	base    *spec
	confirm bool                 // the served row takes confirmParam
	served  atomic.Pointer[spec] // base with its name parameters (withNames)
	proj    atomic.Pointer[projection]
}

// row is the row served: base with its name parameters (and confirm),
// which only a call needs (the tools/list entry is generated).
func (cell *toolCell) row() *spec {
	if sp := cell.served.Load(); sp != nil {
		return sp
	}
	cell.served.CompareAndSwap(nil, rowOf(cell.base, cell.confirm))
	return cell.served.Load()
}

// row is the served row of the named tool, or nil.
func (c *Catalog) row(name string) *spec {
	if cell := c.cells[name]; cell != nil {
		return cell.row()
	}
	return nil
}

// projFor is sp's projection, compiled on its first call.
func (c *Catalog) projFor(sp *spec) *projection {
	cell := c.cells[sp.name]
	if p := cell.proj.Load(); p != nil {
		return p
	}
	return cell.compile(sp)
}

func (cell *toolCell) compile(sp *spec) *projection {
	p, err := compileProjection(sp.out)
	if err != nil { // NewWith ran checkProjection on every served row
		panic(fmt.Sprintf("tools: spec %s: projection refused after its check: %v", sp.name, err))
	}
	cell.proj.CompareAndSwap(nil, p)
	return cell.proj.Load()
}
