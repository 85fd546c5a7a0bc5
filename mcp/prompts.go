package mcp

import (
	"context"

	"github.com/tidwall/gjson"
)

// PromptCatalog is an optional interface of Options.Catalog: a catalog
// that serves prompts implements it, and the server then advertises the
// prompts capability.
type PromptCatalog interface {
	// Prompts lists the prompts the caller in ctx may use.
	Prompts(ctx context.Context) []Prompt
	// GetPrompt fills one prompt. An unknown prompt or a missing or bad
	// argument is an *Error with CodeInvalidParams naming it.
	GetPrompt(ctx context.Context, name string, args map[string]string) (*PromptResult, error)
}

// Prompt is one entry of prompts/list.
type Prompt struct {
	Name        string           `json:"name"`
	Title       string           `json:"title,omitempty"`
	Description string           `json:"description,omitempty"`
	Arguments   []PromptArgument `json:"arguments,omitempty"`
}

// PromptArgument is one argument a prompt takes.
type PromptArgument struct {
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
}

// PromptResult is a prompts/get result: text messages.
type PromptResult struct {
	Description string          `json:"description,omitempty"`
	Messages    []PromptMessage `json:"messages"`
}

// PromptMessage is one message of a prompt; Role is "user" or "assistant".
type PromptMessage struct {
	Role    string        `json:"role"`
	Content PromptContent `json:"content"`
}

// PromptContent is a text content block.
type PromptContent struct {
	Type string `json:"type"` // "text"
	Text string `json:"text"`
}

func (s *Server) promptCatalog() PromptCatalog {
	pc, _ := s.o.Catalog.(PromptCatalog)
	return pc
}

func handlePromptsList(s *Server, r *request) ([]byte, *Error) {
	list := []Prompt{}
	if pc := s.promptCatalog(); pc != nil {
		list = append(list, pc.Prompts(r.ctx)...)
	}
	return appendPage(r, "prompts", list)
}

func handlePromptsGet(s *Server, r *request) ([]byte, *Error) {
	p := gjson.ParseBytes(r.msg.params)
	name := p.Get("name")
	if name.Type != gjson.String || name.Str == "" {
		return nil, errf(CodeInvalidParams, "invalid params: name must be a non-empty string")
	}
	args, e := stringMap(p.Get("arguments"), "arguments")
	if e != nil {
		return nil, e
	}
	pc := s.promptCatalog()
	if pc == nil {
		return nil, errf(CodeInvalidParams, "unknown prompt: "+name.Str)
	}
	res, err := pc.GetPrompt(r.ctx, name.Str, args)
	if err != nil {
		return nil, s.catalogError(r, err, "")
	}
	return marshalResult(res)
}

// stringMap reads an object of string values (prompt arguments, a
// completion's context); absent or null is an empty map.
func stringMap(v gjson.Result, what string) (map[string]string, *Error) {
	out := map[string]string{}
	if !v.Exists() || v.Type == gjson.Null {
		return out, nil
	}
	if !v.IsObject() {
		return nil, errf(CodeInvalidParams, "invalid params: "+what+" must be an object of strings")
	}
	var bad string
	v.ForEach(func(k, val gjson.Result) bool {
		if val.Type != gjson.String {
			bad = k.String()
			return false
		}
		out[k.String()] = val.Str
		return true
	})
	if bad != "" {
		return nil, errf(CodeInvalidParams, "invalid params: "+what+"."+bad+" must be a string")
	}
	return out, nil
}
