package mcp

import (
	"context"
	"encoding/json"
)

// Catalog is what the protocol layer serves. mcp/tools implements it for
// Discord; the protocol layer knows nothing of Discord.
//
// Implementations read the caller's Scope (package policy) from ctx; the
// transports put it there via Options.Prepare.
type Catalog interface {
	// Tools lists the tools the caller in ctx may use, in a stable order.
	Tools(ctx context.Context) []*Tool
	// CallTool runs one tool. A tool failure (Discord refused, bad
	// arguments the model can fix) is a *ToolResult with IsError; an error
	// return is a protocol error (unknown tool → *Error with CodeInvalidParams).
	// args never change, during or after the call: an implementation may
	// read them in place and keep what it read (mcp passes a slice of the
	// message's own copy, which may be read-only memory).
	CallTool(ctx context.Context, name string, args json.RawMessage, p Progress) (*ToolResult, error)
}

// Tool is one entry of tools/list. Schemas are built once at start.
type Tool struct {
	Name         string          `json:"name"`
	Title        string          `json:"title,omitempty"`
	Description  string          `json:"description"`
	InputSchema  json.RawMessage `json:"inputSchema"`
	OutputSchema json.RawMessage `json:"outputSchema,omitempty"`
	Annotations  *Annotations    `json:"annotations,omitempty"`
	// Encoded, when set, is this tool's entry as tools/list writes it
	// (from EncodeTool). A catalog that builds its tools once sets it, so
	// no list is encoded per request.
	Encoded json.RawMessage `json:"-"`
}

// Annotations are hints to the client; see the MCP specification for the
// defaults (readOnly false, destructive true, idempotent false, openWorld true).
type Annotations struct {
	Title           string `json:"title,omitempty"`
	ReadOnlyHint    bool   `json:"readOnlyHint"`
	DestructiveHint bool   `json:"destructiveHint"`
	IdempotentHint  bool   `json:"idempotentHint"`
	OpenWorldHint   bool   `json:"openWorldHint"`
}

// ToolResult is a tools/call result. Text is sent as one text content
// block; Structured (raw JSON object) as structuredContent.
type ToolResult struct {
	Text       string
	Structured json.RawMessage
	// StructuredValid: the catalog guarantees Structured is valid JSON
	// (its own writer made it from parsed values), so it is not checked
	// again. Leave it false when any of it is copied from elsewhere.
	StructuredValid bool
	// StructuredPooled: Structured is a buffer from [Buffer], which mcp
	// takes back once it has written the result; the catalog must not
	// keep it.
	StructuredPooled bool
	IsError          bool
	// Kind names an error result's kind (e.g. "InvalidInputError") for
	// logs and metrics, so nobody parses it back out of Text.
	Kind string
	// Untrusted says the text (or the structured JSON repeated as text)
	// carries data from Discord: user-written words that the text content
	// wraps in a fence marked as untrusted data (fence.go). Leave it false
	// for what the proxy writes itself (errors, previews).
	Untrusted bool
	// Upstream is Discord's own error answer when Discord refused the
	// call: the helper endpoint /v1/tools/call forwards it with its status
	// and X-Response-Src: discord.
	Upstream *UpstreamError
	// Media are content blocks after the text one: images a multimodal
	// model can look at (an attachment's bytes). An image cannot carry a
	// fence, so a catalog sending one says in the (fenced) text before it
	// whose upload it is.
	Media []Media
}

// Media is one image content block: base64 data and its MIME type.
type Media struct {
	MimeType string
	Data     []byte // raw bytes; encoded as base64 when written
}

// UpstreamError is a JSON error body Discord sent, with its HTTP status.
type UpstreamError struct {
	Status int
	Body   []byte
}

// Progress reports progress of a long call to the client, when the client
// asked for it (a progress token). It is never nil; calling it without a
// token is a no-op.
type Progress func(progress, total float64, message string)
