package audit

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Break is where a chain breaks: the file and line (1-based) of the first
// line that is wrong, and why.
type Break struct {
	File   string
	Line   int
	Seq    uint64
	Reason string
}

func (b *Break) Error() string {
	return fmt.Sprintf("%s:%d (seq %d): %s", b.File, b.Line, b.Seq, b.Reason)
}

// Report is the result of a successful verification.
type Report struct {
	Lines     int
	FirstSeq  uint64
	LastSeq   uint64
	FirstPrev string // the hash the first line follows (genesis for a fresh chain)
	Genesis   bool   // the first line starts the chain
	LastHash  string // record it elsewhere to catch truncation
	// Recovered names the partial lines (file:line) a crash left, each
	// followed by a recovery marker.
	Recovered []string
	// PartialTail: the last file ends in a partial line with no marker
	// after it yet (a crash, and no start since).
	PartialTail bool
}

// VerifyFiles checks the chain, keyed with key, through files, oldest
// first (rotated backups, then the current file). It returns a *Break at
// the first line where the chain breaks.
func VerifyFiles(key Key, paths ...string) (*Report, error) {
	if len(key) == 0 {
		return nil, fmt.Errorf("audit verify: no chain key")
	}
	v := &verifier{key: key}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("audit verify: %w", err)
		}
		err = v.read(p, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if v.rep.Lines == 0 {
		return nil, fmt.Errorf("audit verify: no lines")
	}
	v.rep.PartialTail = v.partial != nil
	return &v.rep, nil
}

type verifier struct {
	key      Key
	partial  *Break // an unreadable line, forgiven if a recovery marker follows
	rep      Report
	prevLine []byte // the previous line, for its hash
	prevSeq  uint64
	prevAt   Break // file and line number of the previous line
}

func (v *verifier) read(name string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if err := v.line(name, n, sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("audit verify: %s: %w", name, err)
	}
	return nil
}

// line checks one line against the one before it. A deleted line shows as
// a seq gap; an edited line as a hash mismatch in the next line's prev
// (the edited line itself is named).
func (v *verifier) line(name string, n int, b []byte) error {
	var l struct {
		Seq  uint64 `json:"seq"`
		Prev string `json:"prev"`
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(b, &l); err != nil || l.Seq == 0 || len(l.Prev) != 2*sha256.Size {
		bad := &Break{File: name, Line: n, Reason: "not an audit line (edited, or not an audit file)"}
		if v.partial != nil {
			return v.partial
		}
		v.partial = bad // a crash's partial line, if a recovery marker follows
		return nil
	}
	if v.partial != nil {
		if l.Kind != recoveryKind {
			return v.partial
		}
		v.rep.Recovered = append(v.rep.Recovered, fmt.Sprintf("%s:%d", v.partial.File, v.partial.Line))
		v.partial = nil
	}
	if v.rep.Lines == 0 {
		v.rep.FirstSeq, v.rep.FirstPrev = l.Seq, l.Prev
		v.rep.Genesis = l.Seq == 1 && l.Prev == genesis
	} else {
		switch {
		case l.Seq != v.prevSeq+1:
			return &Break{File: name, Line: n, Seq: l.Seq,
				Reason: fmt.Sprintf("seq jumps from %d: %d line(s) deleted before this one", v.prevSeq, int64(l.Seq)-int64(v.prevSeq)-1)}
		case !hmac.Equal([]byte(l.Prev), []byte(v.key.link(v.prevLine))):
			return &Break{File: v.prevAt.File, Line: v.prevAt.Line, Seq: v.prevSeq,
				Reason: "edited (or chained with another key): its HMAC does not match the next line's prev"}
		}
	}
	v.rep.Lines++
	v.rep.LastSeq = l.Seq
	v.prevLine = append(v.prevLine[:0], b...)
	v.prevSeq = l.Seq
	v.prevAt = Break{File: name, Line: n}
	v.rep.LastHash = v.key.link(b)
	return nil
}
