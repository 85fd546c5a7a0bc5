package mcp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"
)

// pageSize is how many tools one tools/list page carries.
const pageSize = 50

// cursorPrefix makes a cursor recognisably ours; it is opaque to clients.
const cursorPrefix = "o:"

func encodeCursor(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(off)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return 0, false
	}
	n, err := strconv.Atoi(string(b[len(cursorPrefix):]))
	return n, err == nil && n >= 0
}

// EncodeTool returns t's tools/list entry; a tool without a schema still
// gets a valid object schema so strict clients accept the list. It fails
// on a malformed schema.
func EncodeTool(t *Tool) (json.RawMessage, error) {
	return json.Marshal(listEntry(t))
}

// WriteTool writes EncodeTool's bytes and a newline to w, so a catalog can
// pack its entries into buffers of its own instead of one allocation each.
func WriteTool(w io.Writer, t *Tool) error {
	return json.NewEncoder(w).Encode(listEntry(t))
}

func listEntry(t *Tool) *Tool {
	c := *t
	if len(c.InputSchema) == 0 {
		c.InputSchema = json.RawMessage(`{"type":"object"}`)
	}
	return &c
}

// appendTool appends one tool's entry, pre-encoded when the catalog
// encoded it at start.
func appendTool(dst []byte, t *Tool) []byte {
	if len(t.Encoded) > 0 {
		return append(dst, t.Encoded...)
	}
	b, err := EncodeTool(t)
	if err != nil { // a malformed schema from the catalog: skip, keep the list valid
		return dst
	}
	return append(dst, b...)
}

func appendTools(dst []byte, tools []*Tool) []byte {
	dst = append(dst, '[')
	n := len(dst)
	for _, t := range tools {
		if t == nil {
			continue
		}
		if len(dst) > n {
			dst = append(dst, ',')
		}
		before := len(dst)
		dst = appendTool(dst, t)
		if len(dst) == before && len(dst) > n { // skipped: drop the comma
			dst = dst[:len(dst)-1]
		}
	}
	return append(dst, ']')
}

func handleToolsList(s *Server, r *request) ([]byte, *Error) {
	off := 0
	if c := gjson.GetBytes(r.msg.params, "cursor"); c.Exists() && c.Type != gjson.Null {
		n, ok := decodeCursor(c.String())
		if c.Type != gjson.String || !ok {
			return nil, errf(CodeInvalidParams, "invalid params: unknown cursor")
		}
		off = n
	}
	tools := s.o.Catalog.Tools(r.ctx)
	if off > len(tools) {
		return nil, errf(CodeInvalidParams, "invalid params: cursor out of range")
	}
	end := min(off+pageSize, len(tools))
	b := append([]byte(`{"tools":`), appendTools(nil, tools[off:end])...)
	if end < len(tools) {
		b = append(b, `,"nextCursor":`...)
		b = appendJSONString(b, encodeCursor(end))
	}
	return append(b, '}'), nil
}

// handleToolsCall runs a tool with a cancellable context that
// notifications/cancelled (or a vanished client) can stop.
func handleToolsCall(s *Server, r *request) ([]byte, *Error) {
	p := r.params()
	name := p.name.res()
	if name.Type != gjson.String || name.Str == "" {
		return nil, errf(CodeInvalidParams, "invalid params: name must be a non-empty string")
	}
	args := p.arguments.res()
	raw := emptyArgs()
	if args.Exists() && args.Type != gjson.Null {
		if !args.IsObject() {
			return nil, errf(CodeInvalidParams, "invalid params: arguments must be an object")
		}
		// The message is decodeBody's own copy, which no one changes: the
		// arguments are passed in place, not copied again.
		raw = rawOf(args.Raw)
	}
	ctx := r.ctx
	if r.sess != nil {
		// notifications/cancelled can stop it. Without a session nothing
		// can (a streamed stateless call's context is already cancelled
		// when its client leaves), and a cancel context would only add a
		// child, under a lock every call shares, to the server's.
		c, cancel := context.WithCancel(ctx)
		defer cancel()
		defer r.sess.track(r.msg.id, cancel)()
		ctx = c
	}
	if r.modern() {
		r.round = s.newInputRound(p, name.Str, raw)
	}
	res, err := s.callTool(ctx, r, name.Str, raw, progressFunc(p.progressToken.res(), r.notify))
	if r.round != nil && r.round.pending() {
		return r.round.result(s.states), nil // the tool stopped to ask
	}
	if err != nil {
		return nil, err
	}
	out := appendToolResult(getBody(), res, !s.o.DisableUntrustedFence)
	releaseStructured(res)
	return out, nil
}

