package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// postModern serves one message of the stateless revision (2026-07-28):
// no session; every request names its version, client and capabilities
// in _meta, and the Mcp-* headers must agree with the body.
func (s *Server) postModern(ctx *fasthttp.RequestCtx, pctx context.Context, m message, merr *Error, hv string, jsonOK, sseOK bool) {
	if merr != nil {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, m.id, merr))
		return
	}
	if !m.isCall() {
		ctx.SetStatusCode(fasthttp.StatusAccepted) // nothing to do without a session
		return
	}
	r := &request{msg: m, ctx: pctx, version: hv, p: readParams(m.params), parsed: true}
	if e := checkModern(ctx, r, hv); e != nil {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, m.id, e))
		return
	}
	r.logLevel = metaLevel(&r.p)
	if m.method == "subscriptions/listen" && !sseOK {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, m.id, errf(CodeInvalidRequest, "subscriptions/listen needs Accept: text/event-stream")))
		return
	}
	if jsonOK && m.method != "subscriptions/listen" && quietCall(&r.p, r.logLevel) {
		// Nothing can precede the result, so the call runs here and answers
		// plain JSON: no goroutine, channels or stream to set up.
		r.notify = ignoreNote
		s.running.Add(1)
		res := s.dispatch(r)
		s.running.Add(-1)
		writeOwnedJSON(ctx, modernStatus(res), res)
		return
	}
	s.serveCall(ctx, r, sseOK, !jsonOK, modernStatus)
}

// ignoreNote is notify where nothing can go.
func ignoreNote([]byte) {}

// quietCall reports that a stateless call can send nothing before its
// result: no progress token, no log level, and no capability that would
// let the server ask the client anything.
func quietCall(p *callParams, logLevel int) bool {
	if logLevel < len(logLevels) || p.progressToken.Exists() {
		return false
	}
	caps := p.caps.res()
	if !caps.Exists() {
		return true
	}
	return !caps.Get("elicitation").Exists() && !caps.Get("sampling").Exists() && !caps.Get("roots").Exists()
}

// checkModernMeta validates the revision a stateless request names in
// _meta, the one check every transport shares.
func checkModernMeta(p *callParams) (string, *Error) {
	mv := metaStr(p.version)
	if mv == "" {
		return "", errf(CodeInvalidParams, "invalid params: missing _meta io.modelcontextprotocol/protocolVersion")
	}
	if !slices.Contains(modernVersions, mv) {
		data, _ := json.Marshal(struct {
			Supported []string `json:"supported"`
			Requested string   `json:"requested"`
		}{allVersions, mv})
		return "", &Error{Code: CodeUnsupportedProtocolVersion, Message: "unsupported protocol version: " + mv, Data: data}
	}
	return mv, nil
}

// metaLevel is the minimum log level a stateless request asks for in
// _meta; none means no logs.
func metaLevel(p *callParams) int {
	if l := levelIndex(metaStr(p.logLevel)); l >= 0 {
		return l
	}
	return len(logLevels)
}

// checkModern validates version and headers against the body. The
// headers are compared as bytes: a match, the usual case, copies nothing.
func checkModern(ctx *fasthttp.RequestCtx, r *request, hv string) *Error {
	mv, e := checkModernMeta(&r.p)
	if e != nil {
		return e
	}
	if hv != mv {
		return errf(CodeHeaderMismatch, "header mismatch: MCP-Protocol-Version "+quote(hv)+" does not match _meta version "+quote(mv))
	}
	if h := ctx.Request.Header.Peek(headerMethod); string(h) != r.msg.method {
		return errf(CodeHeaderMismatch, "header mismatch: Mcp-Method "+quote(string(h))+" does not match method "+quote(r.msg.method))
	}
	key, v := "", pval{}
	switch r.msg.method {
	case "tools/call", "prompts/get":
		key, v = "name", r.p.name
	case "resources/read":
		key, v = "uri", r.p.uri
	}
	if key != "" {
		body := v.res().String()
		if h := ctx.Request.Header.Peek(headerName); string(h) != body {
			return errf(CodeHeaderMismatch, "header mismatch: Mcp-Name "+quote(string(h))+" does not match "+key+" "+quote(body))
		}
	}
	return nil
}

func quote(s string) string { return string(appendJSONString(nil, s)) }

// modernStatus is SEP-2575's mapping of JSON-RPC errors to HTTP statuses.
func modernStatus(res []byte) int {
	// The encoder writes "error" or "result" right after the id, so only
	// the id is skipped: a large result is never scanned.
	code := int64(0)
	if rest, ok := afterID(res); !ok {
		code = gjson.GetBytes(res, "error.code").Int()
	} else if e, isErr := bytes.CutPrefix(rest, []byte(`,"error":`)); isErr {
		code = gjson.GetBytes(e, "code").Int()
	} else {
		return fasthttp.StatusOK
	}
	switch code {
	case CodeMethodNotFound:
		return fasthttp.StatusNotFound
	case CodeInvalidParams, CodeUnsupportedProtocolVersion, CodeHeaderMismatch, -32021:
		return fasthttp.StatusBadRequest
	}
	return fasthttp.StatusOK
}

// afterID is what follows the id of a response our encoder wrote
// (appendResult, appendError): ok is false for any other shape.
func afterID(res []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(res, []byte(`{"jsonrpc":"2.0","id":`))
	if !ok || len(rest) == 0 {
		return nil, false
	}
	if rest[0] != '"' { // a number or null: up to the comma
		i := bytes.IndexByte(rest, ',')
		return rest[max(i, 0):], i > 0
	}
	for i := 1; i < len(rest); i++ {
		switch rest[i] {
		case '\\':
			i++
		case '"':
			return rest[i+1:], true
		}
	}
	return nil, false
}
