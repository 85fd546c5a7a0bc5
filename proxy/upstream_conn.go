package proxy

import (
	"errors"
	"io"
	"net"
	"os"
	"time"

	"github.com/valyala/fasthttp"
)

// Idle upstream connections, and the first request after a quiet spell.
//
// A server closes a keep-alive connection it has not heard from for a
// while (the emulator after 30 s, many servers sooner). A request written
// on such a connection gets no answer, and fasthttp reports "the server
// closed connection before returning the first response byte". Retrying
// a GET is harmless, but a POST may have reached the server and been
// applied before the connection broke, so a failed POST is never resent
// on that evidence (RFC 9110 9.2.2). Two measures keep it from failing:
//
//   - upstreamIdle: idle connections are dropped before the common server
//     idle timeouts (30 s and up) can close them under us;
//   - staleConn: before the first byte of a request goes out on a
//     connection that sat idle, it looks whether the server has already
//     closed it (EOF or reset waiting to be read). If so the write fails
//     with errStaleConn, nothing sent, and the request is retried on
//     another connection, whatever its method: provably it never reached
//     the server. A server that closes it between the look and the write
//     still fails the request (a window of microseconds).

// upstreamIdle is how long an idle upstream connection is kept.
const upstreamIdle = 20 * time.Second

// staleAfter is the idle time after which a connection is looked at
// before use; under steady traffic no request pays for the look.
const staleAfter = 250 * time.Millisecond

// staleLook bounds the look. A FIN or reset the server sent while the
// connection idled is already in the socket, so the read returns at once;
// a live connection has nothing to read and the read gives up after this.
const staleLook = 100 * time.Microsecond

// errStaleConn: the server had closed the idle connection; the request
// was not written.
var errStaleConn = errors.New("proxy: upstream closed the idle connection before the request was written")

// staleConn is a net.Conn that looks before writing after idling.
type staleConn struct {
	net.Conn
	used    time.Time // the end of the last read, or the start of the last write
	pending []byte    // bytes the look read, returned by the next Read
}

// dialUpstream dials as fasthttp does and wraps the connection.
func dialUpstream(addr string, timeout time.Duration) (net.Conn, error) {
	c, err := fasthttp.DialTimeout(addr, timeout)
	if err != nil {
		return nil, err
	}
	return &staleConn{Conn: c, used: time.Now()}, nil
}

func (c *staleConn) Read(b []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	n, err := c.Conn.Read(b)
	c.used = time.Now()
	return n, err
}

func (c *staleConn) Write(b []byte) (int, error) {
	now := time.Now() // one clock read: a write's few microseconds don't matter here
	if now.Sub(c.used) >= staleAfter && c.closedByPeer() {
		return 0, errStaleConn
	}
	n, err := c.Conn.Write(b)
	c.used = now
	return n, err
}

// closedByPeer reads what is waiting on an idle connection: EOF or an
// error means the server closed it; bytes are kept for the next Read.
func (c *staleConn) closedByPeer() bool {
	if err := c.Conn.SetReadDeadline(time.Now().Add(staleLook)); err != nil {
		return true
	}
	var buf [512]byte
	n, err := c.Conn.Read(buf[:])
	_ = c.Conn.SetReadDeadline(time.Time{}) // fasthttp sets its own before reading
	c.pending = append(c.pending, buf[:n]...)
	switch {
	case err == nil:
		return false
	case errors.Is(err, os.ErrDeadlineExceeded):
		return false // nothing to read: alive
	case errors.Is(err, io.EOF):
		return n == 0
	}
	return true
}

// retryUpstream tells fasthttp which failed requests to send again: a
// request never written (errStaleConn) always; otherwise only idempotent
// methods, as fasthttp's default does.
func retryUpstream(req *fasthttp.Request, _ int, err error) (resetTimeout, retry bool) {
	if errors.Is(err, errStaleConn) {
		return false, true
	}
	h := &req.Header
	return false, h.IsGet() || h.IsHead() || h.IsPut()
}
