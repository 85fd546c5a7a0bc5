package mcp

import (
	"bufio"
	"strconv"
	"time"

	"github.com/valyala/fasthttp"
)

// startSSE sets the headers of an event stream.
func startSSE(ctx *fasthttp.RequestCtx) {
	ctx.SetStatusCode(fasthttp.StatusOK)
	ctx.SetContentType("text/event-stream")
	ctx.Response.Header.Set("Cache-Control", "no-cache")
	ctx.Response.Header.Set("X-Accel-Buffering", "no") // keep reverse proxies from buffering
}

// writeEvent writes one SSE event and flushes it. An error means the
// client is gone. data must be a single line (compact JSON is).
func writeEvent(w *bufio.Writer, id, name string, data []byte) error {
	if id != "" {
		w.WriteString("id: ")
		w.WriteString(id)
		w.WriteByte('\n')
	}
	if name != "" {
		w.WriteString("event: ")
		w.WriteString(name)
		w.WriteByte('\n')
	}
	w.WriteString("data: ")
	w.Write(data)
	w.WriteString("\n\n")
	return w.Flush()
}

// writeComment keeps a stream alive and probes whether the client is there.
func writeComment(w *bufio.Writer) error {
	w.WriteString(": keepalive\n\n")
	return w.Flush()
}

// pumpSession copies a session's outbox onto a stream from event id
// `from` until the session ends, the server closes, the client leaves or
// live() says a newer stream took over. When the session or server ends,
// the answers it still owes go out first (see finishSession).
func (s *Server) pumpSession(w *bufio.Writer, ss *session, from int64, live func() bool) {
	tick := time.NewTicker(keepAliveEvery)
	defer tick.Stop()
	last := from
	for {
		var ok bool
		if last, ok = s.writeOutbox(w, ss, last); !ok {
			return
		}
		select {
		case <-ss.out.wake:
		case <-tick.C:
			if !live() || writeComment(w) != nil {
				return
			}
			ss.touch()
		case <-ss.done:
			s.finishSession(w, ss, last)
			return
		case <-s.base.Done():
			s.finishSession(w, ss, last)
			return
		}
		if !live() {
			return
		}
	}
}

// writeOutbox writes the events after last; ok is false when the client
// is gone.
func (s *Server) writeOutbox(w *bufio.Writer, ss *session, last int64) (int64, bool) {
	for _, e := range ss.out.after(last) {
		if err := writeEvent(w, strconv.FormatInt(e.id, 10), "message", e.data); err != nil {
			return last, false
		}
		last = e.id
		ss.out.markWritten(e.id)
		if e.answer != "" {
			ss.paid(e.answer)
		}
	}
	return last, true
}

// finishSession runs when the session or the server ends: calls still
// running were cancelled, so their answers arrive shortly. It waits up to
// finishGrace for every owed answer, writes them, and sends a JSON-RPC
// error for any call that has not answered by then, so no call on the
// stream is left without a reply.
func (s *Server) finishSession(w *bufio.Writer, ss *session, last int64) {
	deadline := time.NewTimer(finishGrace)
	defer deadline.Stop()
	for waiting := true; waiting; {
		var ok bool
		if last, ok = s.writeOutbox(w, ss, last); !ok {
			return
		}
		if len(ss.owedAnswers()) == 0 {
			return
		}
		select {
		case <-ss.out.wake:
		case <-deadline.C:
			waiting = false
		}
	}
	for _, id := range ss.owedAnswers() {
		e := appendError(nil, []byte(id), errf(CodeInternalError, "server shutting down: the call was cancelled before it answered"))
		if writeEvent(w, "", "message", e) != nil {
			return
		}
		ss.paid(id)
	}
}
