package mcp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"sync"
)

// ServeStdio serves newline-delimited JSON-RPC on in and out until in ends
// or ctx is cancelled. Only JSON-RPC messages are written to out; logs go
// to Options.Logger. Tool calls run concurrently, so a
// notifications/cancelled can reach a running one.
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pctx := ctx
	if s.o.Prepare != nil {
		c, err := s.o.Prepare(ctx, func(string) []string { return nil })
		if err != nil {
			return err
		}
		if c != nil {
			pctx = c
		}
	}
	ss := newSession("stdio", sessionedVersions[0], false)
	defer ss.end()
	var mu sync.Mutex // guards out: one message per line, never interleaved
	var werr error
	write := func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		if werr == nil {
			_, werr = out.Write(append(b, '\n'))
		}
	}
	ss.push = write // set before the first line is read
	var wg sync.WaitGroup
	defer wg.Wait()
	lines := make(chan []byte)
	readErr := make(chan error, 1)
	go func() { readErr <- readLines(in, s.o.MaxBodyBytes, lines, ctx.Done()) }()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-readErr:
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		case line := <-lines:
			if line == nil {
				write(appendError(nil, nil, errf(CodeInvalidRequest, "invalid request: message larger than the limit")))
				continue
			}
			s.stdioLine(pctx, ss, line, write, &wg)
		}
	}
}

// stdioLine handles one line. tools/call runs on its own goroutine.
func (s *Server) stdioLine(ctx context.Context, ss *session, line []byte, write func([]byte), wg *sync.WaitGroup) {
	msgs, errs, batch, perr := decodeBody(line)
	if perr != nil {
		write(appendError(nil, nil, perr))
		return
	}
	if batch && ss.getVersion() != version20250326 {
		write(appendError(nil, nil, errf(CodeInvalidRequest, "invalid request: batches are not supported in protocol version "+ss.getVersion())))
		return
	}
	for i, m := range msgs {
		if errs[i] != nil {
			write(appendError(nil, m.id, errs[i]))
			continue
		}
		r := &request{msg: m, ctx: ctx, sess: ss, version: ss.getVersion(), notify: write, canAsk: !batch}
		if !batch && m.isCall() {
			r.p, r.parsed = readParams(m.params), true
		}
		if !batch && m.isCall() && (m.method == "server/discover" || isModern(metaStr(r.p.version))) {
			// The stateless revision, as on HTTP: the request names it.
			v, e := checkModernMeta(&r.p)
			if e != nil {
				write(appendError(nil, m.id, e))
				continue
			}
			r.sess, r.version, r.logLevel = nil, v, metaLevel(&r.p)
		}
		if m.method == "tools/call" && m.isCall() && !batch {
			wg.Add(1)
			c, cancel := context.WithCancel(ctx)
			r.ctx = c
			untrack := ss.track(m.id, cancel) // notifications/cancelled reaches it in every revision
			go func() {
				defer wg.Done()
				defer cancel()
				defer untrack()
				write(s.dispatch(r))
			}()
			continue
		}
		if res := s.dispatch(r); res != nil {
			write(res)
		}
	}
}

// readLines sends each non-empty line to lines (nil for a line over
// limit, which is skipped) and returns the reader's error (io.EOF at the
// end).
func readLines(in io.Reader, limit int, lines chan<- []byte, done <-chan struct{}) error {
	br := bufio.NewReaderSize(in, 64<<10)
	for {
		line, err := readLine(br, limit)
		if len(line) > 0 || (line == nil && err == nil) {
			select {
			case lines <- line:
			case <-done:
				return io.EOF
			}
		}
		if err != nil {
			return err
		}
	}
}

// readLine reads up to '\n'. An over-long line is consumed and returned
// as nil with no error. Blank lines come back as an empty, non-nil slice.
func readLine(br *bufio.Reader, limit int) ([]byte, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			buf = append(buf, chunk...)
			if len(buf) > limit+1 {
				tooLong, buf = true, nil
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			return nil, err
		}
		if err != nil && len(buf) == 0 {
			return nil, err
		}
		for len(buf) > 0 && (buf[len(buf)-1] == '\n' || buf[len(buf)-1] == '\r') {
			buf = buf[:len(buf)-1]
		}
		if buf == nil {
			buf = []byte{}
		}
		return buf, err
	}
}
