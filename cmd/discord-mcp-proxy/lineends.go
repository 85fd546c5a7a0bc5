package main

import (
	"bytes"
	"io"
	"net"
	"strconv"
)

// lfGuardListener makes a request whose header section ends a line with a
// bare LF get a clean 400 instead of hanging: fasthttp accepts LF in the
// request line, but its header scanner waits for CRLFCRLF, so such a
// request sat unanswered until ReadTimeout. Normalising LF to CRLF would
// also work, but reading a request differently from a front proxy is how
// request smuggling starts, so it is refused instead.
type lfGuardListener struct{ net.Listener }

func (l lfGuardListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &lfGuardConn{Conn: c, f: framer{firstLine: true}}, nil
}

// poison replaces everything from a bare LF on: a header line fasthttp
// refuses (a control byte, no colon) and the end of the header section,
// so its parser fails at once and the ErrorHandler answers 400.
var poison = []byte("\r\n\x01\r\n\r\n")

// lfGuardConn follows HTTP/1.1 framing on the bytes the server reads, so
// it looks for bare LFs only in header sections, never in bodies.
type lfGuardConn struct {
	net.Conn
	f       framer
	pending []byte // poison not yet handed over
	done    bool   // poison delivered: the server answers and closes
}

func (c *lfGuardConn) Read(p []byte) (int, error) {
	if c.pending != nil || c.done {
		if len(c.pending) == 0 {
			return 0, io.EOF
		}
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		c.done = true
		return n, nil
	}
	n, err := c.Conn.Read(p)
	if i := c.f.scan(p[:n]); i >= 0 {
		c.pending = poison
		return i, nil
	}
	return n, err
}

// framer tracks where the request stream is: header section, a body of
// Content-Length bytes, or a chunked body and its trailer.
type framer struct {
	state     int
	prevCR    bool
	line      []byte // the current line's first bytes (enough for the headers we read)
	lineLen   int
	firstLine bool // the request line has not ended yet
	clen      int64
	chunked   bool
	remain    int64
}

const (
	inHeaders = iota
	inBody
	inChunkSize
	inChunkData
	inChunkEnd
	inTrailer
)

// scan consumes b and returns the index of a bare LF in a header section,
// or -1.
func (f *framer) scan(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch f.state {
		case inBody, inChunkData:
			skip := min(f.remain, int64(len(b)-i))
			f.remain -= skip
			i += int(skip) - 1
			if f.remain == 0 {
				f.endBody()
			}
		case inHeaders:
			if b[i] == '\n' && !f.prevCR {
				return i
			}
			f.headerByte(b[i])
		default:
			f.chunkByte(b[i])
		}
	}
	return -1
}

// endBody moves past a Content-Length body (to the next request) or a
// chunk's data (to its CRLF).
func (f *framer) endBody() {
	if f.state == inBody {
		f.state, f.firstLine = inHeaders, true
	} else {
		f.state = inChunkEnd
	}
	f.resetLine()
}

func (f *framer) resetLine() {
	f.line, f.lineLen, f.prevCR = f.line[:0], 0, false
}

// headerByte consumes one byte of a header section (CRLF line ends).
func (f *framer) headerByte(c byte) {
	switch {
	case c == '\r':
		f.prevCR = true
		return
	case c != '\n':
		f.prevCR = false
		f.lineLen++
		if len(f.line) < 64 {
			f.line = append(f.line, c)
		}
		return
	}
	switch {
	case f.lineLen == 0 && f.firstLine: // blank lines before a request are skipped
	case f.firstLine:
		f.firstLine = false
	case f.lineLen == 0:
		f.endHeaders()
	default:
		f.headerLine(f.line)
	}
	f.resetLine()
}

func (f *framer) headerLine(l []byte) {
	k, v, ok := bytes.Cut(l, []byte(":"))
	if !ok {
		return
	}
	k, v = bytes.TrimSpace(k), bytes.TrimSpace(v)
	switch {
	case bytes.EqualFold(k, []byte("Content-Length")):
		f.clen, _ = strconv.ParseInt(string(v), 10, 64)
	case bytes.EqualFold(k, []byte("Transfer-Encoding")):
		f.chunked = bytes.Contains(bytes.ToLower(v), []byte("chunked"))
	}
}

func (f *framer) endHeaders() {
	switch {
	case f.chunked:
		f.state = inChunkSize
	case f.clen > 0:
		f.state, f.remain = inBody, f.clen
	default:
		f.state = inHeaders
	}
	f.firstLine = f.state == inHeaders
	f.clen, f.chunked = 0, false
}

// chunkByte consumes one byte of chunked framing: size lines, the CRLF
// after each chunk, and the trailer section. Any LF ends a line here.
func (f *framer) chunkByte(c byte) {
	if c != '\n' {
		if len(f.line) < 64 {
			f.line = append(f.line, c)
		}
		f.lineLen++
		return
	}
	line := bytes.TrimRight(f.line, "\r")
	switch f.state {
	case inChunkSize:
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, _ := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		f.state, f.remain = inChunkData, n
		if n == 0 {
			f.state = inTrailer
		}
	case inChunkEnd:
		f.state = inChunkSize
	case inTrailer:
		if len(line) == 0 {
			f.state, f.firstLine = inHeaders, true
		}
	}
	f.resetLine()
}
