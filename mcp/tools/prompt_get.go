package tools

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// maxArgText bounds a free-text prompt argument, in characters.
const maxArgText = 1000

// Prompts implements mcp.PromptCatalog. Prompts are the same for every
// caller; the tools a prompt names that the caller cannot use are marked
// when it is filled.
func (f *Full) Prompts(context.Context) []mcp.Prompt {
	out := make([]mcp.Prompt, 0, len(prompts))
	for i := range prompts {
		p := &prompts[i]
		mp := mcp.Prompt{Name: p.name, Title: p.title, Description: p.desc}
		for _, a := range p.args {
			mp.Arguments = append(mp.Arguments, mcp.PromptArgument{Name: a.name, Description: a.desc, Required: a.required})
		}
		out = append(out, mp)
	}
	return out
}

func promptByName(name string) *promptSpec {
	for i := range prompts {
		if prompts[i].name == name {
			return &prompts[i]
		}
	}
	return nil
}

func badPromptArg(name, why string) error {
	return &mcp.Error{Code: mcp.CodeInvalidParams, Message: "invalid params: argument " + name + ": " + why}
}

// GetPrompt implements mcp.PromptCatalog: it checks every argument,
// resolves guild, channel, role and member names within the caller's
// scope (one outside it is "not found", as an unknown one), and fills the
// instructions.
func (f *Full) GetPrompt(ctx context.Context, name string, args map[string]string) (*mcp.PromptResult, error) {
	p := promptByName(name)
	if p == nil {
		return nil, &mcp.Error{Code: mcp.CodeInvalidParams, Message: "invalid params: unknown prompt: " + name}
	}
	for k := range args {
		if !p.hasArg(k) {
			return nil, badPromptArg(k, "this prompt takes no such argument")
		}
	}
	vals := map[string]string{}
	r := &resolver{f: f, ctx: ctx}
	for _, a := range p.args {
		v := strings.TrimSpace(args[a.name])
		if v == "" {
			if a.required {
				return nil, badPromptArg(a.name, "required")
			}
			continue
		}
		shown, err := r.check(a, v)
		if err != nil {
			return nil, err
		}
		vals[a.name] = shown
	}
	text := fillPlaceholders(p.text, r.placeholders(vals))
	text += "\n\nTools to use: " + f.toolNotes(ctx, p.tools) + "."
	return &mcp.PromptResult{Description: p.desc, Messages: []mcp.PromptMessage{{Role: "user", Content: mcp.PromptContent{Type: "text", Text: text}}}}, nil
}

func (p *promptSpec) hasArg(name string) bool {
	for _, a := range p.args {
		if a.name == name {
			return true
		}
	}
	return false
}

// toolNotes names the tools, marking those the caller cannot use now.
func (f *Full) toolNotes(ctx context.Context, names []string) string {
	have := map[string]bool{}
	for _, t := range f.Tools(ctx) {
		have[t.Name] = true
	}
	notes := make([]string, len(names))
	for i, n := range names {
		notes[i] = n
		if !have[n] {
			notes[i] += " (not available to you: the operator has not enabled it or your scope hides it)"
		}
	}
	return strings.Join(notes, ", ")
}

// fillPlaceholders replaces {name} placeholders.
func fillPlaceholders(text string, vals map[string]string) string {
	pairs := make([]string, 0, 2*len(vals))
	for k, v := range vals {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// checkPlain validates the argument kinds that need no lookup.
func checkPlain(a promptArg, v string) (string, error) {
	switch a.kind {
	case argText:
		if utf8.RuneCountInString(v) > maxArgText || strings.ContainsRune(v, 0) {
			return "", badPromptArg(a.name, "text of at most 1000 characters expected")
		}
	case argTime:
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return "", badPromptArg(a.name, "an RFC 3339 time such as 2026-12-24T18:00:00Z expected")
		}
	case argChoice:
		for _, c := range a.choices {
			if v == c {
				return v, nil
			}
		}
		return "", badPromptArg(a.name, "one of "+strings.Join(a.choices, ", ")+" expected")
	case argCount:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return "", badPromptArg(a.name, "a whole number from 1 to 1000 expected")
		}
	}
	return v, nil
}
