package mcp

import (
	"bufio"
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// streamSeq numbers POST streams so their event ids never collide with
// the session stream's plain numbers.
var streamSeq atomic.Uint64

// serveCall answers one JSON-RPC call over a POST. The answer is plain JSON
// when the result is ready before any notification; otherwise the response
// turns into an SSE stream that carries the notifications, then the result.
// Closing that stream cancels the call.
//
// forceStream (the client accepts only text/event-stream) streams even a
// plain result. status maps the final JSON body to its HTTP status.
func (s *Server) serveCall(ctx *fasthttp.RequestCtx, r *request, canStream, forceStream bool, status func([]byte) int) {
	callCtx, cancel := context.WithCancel(r.ctx)
	r.ctx = callCtx
	notes := make(chan []byte, 64)
	done := make(chan []byte, 1)
	if canStream {
		r.canAsk = r.sess != nil // the answer comes back as a POST on the session
		r.notify = func(b []byte) {
			select {
			case notes <- b:
			case <-callCtx.Done():
			}
		}
	} else if r.notify == nil {
		// JSON only and no session stream: no room for notifications.
		r.notify = func([]byte) {}
	} // else JSON only: notifications go to the session's GET stream

	s.running.Add(1)
	go func() {
		defer s.running.Add(-1)
		done <- s.dispatch(r)
	}()

	var first []byte
	select {
	case res := <-done:
		if len(notes) == 0 && !forceStream {
			cancel()
			writeJSON(ctx, status(res), res)
			return
		}
		done <- res // notifications came first: they go out first
	case first = <-notes:
	}
	if r.sess != nil && !r.sess.acquireStream() {
		cancel()
		writeJSON(ctx, fasthttp.StatusTooManyRequests, appendError(nil, r.msg.id, errf(CodeInternalError, "too many open streams on this session")))
		return
	}
	startSSE(ctx)
	sess := r.sess
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		defer cancel() // the client left or the result went out
		if sess != nil {
			defer sess.releaseStream()
		}
		s.pumpCall(w, r.msg.id, first, notes, done)
	})
}

// pumpCall writes a call's notifications and finally its result. When the
// server closes, the call was cancelled: its result (or, after
// finishGrace, an error naming the shutdown) still goes out before the
// stream ends.
func (s *Server) pumpCall(w *bufio.Writer, id, first []byte, notes <-chan []byte, done <-chan []byte) {
	prefix := "r" + strconv.FormatUint(streamSeq.Add(1), 10) + "-"
	n := 0
	send := func(b []byte) bool {
		n++
		return writeEvent(w, prefix+strconv.Itoa(n), "message", b) == nil
	}
	if first != nil && !send(first) {
		return
	}
	tick := time.NewTicker(keepAliveEvery)
	defer tick.Stop()
	for {
		select {
		case b := <-notes:
			if !send(b) {
				return
			}
		case res := <-done:
			for len(notes) > 0 {
				if !send(<-notes) {
					return
				}
			}
			send(res)
			return
		case <-tick.C:
			if writeComment(w) != nil {
				return
			}
		case <-s.base.Done():
			select {
			case res := <-done:
				send(res)
			case <-time.After(finishGrace):
				send(appendError(nil, id, errf(CodeInternalError, "server shutting down: the call was cancelled before it answered")))
			}
			return
		}
	}
}
