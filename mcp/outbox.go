package mcp

import "sync"

// outbox buffers server-to-client messages with increasing event ids.
//
// On a streamable session's GET stream it keeps the last replayMax events
// for Last-Event-ID resumption, whether written or not: that stream only
// carries notifications, and a client that reconnects too late misses some.
//
// A legacy SSE session carries every answer on its stream, so its outbox
// is lossless: an event leaves only once the stream wrote it. Answers are
// bounded at POST time (see session.owe); notifications wait for room,
// which slows the call that sends them instead of growing the buffer.
type outbox struct {
	mu       sync.Mutex
	next     int64
	buf      []event
	wake     chan struct{} // capacity 1: a pending wake-up for the pump
	lossless bool
	written  int64         // the newest id the stream wrote
	room     chan struct{} // closed and replaced when written advances
}

type event struct {
	id   int64
	data []byte
	// answer is the raw JSON-RPC id ("null" for none) of an answer owed
	// on a legacy stream; empty for notifications.
	answer string
}

const replayMax = 256

func newOutbox(lossless bool) *outbox {
	return &outbox{wake: make(chan struct{}, 1), lossless: lossless, room: make(chan struct{})}
}

// push adds a notification. On a lossless outbox it waits while replayMax
// events are unwritten, until done closes (then the event is dropped: the
// stream is gone).
func (o *outbox) push(data []byte, done <-chan struct{}) {
	for {
		o.mu.Lock()
		if !o.lossless || o.next-o.written < replayMax {
			o.appendLocked(event{data: data})
			o.mu.Unlock()
			o.signal()
			return
		}
		room := o.room
		o.mu.Unlock()
		select {
		case <-room:
		case <-done:
			return
		}
	}
}

// pushAnswer adds an answer owed on a legacy stream without waiting: the
// number owed is already bounded.
func (o *outbox) pushAnswer(data []byte, id string) {
	o.mu.Lock()
	o.appendLocked(event{data: data, answer: id})
	o.mu.Unlock()
	o.signal()
}

func (o *outbox) appendLocked(e event) {
	o.next++
	e.id = o.next
	o.buf = append(o.buf, e)
	if !o.lossless && len(o.buf) > replayMax {
		o.buf = append(o.buf[:0:0], o.buf[len(o.buf)-replayMax:]...)
	}
}

func (o *outbox) signal() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// markWritten records that the stream wrote event id; a lossless outbox
// drops it and lets waiting notifications in.
func (o *outbox) markWritten(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id <= o.written {
		return
	}
	o.written = id
	if o.lossless {
		i := 0
		for i < len(o.buf) && o.buf[i].id <= id {
			i++
		}
		o.buf = o.buf[i:]
		close(o.room)
		o.room = make(chan struct{})
	}
}

// after returns the buffered events with ids above id.
func (o *outbox) after(id int64) []event {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, e := range o.buf {
		if e.id > id {
			return append([]event(nil), o.buf[i:]...)
		}
	}
	return nil
}

// last is the newest event id, so a fresh stream starts after it.
func (o *outbox) last() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.next
}
