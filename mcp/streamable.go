package mcp

import (
	"bufio"
	"bytes"
	"context"
	"strconv"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

const (
	headerSessionID       = "Mcp-Session-Id"
	headerProtocolVersion = "Mcp-Protocol-Version"
	headerMethod          = "Mcp-Method"
	headerName            = "Mcp-Name"
)

// serveStreamable is the streamable HTTP transport on /v1 and /mcp.
func (s *Server) serveStreamable(ctx *fasthttp.RequestCtx) {
	switch {
	case ctx.IsPost():
		s.servePOST(ctx)
	case ctx.IsGet():
		s.serveGET(ctx)
	case ctx.IsDelete():
		s.serveDELETE(ctx)
	default:
		ctx.Response.Header.Set("Allow", "GET, POST, DELETE")
		s.refuse(ctx, false, fasthttp.StatusMethodNotAllowed, "method not allowed")
	}
}

// accepts reports what the client's Accept header allows. No header at
// all is taken as "anything" (curl).
func accepts(ctx *fasthttp.RequestCtx) (jsonOK, sseOK bool) {
	acc := ctx.Request.Header.Peek("Accept")
	if len(acc) == 0 {
		return true, false
	}
	any := bytes.Contains(acc, []byte("*/*"))
	jsonOK = any || bytes.Contains(acc, []byte("application/json")) || bytes.Contains(acc, []byte("application/*"))
	sseOK = bytes.Contains(acc, []byte("text/event-stream"))
	return jsonOK, sseOK
}

func (s *Server) servePOST(ctx *fasthttp.RequestCtx) {
	jsonOK, sseOK := accepts(ctx)
	if !jsonOK && !sseOK {
		s.refuse(ctx, false, fasthttp.StatusNotAcceptable, "Accept must include application/json or text/event-stream")
		return
	}
	if ct := ctx.Request.Header.ContentType(); len(ct) > 0 && !bytes.HasPrefix(ct, []byte("application/json")) {
		s.refuse(ctx, false, fasthttp.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	pctx, status, err := s.prepare(ctx)
	if err != nil {
		s.refuse(ctx, false, status, err.Error())
		return
	}
	msgs, errs, batch, perr := decodeBody(ctx.Request.Body())
	if perr != nil {
		writeJSON(ctx, parseErrorStatus(ctx, perr), appendError(nil, nil, perr))
		return
	}
	for _, m := range msgs {
		if m.method == "initialize" {
			s.postInitialize(ctx, pctx, s.callerOf(pctx), msgs[0], errs[0], batch)
			return
		}
	}
	hv := headerVersion(ctx.Request.Header.Peek(headerProtocolVersion))
	if !batch && (isModern(hv) || metaStr(readParams(msgs[0].params).version) != "" || msgs[0].method == "server/discover") {
		s.postModern(ctx, pctx, msgs[0], errs[0], hv, jsonOK, sseOK)
		return
	}
	// Only sessions belong to a caller: the stateless path above never
	// needs one named.
	ss := s.sessionFor(ctx, s.callerOf(pctx))
	if ss == nil {
		return
	}
	if hv != "" && !validHeaderVersion(hv) {
		s.refuse(ctx, false, fasthttp.StatusBadRequest, "unsupported MCP-Protocol-Version: "+hv)
		return
	}
	if batch {
		s.postBatch(ctx, pctx, ss, msgs, errs)
		return
	}
	if errs[0] != nil {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, msgs[0].id, errs[0]))
		return
	}
	r := &request{msg: msgs[0], ctx: pctx, sess: ss, version: ss.getVersion(), notify: func(b []byte) { ss.out.push(b, ss.done) }}
	if !r.msg.isCall() {
		s.dispatch(r)
		ctx.SetStatusCode(fasthttp.StatusAccepted)
		return
	}
	s.serveCall(ctx, r, sseOK, !jsonOK, func([]byte) int { return fasthttp.StatusOK })
}

// parseErrorStatus: /mcp keeps the MCP transport's 400 for a body that is
// not JSON; /v1 answers 200 as plain JSON-RPC over HTTP does (the Dis.gg
// guide: "JSON-RPC always answers with HTTP 200"), for clients written to it.
func parseErrorStatus(ctx *fasthttp.RequestCtx, e *Error) int {
	if p := ctx.Path(); e.Code == CodeParseError && (string(p) == "/v1" || string(p) == "/v1/") {
		return fasthttp.StatusOK
	}
	return fasthttp.StatusBadRequest
}

// sessionFor finds the caller's session, answering 400 (no id) or 404
// (unknown, ended or another caller's: the client must start over) when
// there is none.
func (s *Server) sessionFor(ctx *fasthttp.RequestCtx, c Caller) *session {
	sid := ctx.Request.Header.Peek(headerSessionID)
	if len(sid) == 0 {
		s.refuse(ctx, false, fasthttp.StatusBadRequest, "missing Mcp-Session-Id header: send initialize first")
		return nil
	}
	ss := s.sessions.getOwned(string(sid), c)
	if ss == nil {
		s.refuse(ctx, false, fasthttp.StatusNotFound, "unknown or expired session: initialize again")
	}
	return ss
}

// postInitialize starts a session. initialize must travel alone.
func (s *Server) postInitialize(ctx *fasthttp.RequestCtx, pctx context.Context, c Caller, m message, merr *Error, batch bool) {
	if batch {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, nil, errf(CodeInvalidRequest, "invalid request: initialize must not be part of a batch")))
		return
	}
	if merr != nil {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, m.id, merr))
		return
	}
	if !m.isCall() {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, nil, errf(CodeInvalidRequest, "invalid request: initialize needs an id")))
		return
	}
	v := negotiate(gjson.GetBytes(m.params, "protocolVersion").String())
	ss, ref := s.sessions.create(v, false, c)
	if ss == nil {
		s.refuseFull(ctx, m.id, ref)
		return
	}
	r := &request{msg: m, ctx: pctx, sess: ss, version: v, notify: func([]byte) {}}
	res := s.dispatch(r)
	if gjson.GetBytes(res, "error").Exists() {
		s.sessions.remove(ss.id)
	} else {
		ctx.Response.Header.Set(headerSessionID, ss.id)
		s.log.Debug().Str("session", ss.id).Str("version", v).Msg("mcp: session started")
	}
	writeJSON(ctx, fasthttp.StatusOK, res)
}