// callTool calls the catalog with the call's logging hook in ctx.
func (s *Server) callTool(ctx context.Context, r *request, name string, args json.RawMessage, prog Progress) (*ToolResult, *Error) {
	// The call's info lives in the request, which outlives the call: no
	// allocation of its own.
	r.call = callCtx{Context: ctx, info: callInfo{notify: r.notify, sess: r.sess, level: r.logLevel, version: r.version, canAsk: r.canAsk, round: r.round}}
	ctx = &r.call
	res, err := s.o.Catalog.CallTool(ctx, name, args, prog)
	if err != nil {
		if e, ok := err.(*Error); ok {
			return nil, e
		}
		s.log.Warn().Err(err).Str("tool", name).Msg("mcp: tool call failed")
		return nil, errf(CodeInternalError, "internal error: "+err.Error())
	}
	if res == nil {
		return nil, errf(CodeInternalError, "internal error: tool returned no result")
	}
	return res, nil
}

// progressFunc sends notifications/progress for a progress token (a string
// or a number); without one it does nothing.
func progressFunc(tok gjson.Result, notify func([]byte)) Progress {
	if tok.Type != gjson.String && tok.Type != gjson.Number {
		return func(float64, float64, string) {}
	}
	token := tok.Raw
	return func(progress, total float64, message string) {
		b := append([]byte(`{"progressToken":`), token...)
		b = append(b, `,"progress":`...)
		b = strconv.AppendFloat(b, progress, 'g', -1, 64)
		if total > 0 {
			b = append(b, `,"total":`...)
			b = strconv.AppendFloat(b, total, 'g', -1, 64)
		}
		if message != "" {
			b = append(b, `,"message":`...)
			b = appendJSONString(b, message)
		}
		b = append(b, '}')
		notify(appendNotification(nil, "notifications/progress", b))
	}
}

// appendToolResult encodes a ToolResult. With only structured content the
// text block repeats it, as the specification asks for older clients.
//
// With fence, the text of an Untrusted result goes inside a fence marked
// as untrusted data; structuredContent is unchanged.
func appendToolResult(dst []byte, res *ToolResult, fence bool) []byte {
	structured := len(res.Structured) > 0 && (res.StructuredValid || gjson.ValidBytes(res.Structured))
	// One allocation: the text repeats the structured JSON with its
	// quotes escaped (about one byte in ten), then the JSON itself.
	n := len(res.Text) + len(res.Text)/8
	if structured {
		n += 2*len(res.Structured) + len(res.Structured)/8
	}
	dst = slices.Grow(dst, n+64)
	dst = append(dst, `{"content":[{"type":"text","text":`...)
	fenced := fence && res.Untrusted && !res.IsError
	switch {
	case fenced && res.Text == "" && structured:
		dst = appendFenced(dst, res.Structured, newFenceID())
	case fenced:
		dst = appendFenced(dst, res.Text, newFenceID())
	case res.Text == "" && structured:
		dst = appendJSONText(dst, res.Structured)
	default:
		dst = appendJSONText(dst, res.Text)
	}
	dst = append(dst, '}')
	dst = appendMedia(dst, res.Media)
	dst = append(dst, ']')
	if structured {
		dst = append(dst, `,"structuredContent":`...)
		dst = append(dst, res.Structured...)
	}
	if res.IsError {
		dst = append(dst, `,"isError":true`...)
	}
	return append(dst, '}')
}

// appendMedia appends image content blocks, each after a comma.
func appendMedia(dst []byte, media []Media) []byte {
	for _, m := range media {
		dst = append(dst, `,{"type":"image","mimeType":`...)
		dst = appendJSONString(dst, m.MimeType)
		dst = append(dst, `,"data":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, m.Data)
		dst = append(dst, `"}`...)
	}
	return dst
}

// emptyArgs is {} for a call without arguments, in read-only memory: no
// allocation, and a Catalog never writes its args.
func emptyArgs() json.RawMessage { return rawOf("{}") }

// rawOf is s's bytes in place; s must stay unchanged while they are used
// (a Catalog may keep slices of them).
func rawOf(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
