package tools

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// walk pages through a channel's history, 100 messages at most a page,
// through proxy.Do like every call: backward with before= (newest first)
// or forward with after=. It stops at a bound, at the end of history, or
// when want rows are out or maxScan messages read; then next is the cursor
// to carry on from.
type walk struct {
	path         string
	forward      bool
	cursor       string // exclusive start
	lower, upper string // exclusive bounds; "" none
	want         int    // rows to emit
	maxScan      int    // messages to read at most
	match        func(v []gjson.Result) bool

	items      *projection
	id         int // slot of the id field
	emitted    int
	scanned    int
	complete   bool
	stopped    bool // reached a bound
	pagesSoFar int
}

// pageRequest is the walk's next page and how many messages it asks for.
func (wk *walk) pageRequest() (*proxy.Request, int) {
	n := 100
	if wk.match == nil {
		n = min(100, wk.want-wk.emitted)
	}
	q := url.Values{"limit": {strconv.Itoa(n)}}
	dir := "before"
	if wk.forward {
		dir = "after"
	}
	if wk.cursor != "" {
		q.Set(dir, wk.cursor)
	}
	return &proxy.Request{Method: "GET", Path: wk.path, Query: q.Encode()}, n
}

// run reads pages into w's open array. A failed first page is the
// result; a later failure keeps what was read.
func (wk *walk) run(ctx context.Context, c *Catalog, w *buf, a *args, progress mcp.Progress) *mcp.ToolResult {
	for !wk.complete && !wk.stopped && wk.emitted < wk.want && wk.scanned < wk.maxScan {
		req, asked := wk.pageRequest()
		resp, res := c.send(ctx, req)
		if res != nil {
			if wk.pagesSoFar == 0 {
				return res
			}
			return nil
		}
		wk.pagesSoFar++
		n := wk.page(w, parse(resp.Body), a)
		progress(float64(wk.emitted), float64(wk.want), fmt.Sprintf("read %d messages", wk.scanned))
		if n < asked {
			wk.complete = true
		}
	}
	return nil
}

// page emits one page's messages that are inside the bounds and match,
// and moves the cursor; it returns how many messages the page held.
// Discord answers newest first whichever way one pages; going forward the
// page is emitted oldest first, so the whole result runs one way.
func (wk *walk) page(w *buf, msgs gjson.Result, a *args) int {
	if !msgs.IsArray() {
		return 0
	}
	var stack [maxStackSlots]gjson.Result
	v := wk.items.slots(&stack)
	list := msgs.Array()
	for i := range list {
		m := list[i]
		if wk.forward {
			m = list[len(list)-1-i]
		}
		clear(v)
		wk.items.gather(m, v)
		wk.one(w, v, a)
	}
	return len(list)
}

// one handles one message's gathered values.
func (wk *walk) one(w *buf, v []gjson.Result, a *args) {
	id := v[wk.id].String()
	if wk.lower != "" && cmpID(id, wk.lower) <= 0 || wk.upper != "" && cmpID(id, wk.upper) >= 0 {
		wk.stopped = true
		return
	}
	if wk.stopped || wk.emitted >= wk.want || wk.scanned >= wk.maxScan {
		return // left for the next call: the cursor stays before it
	}
	wk.advance(id)
	wk.scanned++
	if wk.match != nil && !wk.match(v) {
		return
	}
	w.open('{')
	wk.items.emit(w, v, a)
	w.close('}')
	wk.emitted++
}

// advance moves the cursor past id: the oldest seen going back, the
// newest going forward. The id is copied: it outlives the page's body.
func (wk *walk) advance(id string) {
	if id == "" {
		return
	}
	if wk.cursor == "" || wk.forward == (cmpID(id, wk.cursor) > 0) {
		wk.cursor = string([]byte(id))
	}
}

// finish writes the walk's summary fields.
func (wk *walk) finish(w *buf) {
	w.key("count")
	w.int(int64(wk.emitted))
	w.key("truncated")
	done := wk.complete || wk.stopped
	w.bool(!done)
	w.key("next_cursor")
	if done || wk.cursor == "" {
		w.null()
	} else {
		w.str(wk.cursor)
	}
}

var walkFields = []field{
	{name: "count", typ: oInt, desc: "messages returned"},
	{name: "truncated", typ: oBool, desc: "true when more messages were left unread (the cap was reached)"},
	{name: "next_cursor", typ: oString, nullable: true, desc: "pass as cursor, with the same other arguments, to read on"},
}

// cmpID orders snowflakes numerically (they are digit strings).
func cmpID(x, y string) int {
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// idMinus1 is the id just before id (for an inclusive lower bound).
func idMinus1(id string) string {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return id
	}
	return strconv.FormatUint(n-1, 10)
}

func idPlus1(id string) string {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return id
	}
	return strconv.FormatUint(n+1, 10)
}
