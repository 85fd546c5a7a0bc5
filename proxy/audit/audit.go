// Package audit writes the audit trail: one JSON line per tool call,
// passthrough request and refusal, each carrying an HMAC-SHA256 (keyed,
// see Key) of the line before it, so an edited or deleted line breaks the
// chain (Verify).
//
// # The chain across rotation
//
// The file rotates by size (lumberjack renames it to a timestamped backup
// and starts a new one). The chain does not restart: the first line of the
// new file carries the hash of the last line of the backup, and seq keeps
// counting. `audit verify` given the backups oldest first and then the
// current file checks the links between files too; given one file, it
// checks from that file's first line on (which names the hash it follows).
// On restart the writer reads the current file's last line and continues
// from it.
//
// # Limits
//
// A chain proves order and integrity of what is there: removing lines from
// the end (truncation) leaves a valid, shorter chain. Ship the file off the
// host (or record the last hash elsewhere) to catch that. Whoever holds the
// key can rewrite the chain.
//
// # A crash mid-line
//
// A partial last line (the process died while writing it) does not stop
// the next start: Open reports it (Recovered), and the chain continues
// after the last whole line with a "recovery" marker line, which Verify
// accepts in place of the partial one and reports.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"gopkg.in/natefinch/lumberjack.v2"
)

// genesis is the prev of the first line ever written.
var genesis = hex.EncodeToString(make([]byte, sha256.Size))

// Entry is one audited event. Empty fields are left out of the line.
type Entry struct {
	Time    time.Time
	Kind    string // tool, passthrough, refusal
	Subject string // the token's sub, or "fp:<fingerprint>" of a Discord token
	Bot     string
	Tool    string // the tool, or "passthrough"
	Method  string
	Route   string // the route template, never the raw path
	Guild   string
	Channel string
	Status  int    // Discord's status, or the proxy's for a refusal
	Outcome string // ok, or the error type
	Source  string // discord or mcp: who answered
	Rule    string // the refusal rule
	Content string // message content, only with --audit-content

	Duration, Wait time.Duration
}

// Writer appends entries to a file, chaining them. Safe for concurrent
// use; each line is written with one Write call.
type Writer struct {
	content   bool
	key       Key
	recovered string // what Open found and repaired, "" if nothing

	mu   sync.Mutex // guards out, prev, seq and buf
	out  io.WriteCloser
	prev string
	seq  uint64
	buf  []byte
}

// Open opens (or creates, mode 0600) the audit file at path, rotating at
// maxMB megabytes, and continues the chain (keyed with key) from its last
// whole line. content says whether message content is recorded. A partial
// last line is left in place and followed by a recovery marker (see
// Recovered).
func Open(path string, maxMB int, content bool, key Key) (*Writer, error) {
	if len(key) == 0 {
		return nil, errors.New("audit: no chain key")
	}
	t, err := tail(path, key)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	w := &Writer{content: content, key: key, prev: t.prev, seq: t.seq}
	w.out = &lumberjack.Logger{Filename: path, MaxSize: maxMB}
	if t.partial > 0 {
		if err := w.markRecovery(t); err != nil {
			w.out.Close()
			return nil, err
		}
	}
	return w, nil
}

// Content reports whether entries should carry message content.
func (w *Writer) Content() bool { return w != nil && w.content }

// Record appends e. A nil Writer records nothing.
func (w *Writer) Record(e Entry) error {
	if w == nil {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if !w.content {
		e.Content = ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(&e, nil)
}

// writeLocked writes e as the next line, after prefix, in one Write.
func (w *Writer) writeLocked(e *Entry, prefix []byte) error {
	buf := append(w.buf[:0], prefix...)
	buf = appendEntry(buf, w.seq+1, e, w.prev)
	line := buf[len(prefix):]
	if _, err := w.out.Write(append(buf, '\n')); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	w.buf, w.seq, w.prev = buf[:0], w.seq+1, w.key.link(line)
	return nil
}

// Close closes the file.
func (w *Writer) Close() error {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.Close()
}

// appendEntry writes the line: fixed key order, prev last.
func appendEntry(b []byte, seq uint64, e *Entry, prev string) []byte {
	b = append(b, `{"seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	b = appendStr(b, "time", e.Time.UTC().Format(time.RFC3339Nano))
	for _, f := range [...]struct{ k, v string }{
		{"kind", e.Kind}, {"sub", e.Subject}, {"bot", e.Bot}, {"tool", e.Tool}, {"method", e.Method},
		{"route", e.Route}, {"guild", e.Guild}, {"channel", e.Channel},
	} {
		if f.v != "" {
			b = appendStr(b, f.k, f.v)
		}
	}
	if e.Status != 0 {
		b = append(b, `,"status":`...)
		b = strconv.AppendInt(b, int64(e.Status), 10)
	}
	for _, f := range [...]struct{ k, v string }{{"outcome", e.Outcome}, {"source", e.Source}, {"rule", e.Rule}, {"content", e.Content}} {
		if f.v != "" {
			b = appendStr(b, f.k, f.v)
		}
	}
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendFloat(b, float64(e.Duration.Microseconds())/1000, 'f', -1, 64)
	if e.Wait > 0 {
		b = append(b, `,"wait_ms":`...)
		b = strconv.AppendFloat(b, float64(e.Wait.Microseconds())/1000, 'f', -1, 64)
	}
	b = appendStr(b, "prev", prev)
	return append(b, '}')
}

func appendStr(b []byte, k, v string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	enc, _ := json.Marshal(v) // escapes quotes, control characters and <>&
	return append(b, enc...)
}
