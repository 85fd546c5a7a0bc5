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
	if e := checkModern(ctx, m, hv); e != nil {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, m.id, e))
		return
	}
	r := &request{msg: m, ctx: pctx, version: hv, logLevel: metaLogLevel(m)}
	if m.method == "subscriptions/listen" && !sseOK {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, m.id, errf(CodeInvalidRequest, "subscriptions/listen needs Accept: text/event-stream")))
		return
	}
	if jsonOK && m.method != "subscriptions/listen" && quietCall(m, r.logLevel) {
		// Nothing can precede the result, so the call runs here and answers
		// plain JSON: no goroutine, channels or stream to set up.
		r.notify = func([]byte) {}
		s.running.Add(1)
		res := s.dispatch(r)
		s.running.Add(-1)
		writeOwnedJSON(ctx, modernStatus(res), res)
		return
	}
	s.serveCall(ctx, r, sseOK, !jsonOK, modernStatus)
}

// quietCall reports that a stateless call can send nothing before its
// result: no progress token, no log level, and no capability that would
// let the server ask the client anything.
func quietCall(m message, logLevel int) bool {
	if logLevel < len(logLevels) {
		return false
	}
	meta := gjson.GetBytes(m.params, "_meta")
	if meta.Get("progressToken").Exists() {
		return false
	}
	caps := meta.Get(escapePath("io.modelcontextprotocol/clientCapabilities"))
	return !caps.Get("elicitation").Exists() && !caps.Get("sampling").Exists() && !caps.Get("roots").Exists()
}

// checkModernMeta validates the revision a stateless request names in
// _meta, the one check every transport shares.
func checkModernMeta(m message) (string, *Error) {
	mv := metaString(m.params, "io.modelcontextprotocol/protocolVersion")
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

// metaLogLevel is the minimum log level a stateless request asks for in
// _meta; none means no logs.
func metaLogLevel(m message) int {
	if l := levelIndex(metaString(m.params, "io.modelcontextprotocol/logLevel")); l >= 0 {
		return l
	}
	return len(logLevels)
}

// checkModern validates version and headers against the body.
func checkModern(ctx *fasthttp.RequestCtx, m message, hv string) *Error {
	mv, e := checkModernMeta(m)
	if e != nil {
		return e
	}
	if hv != mv {
		return errf(CodeHeaderMismatch, "header mismatch: MCP-Protocol-Version "+quote(hv)+" does not match _meta version "+quote(mv))
	}
	if h := string(ctx.Request.Header.Peek(headerMethod)); h != m.method {
		return errf(CodeHeaderMismatch, "header mismatch: Mcp-Method "+quote(h)+" does not match method "+quote(m.method))
	}
	key := ""
	switch m.method {
	case "tools/call", "prompts/get":
		key = "name"
	case "resources/read":
		key = "uri"
	}
	if key != "" {
		body := gjson.GetBytes(m.params, key).String()
		if h := string(ctx.Request.Header.Peek(headerName)); h != body {
			return errf(CodeHeaderMismatch, "header mismatch: Mcp-Name "+quote(h)+" does not match "+key+" "+quote(body))
		}
	}
	return nil
}

func quote(s string) string { return string(appendJSONString(nil, s)) }

// modernStatus is SEP-2575's mapping of JSON-RPC errors to HTTP statuses.
func modernStatus(res []byte) int {
	// The encoder writes "error" or "result" right after the id, so only
	// the id is parsed: a large result is never scanned.
	code := int64(0)
	if id := gjson.GetBytes(res, "id"); id.Index > 0 {
		rest := res[id.Index+len(id.Raw):]
		if !bytes.HasPrefix(rest, []byte(`,"error":`)) {
			return fasthttp.StatusOK
		}
		code = gjson.GetBytes(rest[len(`,"error":`):], "code").Int()
	} else {
		code = gjson.GetBytes(res, "error.code").Int()
	}
	switch code {
	case CodeMethodNotFound:
		return fasthttp.StatusNotFound
	case CodeInvalidParams, CodeUnsupportedProtocolVersion, CodeHeaderMismatch, -32021:
		return fasthttp.StatusBadRequest
	}
	return fasthttp.StatusOK
}
