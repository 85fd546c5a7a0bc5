package tools

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// Dynamic toolsets: a session starts with the discovery tools only and
// enables toolsets one by one, so a model's context holds only the tools
// it asked for.

// enabledKey is the session value holding the enabled toolsetMask.
type enabledKey struct{}

func enabledIn(ctx context.Context) toolsetMask {
	m, _ := mcp.SessionValue(ctx, enabledKey{}).(toolsetMask)
	return m
}

// metaTool is a discovery tool: it reads the catalog, not Discord.
type metaTool struct {
	tool *mcp.Tool
	run  func(ctx context.Context, c *Catalog, raw json.RawMessage) *mcp.ToolResult
}

var toolsetArg = `{"type":"object","properties":{"toolset":{"type":"string","description":"A toolset's name, from list_toolsets."}},"required":["toolset"],"additionalProperties":false}`

func (c *Catalog) addMeta() error {
	ro := &mcp.Annotations{ReadOnlyHint: true, IdempotentHint: true}
	for _, m := range []*metaTool{
		{tool: &mcp.Tool{Name: "list_toolsets", Title: "List toolsets", Annotations: ro,
			Description: "List the toolsets this server offers, what each does, and whether it is enabled in this session.",
			InputSchema: json.RawMessage(`{"type":"object","properties":{},"additionalProperties":false}`)}, run: listToolsets},
		{tool: &mcp.Tool{Name: "get_toolset_tools", Title: "Get a toolset's tools", Annotations: ro,
			Description: "List the tools of one toolset, with their descriptions, before enabling it.",
			InputSchema: json.RawMessage(toolsetArg)}, run: toolsetTools},
		{tool: &mcp.Tool{Name: "enable_toolset", Title: "Enable a toolset",
			Annotations: &mcp.Annotations{IdempotentHint: true},
			Description: "Enable a toolset for this session: its tools are added to the tool list.",
			InputSchema: json.RawMessage(toolsetArg)}, run: enableToolset},
	} {
		m.tool.Annotations.Title = m.tool.Title
		enc, err := mcp.EncodeTool(m.tool)
		if err != nil {
			return fmt.Errorf("tools: %s: %w", m.tool.Name, err)
		}
		m.tool.Encoded = enc
		c.meta[m.tool.Name] = m
	}
	return nil
}

// appendMeta adds the discovery tools, in a fixed order, to a tool list.
func (c *Catalog) appendMeta(out []*mcp.Tool) []*mcp.Tool {
	for _, name := range []string{"list_toolsets", "get_toolset_tools", "enable_toolset"} {
		if m := c.meta[name]; m != nil {
			out = append(out, m.tool)
		}
	}
	return out
}

func listToolsets(ctx context.Context, c *Catalog, _ json.RawMessage) *mcp.ToolResult {
	vis := c.visible(ctx, policy.FromContext(ctx))
	w := &buf{}
	w.open('{')
	w.key("toolsets")
	w.open('[')
	for _, t := range toolsets {
		if !c.served.has(t.name) || !allowsToolset(policy.FromContext(ctx), t.name) {
			continue
		}
		w.open('{')
		w.key("name")
		w.str(t.name)
		w.key("description")
		w.str(t.desc)
		w.key("enabled")
		w.bool(vis.has(t.name))
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return success(w.b)
}

// pickToolset reads the toolset argument: one the caller may enable, or
// an error result that answers alike for unknown and withheld names.
func pickToolset(ctx context.Context, c *Catalog, raw json.RawMessage) (string, *mcp.ToolResult) {
	name := gjson.GetBytes(raw, "toolset")
	if !gjson.ValidBytes(raw) || name.Type != gjson.String || !c.served.has(name.Str) || !allowsToolset(policy.FromContext(ctx), name.Str) {
		return "", failure(proxy.InvalidInput, "no toolset named "+fmt.Sprintf("%q", name.String())+" is available", "Pick a name from list_toolsets.")
	}
	return name.Str, nil
}

func toolsetTools(ctx context.Context, c *Catalog, raw json.RawMessage) *mcp.ToolResult {
	name, res := pickToolset(ctx, c, raw)
	if res != nil {
		return res
	}
	s := policy.FromContext(ctx)
	w := &buf{}
	w.open('{')
	w.key("tools")
	w.open('[')
	for _, sp := range c.specs {
		if sp.toolset != name || usable(s, sp) != "" {
			continue
		}
		w.open('{')
		w.key("name")
		w.str(sp.name)
		w.key("description")
		w.str(sp.desc)
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return success(w.b)
}

func enableToolset(ctx context.Context, c *Catalog, raw json.RawMessage) *mcp.ToolResult {
	name, res := pickToolset(ctx, c, raw)
	if res != nil {
		return res
	}
	m := enabledIn(ctx) | 1<<toolsetIndex(name)
	mcp.SetSessionValue(ctx, enabledKey{}, m)
	if !enabledIn(ctx).has(name) {
		return failure(proxy.InvalidInput, "this connection has no session to remember enabled toolsets in",
			"Use a sessioned MCP revision, or ask the operator to serve the toolset with --toolsets.")
	}
	mcp.NotifyToolsChanged(ctx)
	w := &buf{}
	w.open('{')
	w.key("enabled")
	w.str(name)
	w.close('}')
	return success(w.b)
}
