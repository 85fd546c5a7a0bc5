package proxy

import (
	"math/bits"
	"sync"
	"unsafe"
)

// Responses are recycled: each answer's body used to be copied into a
// fresh buffer (80% of the bytes the passthrough allocated), which drove
// the collector and with it p99 latency and peak memory. A Response now
// comes from its Proxy's pool with a buffer that has served earlier
// answers, and goes back on Release. Callers that never call Release stay
// correct: the collector frees what nobody hands back.

// maxPooledBuf bounds the buffers kept for reuse: a rare large answer (a
// guild's member list) is not kept alive for the small ones that follow.
const maxPooledBuf = 64 << 10

// responsePool recycles Responses together with their buffers.
type responsePool struct{ pool sync.Pool }

// get returns a cleared Response whose buffer holds at least size bytes.
func (rp *responsePool) get(size int) *Response {
	r, _ := rp.pool.Get().(*Response)
	if r == nil {
		r = &Response{}
	}
	r.pool = rp
	if cap(r.buf) < size {
		r.buf = make([]byte, 0, (size+511)&^511) // similar sizes share buffers
	}
	return r
}

// bufClass is the power of two (at least 64) that holds n bytes: the size
// classes of fasthttp's body buffer pool, which keeps a buffer no larger
// than the class of what it held; handOver caps the buffer it hands over
// at it, so fasthttp keeps it and gives it back through a later SwapBody.
func bufClass(n int) int {
	if n <= 64 {
		return 64
	}
	return 1 << bits.Len(uint(n-1))
}

// Release hands the Response and the buffer behind its Body back for a
// later request to reuse.
//
// Body, and the Name and Value of every Header and Extra field, are views
// into that buffer and the Response: after Release neither they nor the Response may be used, since
// the next answer overwrites them. Copy what must outlive the call
// (bytes.Clone, strings.Clone, or a parsed value) before releasing; the
// proxy does so for its own memories (the metadata cache, the negative
// memory, rejected tokens, write hooks). Release is optional, and safe on
// nil and on a Response the proxy made without a buffer; call it at most
// once.
func (r *Response) Release() {
	if r == nil || r.pool == nil {
		return
	}
	pool, buf := r.pool, r.buf
	if cap(buf) > maxPooledBuf {
		buf = nil
	}
	*r = Response{buf: buf[:0]} // a stray use after Release reads nothing
	pool.pool.Put(r)
}

// ownsBody reports whether Body lies in the Response's own buffer (not a
// filtered copy, not a remembered answer).
func (r *Response) ownsBody() bool {
	return len(r.Body) > 0 && cap(r.buf) > 0 && unsafe.SliceData(r.Body) == unsafe.SliceData(r.buf[:1])
}

// handOver gives Body away for good, for a writer that takes ownership
// (fasthttp's SwapBody); swap receives the body and returns a buffer
// nobody else holds, which the Response keeps for its next use. Body and
// the header views are gone afterwards.
func (r *Response) handOver(swap func(body []byte) []byte) {
	if len(r.Body) == 0 {
		return
	}
	if !r.ownsBody() {
		swap(r.Body) // a copy of its own; the old buffer stays ours
	} else if old := swap(r.buf[:len(r.Body):min(cap(r.buf), bufClass(len(r.Body)))]); r.pool != nil {
		r.buf = old[:0]
	} else {
		r.buf = nil
	}
	r.Body, r.Header, r.Extra = nil, nil, nil
}
