package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// tailState is where the chain in a file stands: the prev and seq of the
// next line, and any partial line after the last whole one.
type tailState struct {
	prev    string
	seq     uint64
	partial int  // bytes of a partial (or unreadable) last line; 0 if none
	newline bool // the partial line needs a newline to end it
}

// tail reads the end of the file at path (creating it, mode 0600).
func tail(path string, key Key) (tailState, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return tailState{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return tailState{}, err
	}
	const chunk = 64 << 10
	off := max(st.Size()-chunk, 0)
	buf := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
		return tailState{}, err
	}
	var t tailState
	if len(buf) > 0 && buf[len(buf)-1] != '\n' {
		t.newline = true
	}
	buf = bytes.TrimRight(buf, "\n")
	last, ok := lastLine(buf, off == 0)
	if !ok {
		return tailState{}, fmt.Errorf("%s: no whole line in the last %d bytes; move the file aside to start a new chain", path, chunk)
	}
	if seq := lineSeq(last); seq == 0 && len(last) > 0 {
		// A crash mid-write: keep the fragment, chain from the line before.
		t.partial = len(last)
		buf = buf[:len(buf)-len(last)]
		buf = bytes.TrimRight(buf, "\n")
		if last, ok = lastLine(buf, off == 0); !ok {
			return tailState{}, fmt.Errorf("%s: no whole line before the partial last one", path)
		}
		if len(last) > 0 && lineSeq(last) == 0 {
			return tailState{}, fmt.Errorf("%s: the last two lines are not audit lines; move the file aside to start a new chain", path)
		}
	}
	if len(last) == 0 {
		t.prev = genesis
		return t, nil
	}
	t.prev, t.seq = key.link(last), lineSeq(last)
	return t, nil
}

// lastLine is buf's last line; whole reports buf is the file's start, so
// a buf without a newline is one whole line (or empty).
func lastLine(buf []byte, whole bool) ([]byte, bool) {
	i := bytes.LastIndexByte(buf, '\n')
	if i < 0 && !whole {
		return nil, false
	}
	return buf[i+1:], true
}

// lineSeq is an audit line's seq, 0 if b is not one.
func lineSeq(b []byte) uint64 {
	var l struct {
		Seq  uint64 `json:"seq"`
		Prev string `json:"prev"`
	}
	if json.Unmarshal(b, &l) != nil || len(l.Prev) != len(genesis) {
		return 0
	}
	return l.Seq
}

// recoveryKind marks the line that follows a partial one.
const recoveryKind = "recovery"

// markRecovery ends the partial line and writes the recovery marker.
func (w *Writer) markRecovery(t tailState) error {
	w.recovered = fmt.Sprintf("a partial last line (%d bytes) follows seq %d, left by a crash; the chain continues after it with a recovery marker (seq %d)",
		t.partial, t.seq, t.seq+1)
	var prefix []byte
	if t.newline {
		prefix = []byte{'\n'}
	}
	e := Entry{Time: time.Now(), Kind: recoveryKind, Source: "mcp", Outcome: "partial_line",
		Rule: fmt.Sprintf("the line before this one (%d bytes) is partial: the process stopped while writing it", t.partial)}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(&e, prefix)
}

// Recovered says what Open found and repaired ("" if the file was whole),
// for the log.
func (w *Writer) Recovered() string {
	if w == nil {
		return ""
	}
	return w.recovered
}
