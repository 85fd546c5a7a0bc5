package mcp

import (
	"bufio"
	"context"

	"github.com/valyala/fasthttp"
)

// serveLegacyStream is the 2024-11-05 HTTP+SSE transport: the stream's
// first event names the POST endpoint, and every answer comes back on the
// stream. The session lives as long as the stream.
func (s *Server) serveLegacyStream(ctx *fasthttp.RequestCtx) {
	if !ctx.IsGet() {
		ctx.Response.Header.Set("Allow", "GET")
		s.refuse(ctx, false, fasthttp.StatusMethodNotAllowed, "GET opens the stream; POST to the endpoint it names")
		return
	}
	_, caller, ok := s.preparedCaller(ctx)
	if !ok {
		return
	}
	ss, ref := s.sessions.create(version20241105, true, caller)
	if ss == nil {
		s.refuseFull(ctx, nil, ref)
		return
	}
	ss.acquireStream()
	endpoint := []byte("/v1/sse/message?sessionId=" + ss.id)
	startSSE(ctx)
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		defer s.sessions.remove(ss.id)
		defer ss.releaseStream()
		if writeEvent(w, "", "endpoint", endpoint) != nil {
			return
		}
		s.pumpSession(w, ss, 0, func() bool { return true })
	})
}

// serveLegacyMessage takes one client message for a legacy session: 202
// at once, the answer (or its JSON-RPC error) on the stream. A session
// owes at most maxOwedAnswers answers; beyond that the POST itself is
// refused with 429, so no answer is ever dropped for a slow reader.
func (s *Server) serveLegacyMessage(ctx *fasthttp.RequestCtx) {
	if !ctx.IsPost() {
		ctx.Response.Header.Set("Allow", "POST")
		s.refuse(ctx, false, fasthttp.StatusMethodNotAllowed, "method not allowed")
		return
	}
	sid := ctx.QueryArgs().Peek("sessionId")
	if len(sid) == 0 {
		s.refuse(ctx, false, fasthttp.StatusBadRequest, "missing sessionId")
		return
	}
	pctx, caller, ok := s.preparedCaller(ctx)
	if !ok {
		return
	}
	ss := s.sessions.getOwned(string(sid), caller)
	if ss == nil || ss.out == nil || !ss.out.lossless {
		s.refuse(ctx, false, fasthttp.StatusNotFound, "unknown or ended session")
		return
	}
	msgs, errs, batch, perr := decodeBody(ctx.Request.Body())
	answer, id := legacyAnswerID(msgs, errs, batch, perr)
	if answer && !ss.owe(id) {
		ctx.Response.Header.Set("Retry-After", "1")
		s.refuse(ctx, false, fasthttp.StatusTooManyRequests, "too many answers pending on this session's stream: read it, then retry")
		return
	}
	ctx.SetStatusCode(fasthttp.StatusAccepted)
	switch {
	case perr != nil:
		ss.out.pushAnswer(appendError(nil, nil, perr), id)
	case batch:
		ss.out.pushAnswer(appendError(nil, nil, errf(CodeInvalidRequest, "invalid request: batches are not supported on this transport")), id)
	case errs[0] != nil:
		ss.out.pushAnswer(appendError(nil, msgs[0].id, errs[0]), id)
	default:
		r := &request{msg: msgs[0], ctx: pctx, sess: ss, version: ss.getVersion(), notify: func(b []byte) { ss.out.push(b, ss.done) }, canAsk: true}
		s.runAsync(r, ss.done, func(res []byte) {
			if res == nil {
				ss.paid(id) // a notification after all: nothing to carry
				return
			}
			ss.out.pushAnswer(res, id)
		})
	}
}

// legacyAnswerID says whether a POST will put an answer on the stream, and
// under which raw id ("null" when it has none).
func legacyAnswerID(msgs []message, errs []*Error, batch bool, perr *Error) (bool, string) {
	if perr != nil || batch {
		return true, "null"
	}
	m := msgs[0]
	if errs[0] == nil && !m.isCall() {
		return false, ""
	}
	if m.id == nil {
		return true, "null"
	}
	return true, string(m.id)
}

// runAsync dispatches r off the caller's goroutine (tools may take long,
// and notifications/cancelled must get through meanwhile) and hands reply
// its answer, nil for a notification. The call ends with the session.
func (s *Server) runAsync(r *request, done <-chan struct{}, reply func([]byte)) {
	c, cancel := context.WithCancel(r.ctx)
	r.ctx = c
	s.running.Add(1)
	go func() {
		defer s.running.Add(-1)
		defer cancel()
		go func() {
			select {
			case <-done:
				cancel()
			case <-c.Done():
			}
		}()
		reply(s.dispatch(r))
	}()
}
