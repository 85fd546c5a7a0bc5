package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// fasthttpBoundaries reads in as the server does (one request after
// another on one connection) and returns the offset where each request it
// accepted ends; it stops at the first it refuses.
func fasthttpBoundaries(in []byte) []int {
	cr := &countingReader{r: bytes.NewReader(in)}
	br := bufio.NewReader(cr)
	var ends []int
	for {
		var req fasthttp.Request
		if err := req.ReadLimitBody(br, 1<<20); err != nil {
			return ends
		}
		ends = append(ends, cr.n-br.Buffered())
		if req.Header.ConnectionClose() {
			return ends // the server closes after answering
		}
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// framerBoundaries feeds in to the framer a byte at a time and returns
// the offsets where it saw a request end, and where it refused, or -1.
func framerBoundaries(in []byte) (ends []int, refused int) {
	f := framer{firstLine: true}
	for i := range in {
		if f.scan(in[i:i+1]) >= 0 {
			return ends, i
		}
		if f.ended > len(ends) {
			ends = append(ends, i+1)
		}
	}
	return ends, -1
}

// FuzzFramerMatchesFasthttp: on CRLF traffic (no bare LF in any header
// section) the framer splits the stream where fasthttp does, for every
// request fasthttp accepts, and refuses none of them; it may refuse only
// where fasthttp refuses too. So the guard scans exactly fasthttp's
// header sections and never a body.
func FuzzFramerMatchesFasthttp(f *testing.F) {
	seeds := []string{
		"GET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab\ncdGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length:" + strings.Repeat(" ", 70) + "5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhe\nlo\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: notchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nokGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
		"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length : 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc",
		"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: z\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nX-Long: " + strings.Repeat("a", 2000) + "\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbodyGET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if hasBareLFInHeaders(in) {
			return // the guard refuses those by design; TestBareLFGetsAnAnswer covers them
		}
		want := fasthttpBoundaries(in)
		got, refused := framerBoundaries(in)
		if refused >= 0 && (len(want) > len(got) || len(want) == len(got) && len(want) > 0 && refused < want[len(want)-1]) {
			t.Fatalf("framer refused at %d a request fasthttp accepts (fasthttp ends %v, framer %v)\n%q", refused, want, got, in)
		}
		for i := range want {
			if i >= len(got) || got[i] != want[i] {
				t.Fatalf("request ends: fasthttp %v, framer %v\n%q", want, got, in)
			}
		}
	})
}

// hasBareLFInHeaders reports whether the framer saw a bare LF where it
// reads headers: its refusal there is the guard's purpose, not a framing
// disagreement.
func hasBareLFInHeaders(in []byte) bool {
	f := framer{firstLine: true}
	for i := range in {
		if f.state == inHeaders && in[i] == '\n' && !f.prevCR {
			return true
		}
		if f.scan(in[i:i+1]) >= 0 {
			return false
		}
	}
	return false
}

// TestFramingHeadersReadWhole is the reviewer's repro through the real
// server: a Content-Length padded past 64 bytes frames its body (with a
// bare LF in it) and the pipelined request after it is served; a
// Transfer-Encoding that only contains "chunked" gets a clean 400, as
// does a framing header too long to read, and nothing reaches Discord.
func TestFramingHeadersReadWhole(t *testing.T) {
	t.Parallel()
	st := startStack(t, nil)
	addr := strings.TrimPrefix(st.base, "http://")
	body := "{\n\"name\":\"get_channel_info\",\"arguments\":{\"channel_id\":\"" + general + "\"}}"
	padded := "POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\nContent-Length:" +
		strings.Repeat(" ", 70) + strconv.Itoa(len(body)) + "\r\n\r\n" + body +
		"GET /healthz HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n"
	got := readAll(t, addr, padded)
	if len(got) != 2 || got[0].StatusCode != 200 || got[1].StatusCode != 200 {
		t.Errorf("padded Content-Length and a pipelined request: %d answers %v", len(got), answerCodes(got))
	}
	before := st.emu.Stats().Total
	for name, raw := range map[string]string{
		"notchunked":    "POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\nTransfer-Encoding: notchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"gzip, chunked": "POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"too long":      "POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\nContent-Length:" + strings.Repeat(" ", 2000) + "5\r\n\r\nhello",
	} {
		got := readAll(t, addr, raw)
		if last := got[len(got)-1]; len(got) != 1 || last.StatusCode != 400 {
			t.Errorf("%s: answers %v, want one 400", name, answerCodes(got))
		}
	}
	if n := st.emu.Stats().Total - before; n != 0 {
		t.Errorf("the emulator saw %d requests from refused framings", n)
	}
}

func answerCodes(rs []*http.Response) []int {
	var out []int
	for _, r := range rs {
		out = append(out, r.StatusCode)
	}
	return out
}
