package mcp

import (
	"encoding/json"
	"strconv"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy/jsonguard"
)

// JSON-RPC 2.0 and MCP error codes.
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternalError  = -32603
	// CodeHeaderMismatch: Mcp-Method, Mcp-Name or MCP-Protocol-Version
	// disagree with the body (2026-07-28).
	CodeHeaderMismatch = -32020
	// CodeUnsupportedProtocolVersion carries {supported, requested} (2026-07-28).
	CodeUnsupportedProtocolVersion = -32022
)

// Error is a JSON-RPC error. A Catalog returns one to make a protocol error
// (for example an unknown tool, CodeInvalidParams).
type Error struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *Error) Error() string { return "jsonrpc " + strconv.Itoa(e.Code) + ": " + e.Message }

func errf(code int, msg string) *Error { return &Error{Code: code, Message: msg} }

// message is one decoded JSON-RPC message. Slices point into the body.
type message struct {
	id     []byte // raw JSON id (number or string); nil for notifications
	method string
	params []byte // raw params object, nil when absent
	// response is set for a client's answer to a server request (result or
	// error, no method): an elicitation's answer (see elicit.go). raw is
	// the whole message then.
	response bool
	raw      []byte
}

func (m *message) isCall() bool { return m.id != nil && !m.response }

// decodeBody splits a POST body into messages. batch reports a top-level
// array. A parse error fails the whole body; an invalid member of a batch
// comes back as a message with its error so the batch can answer it.
//
// The body is copied once (fasthttp reuses its buffer, and a call may
// outlive the handler); each message's id, params and raw are slices of
// that copy, which no one changes.
func decodeBody(b []byte) (msgs []message, errs []*Error, batch bool, perr *Error) {
	// The bounded validator first: gjson's own recurses per nesting level.
	if err := jsonguard.Validate(b); err != nil {
		return nil, nil, false, errf(CodeParseError, "parse error: "+err.Error())
	}
	own := string(b)
	root := gjson.Parse(own)
	if root.IsArray() {
		arr := root.Array()
		if len(arr) == 0 {
			return nil, nil, true, errf(CodeInvalidRequest, "invalid request: empty batch")
		}
		for _, r := range arr {
			m, err := decodeOne(r)
			msgs = append(msgs, m)
			errs = append(errs, err)
		}
		return msgs, errs, true, nil
	}
	m, err := decodeOne(root)
	one := &single{msgs: [1]message{m}, errs: [1]*Error{err}}
	return one.msgs[:], one.errs[:], false, nil
}

// single holds a lone message and its error, so the two slices decodeBody
// returns for it are one allocation, not two.
type single struct {
	msgs [1]message
	errs [1]*Error
}

// msgFields are the members of a message, each read once in one pass
// over its keys (the first of a repeated key counts, as with gjson.Get).
type msgFields struct{ id, jsonrpc, method, params, result, error gjson.Result }

func readMsg(r gjson.Result) msgFields {
	var f msgFields
	r.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "id":
			first(&f.id, v)
		case "jsonrpc":
			first(&f.jsonrpc, v)
		case "method":
			first(&f.method, v)
		case "params":
			first(&f.params, v)
		case "result":
			first(&f.result, v)
		case "error":
			first(&f.error, v)
		}
		return true
	})
	return f
}

// decodeOne validates one message. On error, m.id is still set when the id
// itself was valid, so the error answer can name it.
func decodeOne(r gjson.Result) (m message, err *Error) {
	if !r.IsObject() {
		return m, errf(CodeInvalidRequest, "invalid request: message must be a JSON object")
	}
	f := readMsg(r)
	switch id := f.id; {
	case !id.Exists():
	case id.Type == gjson.String || id.Type == gjson.Number:
		m.id = rawBytes(id.Raw)
	default:
		return m, errf(CodeInvalidRequest, "invalid request: id must be a string or a number")
	}
	if v := f.jsonrpc; v.Type != gjson.String || v.Str != "2.0" {
		return m, errf(CodeInvalidRequest, `invalid request: jsonrpc must be "2.0"`)
	}
	method := f.method
	if !method.Exists() {
		if m.id != nil && (f.result.Exists() || f.error.Exists()) {
			m.response, m.raw = true, rawBytes(r.Raw)
			return m, nil
		}
		return m, errf(CodeInvalidRequest, "invalid request: missing method")
	}
	if method.Type != gjson.String || method.Str == "" {
		return m, errf(CodeInvalidRequest, "invalid request: method must be a non-empty string")
	}
	m.method = method.Str
	if p := f.params; p.Exists() {
		if !p.IsObject() {
			return m, errf(CodeInvalidParams, "invalid params: params must be an object")
		}
		m.params = rawBytes(p.Raw)
	}
	return m, nil
}

// rawBytes views raw JSON, a slice of decodeBody's private copy, as
// bytes without copying it again. The capacity ends with the value, so an
// append can never write into the copy.
func rawBytes(raw string) []byte {
	if raw == "" {
		return []byte{}
	}
	return unsafe.Slice(unsafe.StringData(raw), len(raw))[:len(raw):len(raw)]
}

// appendResult appends a success response. result must be a JSON value.
func appendResult(dst, id, result []byte) []byte {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = append(dst, id...)
	dst = append(dst, `,"result":`...)
	dst = append(dst, result...)
	return append(dst, '}')
}

// appendError appends an error response; a nil id is written as null.
func appendError(dst, id []byte, e *Error) []byte {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	if id == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, id...)
	}
	dst = append(dst, `,"error":{"code":`...)
	dst = strconv.AppendInt(dst, int64(e.Code), 10)
	dst = append(dst, `,"message":`...)
	dst = appendJSONString(dst, e.Message)
	if len(e.Data) > 0 {
		dst = append(dst, `,"data":`...)
		dst = append(dst, e.Data...)
	}
	return append(dst, "}}"...)
}

// appendRequest appends a server-to-client request; id is raw JSON.
func appendRequest(dst []byte, id, method string, params []byte) []byte {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = append(dst, id...)
	dst = append(dst, `,"method":`...)
	dst = appendJSONString(dst, method)
	dst = append(dst, `,"params":`...)
	dst = append(dst, params...)
	return append(dst, '}')
}

// appendNotification appends a server notification; params is a JSON object.
func appendNotification(dst []byte, method string, params []byte) []byte {
	dst = append(dst, `{"jsonrpc":"2.0","method":`...)
	dst = appendJSONString(dst, method)
	if params != nil {
		dst = append(dst, `,"params":`...)
		dst = append(dst, params...)
	}
	return append(dst, '}')
}

// appendJSONString appends s as a JSON string (encoding/json's escaping,
// which also keeps the output safe inside HTML and SSE data lines).
func appendJSONString(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return append(dst, b...)
}