// postBatch answers a JSON-RPC batch, allowed only in 2025-03-26. Calls
// run in order; their notifications go to the session stream.
func (s *Server) postBatch(ctx *fasthttp.RequestCtx, pctx context.Context, ss *session, msgs []message, errs []*Error) {
	if v := ss.getVersion(); v != version20250326 {
		writeJSON(ctx, fasthttp.StatusBadRequest, appendError(nil, nil, errf(CodeInvalidRequest, "invalid request: batches are not supported in protocol version "+v)))
		return
	}
	out := []byte{'['}
	for i, m := range msgs {
		var res []byte
		if errs[i] != nil {
			res = appendError(nil, m.id, errs[i])
		} else {
			res = s.dispatch(&request{msg: m, ctx: pctx, sess: ss, version: ss.getVersion(), notify: func(b []byte) { ss.out.push(b, ss.done) }})
		}
		if res != nil {
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, res...)
		}
	}
	if len(out) == 1 {
		ctx.SetStatusCode(fasthttp.StatusAccepted)
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, append(out, ']'))
}

// serveGET opens the session's server-to-client stream, resuming after
// Last-Event-ID when given.
func (s *Server) serveGET(ctx *fasthttp.RequestCtx) {
	if _, sseOK := accepts(ctx); !sseOK {
		s.refuse(ctx, false, fasthttp.StatusNotAcceptable, "Accept must include text/event-stream")
		return
	}
	if len(ctx.Request.Header.Peek(headerSessionID)) == 0 {
		// Without a session (2026-07-28 has none) there is no stream to open.
		ctx.Response.Header.Set("Allow", "POST")
		s.refuse(ctx, false, fasthttp.StatusMethodNotAllowed, "no standalone stream without a session")
		return
	}
	_, caller, ok := s.preparedCaller(ctx)
	if !ok {
		return
	}
	ss := s.sessionFor(ctx, caller)
	if ss == nil {
		return
	}
	if !ss.acquireStream() {
		s.refuse(ctx, false, fasthttp.StatusTooManyRequests, "too many open streams on this session")
		return
	}
	from := ss.out.last()
	if le := ctx.Request.Header.Peek("Last-Event-ID"); len(le) > 0 {
		if n, err := strconv.ParseInt(string(le), 10, 64); err == nil && n >= 0 && n <= from {
			from = n
		}
	}
	gen := ss.takeGET()
	prime := ss.getVersion() >= version20251125
	startSSE(ctx)
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		defer ss.releaseStream()
		// A priming event gives the client an id to resume from (2025-11-25).
		// Otherwise a comment pushes the headers out now, not at the first
		// keepalive: clients wait for them.
		if prime && writeEvent(w, strconv.FormatInt(from, 10), "", nil) != nil ||
			!prime && writeComment(w) != nil {
			return
		}
		s.pumpSession(w, ss, from, func() bool { return ss.isLiveGET(gen) })
	})
}

func (s *Server) serveDELETE(ctx *fasthttp.RequestCtx) {
	sid := ctx.Request.Header.Peek(headerSessionID)
	if len(sid) == 0 {
		s.refuse(ctx, false, fasthttp.StatusBadRequest, "missing Mcp-Session-Id header")
		return
	}
	_, caller, ok := s.preparedCaller(ctx)
	if !ok {
		return
	}
	if !s.sessions.removeOwned(string(sid), caller) {
		s.refuse(ctx, false, fasthttp.StatusNotFound, "unknown or expired session")
		return
	}
	ctx.SetStatusCode(fasthttp.StatusOK)
}
