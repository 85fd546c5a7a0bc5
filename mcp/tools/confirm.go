package tools

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// Kinds of the results that say nothing was sent.
const (
	// NotConfirmed: a destructive call without confirmation; the result
	// previews what it would send.
	NotConfirmed proxy.Kind = "ConfirmationRequiredError"
	// Declined: the user declined (or cancelled) the confirmation.
	Declined proxy.Kind = "DeclinedError"
	// DryRun: --dry-run; the result previews what would be sent.
	DryRun = proxy.DryRun
)

// emptyForm is the elicitation form of a yes/no confirmation: no fields;
// accepting is the answer.
var emptyForm = []byte(`{"type":"object","properties":{}}`)

// gate decides whether a call may send: nil lets it through; otherwise
// the result says why nothing was sent and what would have been.
func (c *Catalog) gate(ctx context.Context, sp *spec, a *args) *mcp.ToolResult {
	if sp.ann.ReadOnlyHint || onlyReads(sp.planned(a)) {
		return nil // nothing it sends can change anything
	}
	if c.opts.DryRun {
		return preview(DryRun, "dry run: nothing was sent", sp, a, "The operator runs this proxy with --dry-run; writes are previewed only.")
	}
	if !c.opts.Confirm || !sp.ann.DestructiveHint {
		return nil
	}
	action, _, err := c.ask(ctx, "Allow "+sp.title+"? It will send:\n"+plainPlan(sp, a), emptyForm)
	switch {
	case err == nil && action == "accept":
		return nil
	case err == nil:
		return preview(Declined, "the user answered "+action+": nothing was sent", sp, a, "Do not retry unless the user asks again.")
	case errors.Is(err, mcp.ErrElicitationMalformed):
		return failure(proxy.InvalidInput, "the client's answer to the confirmation was not a valid elicitation result: nothing was sent",
			"The MCP client sent a malformed elicitation answer; fix or update the client, or call with confirm: true if the user already agreed.")
	case !errors.Is(err, mcp.ErrNoElicitation):
		return failure(proxy.NotConnected, "could not ask the user to confirm: nothing was sent", "Try again; or call with confirm: true if the user already agreed.")
	}
	if v, ok := a.given(confirmParam.name); ok && v.Bool() {
		return nil
	}
	return preview(NotConfirmed, sp.name+" is destructive and was not confirmed: nothing was sent", sp, a,
		"Show the user what would be sent; if they agree, call again with the same arguments and confirm: true.")
}

// onlyReads reports whether every planned request is a GET (the raw
// tool's reads: neither previewed nor confirmed).
func onlyReads(reqs []*proxy.Request) bool {
	for _, r := range reqs {
		if r.Method != "GET" {
			return false
		}
	}
	return len(reqs) > 0
}

// preview is a not-sent result naming exactly what the call would send:
// method, path (with the resolved ids), query and body of each request.
func preview(kind proxy.Kind, what string, sp *spec, a *args, resolution string) *mcp.ToolResult {
	return failure(kind, what+". It would send:\n"+plainPlan(sp, a), resolution)
}

func plainPlan(sp *spec, a *args) string {
	var b strings.Builder
	for _, r := range sp.planned(a) {
		b.WriteString("  ")
		b.WriteString(describeRequest(r))
		if r.Reason != "" {
			// Quoted (Go syntax: quotes, newlines and controls escaped): the
			// caller wrote it, and it must not pass for more of the plan
			// the human approves.
			b.WriteString(" (audit log reason: ")
			b.WriteString(strconv.Quote(r.Reason))
			b.WriteString(")")
		}
		b.WriteByte('\n')
	}
	if sp.run != nil && sp.ann.ReadOnlyHint {
		b.WriteString("  (and further pages as needed)\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
