package mcp

import (
	"sync"

	"github.com/valyala/fasthttp"
)

// bodies recycles response buffers: a body built here is handed to the
// response with SwapBody (no copy), and the buffer the response held
// comes back for the next one. In steady state a tool result is encoded
// without allocating its buffer.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// holders keeps the empty *[]byte that getBody took a buffer out of, for
// putBody to put the next buffer back in: pooling a slice needs a pointer,
// and a fresh one per putBody was an allocation on every call.
var holders = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody keeps an occasional huge answer from pinning memory.
const maxPooledBody = 256 << 10

func getBody() []byte {
	h := bodies.Get().(*[]byte)
	b := (*h)[:0]
	*h = nil // the holder must not keep the buffer alive
	holders.Put(h)
	return b
}

func putBody(b []byte) {
	if cap(b) == 0 || cap(b) > maxPooledBody {
		return
	}
	h := holders.Get().(*[]byte)
	*h = b[:0]
	bodies.Put(h)
}

// writeOwnedJSON is writeJSON for a body built in a buffer from getBody,
// which the response takes over: the caller must not touch body after.
func writeOwnedJSON(ctx *fasthttp.RequestCtx, status int, body []byte) {
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json")
	putBody(ctx.Response.SwapBody(body))
}

// Buffer is an empty buffer from the pool response bodies come from. A
// catalog may build a ToolResult's Structured in one and set
// StructuredPooled: the buffer then comes back to the pool once the
// result is written, and a call allocates no buffer of its own.
func Buffer() []byte { return getBody() }

// releaseStructured returns a written result's pooled buffer.
func releaseStructured(res *ToolResult) {
	if res.StructuredPooled {
		putBody(res.Structured)
		res.Structured, res.StructuredPooled = nil, false
	}
}
