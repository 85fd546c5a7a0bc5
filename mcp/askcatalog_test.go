package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync"
)

// askCatalog is fakeCatalog plus tools that use the protocol plumbing the
// Discord catalog builds on: elicitation, per-session state, tools
// list_changed and untrusted text.
type askCatalog struct {
	fakeCatalog
	mu   sync.Mutex // guards sent
	sent []string   // what "confirm" would have sent to Discord
	// outcome, when set, gets the text of every "confirm" result.
	outcome chan string
}

// moreKey is the session key "enable_more" sets.
type moreKey struct{}

const confirmQuestion = "Delete message 1 in #general?"

var reasonSchema = json.RawMessage(`{"type":"object","properties":{"reason":{"type":"string"}}}`)

func (c *askCatalog) Tools(ctx context.Context) []*Tool {
	obj := json.RawMessage(`{"type":"object"}`)
	ts := append(c.fakeCatalog.Tools(ctx),
		&Tool{Name: "confirm", Description: "asks before it sends", InputSchema: obj, Annotations: &Annotations{DestructiveHint: true}},
		&Tool{Name: "ask_twice", Description: "asks two questions", InputSchema: obj},
		&Tool{Name: "enable_more", Description: "adds the tool more", InputSchema: obj},
		&Tool{Name: "quote", Description: "returns Discord text", InputSchema: json.RawMessage(`{"type":"object","properties":{"text":{"type":"string"}}}`)},
	)
	if SessionValue(ctx, moreKey{}) == true {
		ts = append(ts, &Tool{Name: "more", Description: "enabled per session", InputSchema: obj})
	}
	return ts
}

func (c *askCatalog) CallTool(ctx context.Context, name string, args json.RawMessage, p Progress) (*ToolResult, error) {
	switch name {
	case "confirm":
		action, content, err := Elicit(ctx, confirmQuestion, reasonSchema)
		if err != nil {
			res := elicitFailure(err)
			if c.outcome != nil {
				c.outcome <- res.Text
			}
			return res, nil
		}
		if action == "accept" {
			c.mu.Lock()
			c.sent = append(c.sent, string(content))
			c.mu.Unlock()
		}
		return &ToolResult{Text: action + " " + string(content)}, nil
	case "ask_twice":
		a1, c1, err := Elicit(ctx, "first?", reasonSchema)
		if err != nil {
			return elicitFailure(err), nil
		}
		a2, c2, err := Elicit(ctx, "second?", reasonSchema)
		if err != nil {
			return elicitFailure(err), nil
		}
		return &ToolResult{Text: a1 + " " + string(c1) + " | " + a2 + " " + string(c2)}, nil
	case "enable_more":
		SetSessionValue(ctx, moreKey{}, true)
		NotifyToolsChanged(ctx)
		return &ToolResult{Text: "enabled"}, nil
	case "quote":
		// Discord's JSON does not escape '<' as encoding/json does.
		var st bytes.Buffer
		enc := json.NewEncoder(&st)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(map[string]any{"content": jsonString(args, "text")})
		return &ToolResult{Structured: bytes.TrimSpace(st.Bytes()), Untrusted: true}, nil
	}
	return c.fakeCatalog.CallTool(ctx, name, args, p)
}

func (c *askCatalog) sentCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sent)
}

// elicitFailure reports why a question was not answered, by error kind.
func elicitFailure(err error) *ToolResult {
	switch {
	case errors.Is(err, ErrNoElicitation):
		return &ToolResult{Text: "no-elicitation", IsError: true}
	case errors.Is(err, ErrInputRequired):
		return &ToolResult{Text: "input-required", IsError: true}
	}
	return &ToolResult{Text: "failed: " + err.Error(), IsError: true}
}

func jsonString(args json.RawMessage, key string) string {
	var m map[string]any
	_ = json.Unmarshal(args, &m)
	s, _ := m[key].(string)
	return s
}
