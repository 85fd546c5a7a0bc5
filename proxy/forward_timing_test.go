package proxy

import (
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// discordAnswer is a response as Discord sends one: a small JSON body and
// every rate-limit header.
func discordAnswer() *fasthttp.Response {
	resp := &fasthttp.Response{}
	resp.SetStatusCode(200)
	resp.Header.SetContentType("application/json")
	for _, h := range [][2]string{
		{"X-RateLimit-Limit", "5"}, {"X-RateLimit-Remaining", "4"}, {"X-RateLimit-Reset", "1470173023.123"},
		{"X-RateLimit-Reset-After", "1.000"}, {"X-RateLimit-Bucket", "abcd1234abcd1234abcd1234abcd1234"},
		{"Date", "Tue, 01 Dec 2026 02:00:00 GMT"}, {"Set-Cookie", "__dcfduid=x; Path=/"},
	} {
		resp.Header.Set(h[0], h[1])
	}
	resp.SetBodyString(`{"id":"1085503155732611072","content":"hello"}`)
	return resp
}

// BenchmarkForwardHeaders: what the passthrough does with an answer, from
// the upstream response to the caller's: copyResponse, then writeRaw.
// The Response and its body are one allocation each; header forwarding
// should add none.
func BenchmarkForwardHeaders(b *testing.B) {
	up := discordAnswer()
	lim := ratelimit.New(ratelimit.Options{})
	var rc fasthttp.RequestCtx
	b.ReportAllocs()
	for b.Loop() {
		out := copyResponse(up, lim)
		writeRaw(&rc, out)
		rc.Response.Reset()
	}
}

// TestForwardHeadersAllocations: forwarding Discord's headers costs no
// allocation beyond the Response and its one buffer.
func TestForwardHeadersAllocations(t *testing.T) {
	up := discordAnswer()
	lim := ratelimit.New(ratelimit.Options{})
	var rc fasthttp.RequestCtx
	out := copyResponse(up, lim)
	if len(out.Header) != 6 || out.RateLimit.Bucket != "abcd1234abcd1234abcd1234abcd1234" || out.RateLimit.Remaining != 4 {
		t.Fatalf("copied %v, parsed %+v", out.Header, out.RateLimit)
	}
	if n := testing.AllocsPerRun(100, func() { out = copyResponse(up, lim) }); n != 2 {
		t.Errorf("copyResponse: %v allocations, want 2 (the Response, its buffer)", n)
	}
	if n := testing.AllocsPerRun(100, func() { writeRaw(&rc, out); rc.Response.Reset() }); n != 0 {
		t.Errorf("writeRaw: %v allocations, want 0", n)
	}
	writeRaw(&rc, out)
	if got := string(rc.Response.Header.Peek("X-RateLimit-Bucket")); got != "abcd1234abcd1234abcd1234abcd1234" {
		t.Errorf("forwarded bucket %q", got)
	}
	if got := string(rc.Response.Header.Peek("Set-Cookie")); got != "" {
		t.Errorf("forwarded Set-Cookie %q", got)
	}
}
