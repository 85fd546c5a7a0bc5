package mcp

import (
	"context"
	"fmt"
	"time"

	"github.com/tidwall/gjson"
)

// ask sends a server request through send (the call's stream, the legacy
// stream or stdio) and waits for the client's response, which arrives as
// a separate message on this same session (deliverAnswer). The id is
// random, so another session, or a guess, cannot answer it; a response
// that matches nothing is ignored. It returns the response's result.
func (ss *session) ask(ctx context.Context, send func([]byte), method string, params []byte) ([]byte, error) {
	id := `"ask-` + newSessionID() + `"`
	ch := make(chan []byte, 1)
	ss.mu.Lock()
	ss.asks[id] = ch
	ss.mu.Unlock()
	defer func() {
		ss.mu.Lock()
		delete(ss.asks, id)
		ss.mu.Unlock()
	}()
	send(appendRequest(nil, id, method, params))
	timer := time.NewTimer(elicitTimeout)
	defer timer.Stop()
	select {
	case raw := <-ch:
		return answerResult(raw)
	case <-ctx.Done():
		ss.cancelAsk(send, id, "the call ended")
		return nil, fmt.Errorf("mcp: waiting for %s: %w", method, ctx.Err())
	case <-ss.done:
		return nil, fmt.Errorf("mcp: waiting for %s: session ended: %w", method, ErrElicitationFailed)
	case <-timer.C:
		ss.cancelAsk(send, id, "no answer in time")
		return nil, fmt.Errorf("mcp: waiting for %s: no answer within %s: %w", method, elicitTimeout, ErrElicitationFailed)
	}
}

// cancelAsk tells the client to drop a request we stopped waiting for.
// Best effort: the stream may be gone already.
func (ss *session) cancelAsk(send func([]byte), id, reason string) {
	p := append([]byte(`{"requestId":`), id...)
	p = append(p, `,"reason":`...)
	p = appendJSONString(p, reason)
	send(appendNotification(nil, "notifications/cancelled", append(p, '}')))
}

// deliverAnswer hands a client's response to the ask waiting for its id;
// an unknown id (forged, late, or another session's) is dropped.
func (ss *session) deliverAnswer(id, raw []byte) {
	if ss == nil {
		return
	}
	ss.mu.Lock()
	ch := ss.asks[string(id)]
	delete(ss.asks, string(id)) // one answer per request
	ss.mu.Unlock()
	if ch != nil {
		ch <- raw // buffered, and only this one send
	}
}

// answerResult extracts the result of a JSON-RPC response, or turns its
// error into one.
func answerResult(raw []byte) ([]byte, error) {
	r := gjson.ParseBytes(raw)
	if e := r.Get("error"); e.Exists() {
		return nil, fmt.Errorf("mcp: client answered with error %d %s: %w", e.Get("code").Int(), quote(e.Get("message").String()), ErrElicitationFailed)
	}
	return []byte(r.Get("result").Raw), nil
}
