package policy

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// Revocations is the list of revoked token ids (jti), one per line in a
// file that `token revoke` appends to. A running proxy re-reads it when
// its size or mtime changes (see Auth.Poll).
type Revocations struct {
	path string
	cur  atomic.Pointer[revSet]
}

type revSet struct {
	ids   map[string]bool
	stamp string
}

// OpenRevocations reads path; a missing file is an empty list.
func OpenRevocations(path string) (*Revocations, error) {
	r := &Revocations{path: path}
	r.cur.Store(&revSet{})
	return r, r.Refresh()
}

// Revoked reports whether jti is on the list.
func (r *Revocations) Revoked(jti string) bool { return r.cur.Load().ids[jti] }

// Refresh re-reads the file if it changed since the last reading.
func (r *Revocations) Refresh() error {
	st, err := os.Stat(r.path)
	if errors.Is(err, fs.ErrNotExist) {
		r.cur.Store(&revSet{})
		return nil
	}
	if err != nil {
		return fmt.Errorf("revocations: %w", err)
	}
	stamp := fmt.Sprintf("%d %d", st.Size(), st.ModTime().UnixNano())
	if stamp == r.cur.Load().stamp {
		return nil
	}
	f, err := os.Open(r.path)
	if err != nil {
		return fmt.Errorf("revocations: %w", err)
	}
	defer f.Close()
	ids := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "<jti> <when revoked>"; only the first field counts.
		if fields := strings.Fields(sc.Text()); len(fields) > 0 && !strings.HasPrefix(fields[0], "#") {
			ids[fields[0]] = true
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("revocations: %w", err)
	}
	r.cur.Store(&revSet{ids: ids, stamp: stamp})
	return nil
}

// Revoke appends jti to the list at path (created 0600), as one line
// written in one call, so a reader sees it whole or not at all.
func Revoke(path, jti string) error {
	if !validJTI(jti) {
		return errors.New("revoke: a token id is 1-128 of A-Z, a-z, 0-9, - and _")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	if _, err := f.WriteString(jti + " " + time.Now().UTC().Format(time.RFC3339) + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("revoke: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	return nil
}

func validJTI(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}
