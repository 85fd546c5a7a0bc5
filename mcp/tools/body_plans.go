package tools

import (
	"context"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// Rows whose body is not an object of their parameters: a top-level
// array (Discord's PUT of a list), or an object with a constant member.
// Each has a plan (what examples and previews show) and a run that sends
// exactly that plan.

// arrayBodyPlan sends the row's request with the named array argument as
// the whole body (Discord's PUT of a list).
func arrayBodyPlan(name string) func(sp *spec, a *args) []*proxy.Request {
	return func(sp *spec, a *args) []*proxy.Request {
		req := request(sp, a)
		v, _ := a.given(name)
		w := &buf{}
		sp.param(name).typ.encode(w, v)
		req.Body = w.b
		return []*proxy.Request{req}
	}
}

// runArrayBody sends arrayBodyPlan's request and projects the answer.
func runArrayBody(name string) func(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	return runPlan(arrayBodyPlan(name))
}

// withBodyConst is the row's request with a constant body member added
// (a value Discord requires that has one right answer, e.g. an event's
// privacy_level 2).
func withBodyConst(key, raw string) func(sp *spec, a *args) []*proxy.Request {
	return func(sp *spec, a *args) []*proxy.Request {
		req := request(sp, a)
		w := &buf{}
		w.open('{')
		w.key(key)
		w.raw(raw)
		if len(req.Body) > 2 {
			w.byte(',')
			w.raw(string(req.Body[1:]))
		} else {
			w.close('}')
		}
		req.Body = w.b
		return []*proxy.Request{req}
	}
}

// runPlan sends the plan's one request and projects the answer as the
// single-request executor does.
func runPlan(plan func(sp *spec, a *args) []*proxy.Request) func(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	return func(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
		resp, res := c.send(ctx, plan(sp, a)[0])
		if res != nil {
			return res
		}
		w := getBuf()
		defer putBuf(w)
		w.open('{')
		project(w, c.projFor(sp), parse(resp.Body), a)
		debugInfo(w, policy.FromContext(ctx), resp)
		w.close('}')
		return success(w.bytes())
	}
}
