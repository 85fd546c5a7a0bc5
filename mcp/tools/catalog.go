// Package tools is the Discord catalog served over MCP: each tool is a row
// of data (schema, annotations, permissions, request template, output
// projection) run by one executor through proxy.Do.
package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// Catalog implements mcp.Catalog for Discord.
type Catalog struct {
	p      *proxy.Proxy
	specs  []*spec
	byName map[string]*spec
	tools  map[string]*mcp.Tool
	// proj holds each tool's output projection, compiled at start.
	proj  map[string]*projection
	lists *listCache
	log   zerolog.Logger
}

var _ mcp.Catalog = (*Catalog)(nil)

// New builds the catalog and its schemas once, refusing a malformed table:
// a broken spec fails at start, not when a model calls it.
func New(p *proxy.Proxy, log zerolog.Logger) (*Catalog, error) {
	c := &Catalog{p: p, specs: specs, byName: map[string]*spec{}, tools: map[string]*mcp.Tool{},
		proj: map[string]*projection{}, lists: newListCache(maxCachedLists), log: log}
	for _, s := range specs {
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("tools: spec %s: %w", s.name, err)
		}
		if _, dup := c.byName[s.name]; dup {
			return nil, fmt.Errorf("tools: spec %s defined twice", s.name)
		}
		proj, err := compileProjection(s.out)
		if err != nil {
			return nil, fmt.Errorf("tools: spec %s: %w", s.name, err)
		}
		ann := s.ann
		c.proj[s.name] = proj
		c.byName[s.name] = s
		t := &mcp.Tool{
			Name:         s.name,
			Title:        s.title,
			Description:  s.desc,
			InputSchema:  s.inputSchema(),
			OutputSchema: s.outputSchema(),
			Annotations:  &ann,
		}
		if t.Encoded, err = mcp.EncodeTool(t); err != nil {
			return nil, fmt.Errorf("tools: spec %s: schema: %w", s.name, err)
		}
		c.tools[s.name] = t
	}
	return c, nil
}

// check verifies a spec against itself.
func (s *spec) check() error {
	if s.name == "" || s.desc == "" || s.method == "" || s.path == "" {
		return fmt.Errorf("name, description, method and path are required")
	}
	for _, p := range s.params {
		if p.in == inPath && !strings.Contains(s.path, "{"+p.name+"}") {
			return fmt.Errorf("path parameter %s is not in %s", p.name, s.path)
		}
		if p.kind == kInt && p.max < p.min {
			return fmt.Errorf("parameter %s: max below min", p.name)
		}
	}
	for rest := s.path; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		name := rest[i+1 : i+j]
		if p := s.param(name); p == nil || p.in != inPath || (!p.required && p.current == "") {
			return fmt.Errorf("placeholder {%s} has no required path parameter", name)
		}
		rest = rest[i+j:]
	}
	var checkFields func([]field) error
	checkFields = func(fs []field) error {
		for _, f := range fs {
			switch f.typ {
			case "string", "integer", "boolean":
			case "array":
				if err := checkFields(f.items); err != nil {
					return err
				}
			default:
				return fmt.Errorf("output field %s has unknown type %q", f.name, f.typ)
			}
		}
		return nil
	}
	for _, f := range s.out {
		if f.src == "" && s.run == nil {
			return fmt.Errorf("output field %s has no source and the tool no run to fill it", f.name)
		}
	}
	if err := checkFields(s.out); err != nil {
		return err
	}
	return checkFields(s.outExtra)
}

// Tools lists the tools the caller's Scope can use: a tool needing a
// method, permission or intent outside the scope is not shown. Lists are
// cached per distinct scope (see listCache).
func (c *Catalog) Tools(ctx context.Context) []*mcp.Tool {
	s := policy.FromContext(ctx)
	var kb [listKeyLen]byte
	key := appendListKey(kb[:0], s)
	if l, ok := c.lists.get(key); ok {
		return l
	}
	out := make([]*mcp.Tool, 0, len(c.specs))
	for _, sp := range c.specs {
		if usable(s, sp) == "" {
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
	if sp.privileged && (s == nil || !s.PrivilegedCall()) {
		return sp.name + " needs X-Privileged-Call: 1 and --enable-passthrough"
	}
	if s == nil {
		return ""
	}
	if sp.method != anyMethod && !s.AllowsMethod(sp.method) {
		return fmt.Sprintf("method %s is outside X-Allowed-Methods", sp.method)
	}
	if sp.perms != 0 && !s.HasPermissions(sp.perms) {
		return fmt.Sprintf("%s needs permission bits %d, outside X-Permission-Bits", sp.name, sp.perms)
	}
	if len(sp.intents) > 0 && !s.HasIntents(sp.intents...) {
		return fmt.Sprintf("%s needs the %s intent, outside X-Privileged-Intents", sp.name, strings.Join(sp.intents, ", "))
	}
	return ""
}

// CallTool validates the arguments, runs the tool and logs one line.
func (c *Catalog) CallTool(ctx context.Context, name string, raw json.RawMessage, progress mcp.Progress) (*mcp.ToolResult, error) {
	sp := c.byName[name]
	if sp == nil {
		return nil, &mcp.Error{Code: mcp.CodeInvalidParams, Message: fmt.Sprintf("unknown tool %q", name)}
	}
	call := &callLog{c: c, tool: name, scope: policy.FromContext(ctx)}
	call.begin()
	res := c.call(proxy.WithTool(ctx, name), sp, raw, progress, call)
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
	call.channel, call.content = a.str("channel_id"), a.str("content")
	if sp.notToCurrent && s != nil && s.CurrentChannel != "" && a.str("channel_id") == s.CurrentChannel {
		return failure(proxy.PermissionDenied, "channel "+s.CurrentChannel+" is the current conversation",
			"Reply normally instead of sending a message with this tool.")
	}
	if sp.run != nil {
		return sp.run(ctx, c, sp, a, progress)
	}
	resp, res := c.do(ctx, sp, a, buildPath(sp, a), buildQuery(sp, a), buildBody(sp, a))
	if res != nil {
		call.src = srcOf(res)
		return res
	}
	call.src = "discord"
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	project(w, c.proj[sp.name], parse(resp.Body), a)
	debugInfo(w, s, resp)
	w.close('}')
	return success(w.bytes())
}

// do sends one request built from a spec. On failure it returns the tool
// result to give the model instead of a response.
func (c *Catalog) do(ctx context.Context, sp *spec, a *args, path, query string, body []byte) (*proxy.Response, *mcp.ToolResult) {
	req := &proxy.Request{Method: sp.method, Path: path, Query: query, Body: body}
	for _, p := range sp.params {
		if p.in == inReason {
			req.Reason = a.str(p.name)
		}
	}
	resp, err := c.p.Do(ctx, req)
	if err != nil {
		return nil, fromProxyError(err)
	}
	if !resp.OK() {
		return nil, fromDiscord(resp)
	}
	return resp, nil
}
