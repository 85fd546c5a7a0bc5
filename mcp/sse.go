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
// live() says a newer stream took over.
func (s *Server) pumpSession(w *bufio.Writer, ss *session, from int64, live func() bool) {
	tick := time.NewTicker(keepAliveEvery)
	defer tick.Stop()
	last := from
	for {
		for _, e := range ss.out.after(last) {
			if err := writeEvent(w, strconv.FormatInt(e.id, 10), "message", e.data); err != nil {
				return
			}
			last = e.id
		}
		select {
		case <-ss.out.wake:
		case <-tick.C:
			if !live() || writeComment(w) != nil {
				return
			}
			ss.touch()
		case <-ss.done:
			return
		case <-s.base.Done():
			return
		}
		if !live() {
			return
		}
	}
}
