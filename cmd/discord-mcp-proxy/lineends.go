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
	// A bare LF, or a framing header the framer cannot read (so it could
	// not follow the stream past it): refuse from there on.
	if i := c.f.scan(p[:n]); i >= 0 {
		c.pending = poison
		return i, nil
	}
	return n, err
}

// framer tracks where the request stream is: header section, a body of
// Content-Length bytes, or a chunked body and its trailer. It reads the
// framing headers as fasthttp does (FuzzFramerMatchesFasthttp checks):
// Content-Length all digits and once, Transfer-Encoding once and exactly
// "chunked" or "identity", names compared without trimming. Where fasthttp
// would refuse a request for its framing, or a framing header is longer
// than maxLine, the framer refuses too: it cannot follow the stream past
// a framing it did not read.
type framer struct {
	state     int
	prevCR    bool
	line      []byte // the current line's first maxLine bytes
	lineLen   int
	firstLine bool // the request line has not ended yet
	clen      int64
	clenSeen  bool
	teSeen    bool
	chunked   bool
	remain    int64
	ended     int // requests whose end was seen (for tests)
	// overlong: the line passed maxLine; refuse: and it is a framing header.
	overlong, refuse bool
}

// maxLine is the longest header line the framer keeps; longer lines are
// fine unless they are framing headers, which it then refuses.
const maxLine = 1024

const (
	inHeaders = iota
	inBody
	inChunkSize
	inChunkData
	inChunkEnd
	inTrailer
)

// scan consumes b and returns the index of a bare LF in a header section,
// or of the byte where a framing header became unreadable, or -1.
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
			if c := b[i]; c != '\r' && c != '\n' {
				// A run of ordinary bytes at once: this runs on every
				// request's headers, and a byte at a time showed in profiles.
				j := i + 1
				for j < len(b) && b[j] != '\r' && b[j] != '\n' {
					j++
				}
				if k := f.headerRun(b[i:j]); k >= 0 {
					return i + k
				}
				i = j - 1
				continue
			}
			if b[i] == '\n' && !f.prevCR || !f.headerByte(b[i]) {
				return i
			}
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
		f.ended++
	} else {
		f.state = inChunkEnd
	}
	f.resetLine()
}

func (f *framer) resetLine() {
	f.line, f.lineLen, f.prevCR = f.line[:0], 0, false
	f.overlong, f.refuse = false, false
}

// headerByte consumes one byte of a header section (CRLF line ends) and
// reports false when the request's framing cannot be read.
func (f *framer) headerByte(c byte) bool {
	switch {
	case c == '\r':
		f.prevCR = true
		return true
	case c != '\n':
		f.prevCR = false
		f.lineLen++
		if len(f.line) < maxLine {
			f.line = append(f.line, c)
			return true
		}
		if !f.overlong { // decided once per line: not per byte of a long cookie
			f.overlong = true
			f.refuse = !f.firstLine && isFraming(f.line)
		}
		return !f.refuse
	}
	ok := true
	switch {
	case f.lineLen == 0 && f.firstLine: // blank lines before a request are skipped
	case f.firstLine:
		f.firstLine = false
	case f.lineLen == 0:
		f.endHeaders()
	default:
		ok = f.headerLine(f.line)
	}
	f.resetLine()
	return ok
}

// headerRun is headerByte for a run of bytes that are neither CR nor LF:
// the line's first maxLine bytes are kept and the rest only counted. It
// returns the index where the framing became unreadable, or -1.
func (f *framer) headerRun(run []byte) int {
	f.prevCR = false
	n := min(len(run), maxLine-len(f.line))
	f.line = append(f.line, run[:n]...)
	f.lineLen += n
	if n == len(run) {
		return -1
	}
	// The first byte past maxLine decides, once per line, as headerByte
	// does; after it the line's bytes are only counted.
	if !f.headerByte(run[n]) {
		return n
	}
	f.lineLen += len(run) - n - 1
	return -1
}

var (
	hContentLength    = []byte("Content-Length")
	hTransferEncoding = []byte("Transfer-Encoding")
)

// isFraming reports whether a header line names Content-Length or
// Transfer-Encoding.
func isFraming(l []byte) bool {
	k, _, _ := bytes.Cut(l, []byte(":"))
	return bytes.EqualFold(k, hContentLength) || bytes.EqualFold(k, hTransferEncoding)
}

// headerLine reads a framing header, and reports false where fasthttp
// refuses it (so the request gets a 400 either way).
func (f *framer) headerLine(l []byte) bool {
	k, v, ok := bytes.Cut(l, []byte(":"))
	if !ok {
		return true
	}
	v = bytes.Trim(v, " \t")
	switch {
	case bytes.EqualFold(k, hContentLength):
		n, err := strconv.ParseUint(string(v), 10, 62)
		if err != nil || f.clenSeen {
			return false
		}
		f.clen, f.clenSeen = int64(n), true
	case bytes.EqualFold(k, hTransferEncoding):
		if f.teSeen {
			return false
		}
		f.teSeen = true
		switch {
		case bytes.EqualFold(v, []byte("chunked")):
			f.chunked = true
		case !bytes.EqualFold(v, []byte("identity")):
			return false
		}
	}
	return true
}

func (f *framer) endHeaders() {
	switch {
	case f.chunked:
		f.state = inChunkSize
	case f.clen > 0:
		f.state, f.remain = inBody, f.clen
	default:
		f.state = inHeaders
		f.ended++
	}
	f.firstLine = f.state == inHeaders
	f.clen, f.clenSeen, f.teSeen, f.chunked = 0, false, false, false
}

// chunkByte consumes one byte of chunked framing: size lines, the CRLF
// after each chunk, and the trailer section. Any LF ends a line here.
func (f *framer) chunkByte(c byte) {
	if c != '\n' {
		if len(f.line) < 64 { // a chunk size comes first; of a trailer line only its emptiness matters
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
			f.ended++
		}
	}
	f.resetLine()
}
