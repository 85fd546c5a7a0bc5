package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func record(t *testing.T, w *Writer, n int, pad string) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := w.Record(Entry{Kind: "tool", Subject: "agent", Bot: "default", Tool: "send_message", Channel: "123",
			Status: 200, Outcome: "ok", Source: "discord", Content: pad, Duration: time.Millisecond}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChainVerifiesAndContinuesAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	w, err := Open(path, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	record(t, w, 3, "secret words")
	w.Close()
	w, err = Open(path, 1, false) // a restart continues the chain
	if err != nil {
		t.Fatal(err)
	}
	record(t, w, 2, "")
	w.Close()
	rep, err := VerifyFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lines != 5 || !rep.Genesis || rep.LastSeq != 5 {
		t.Errorf("report %+v", rep)
	}
	b, _ := os.ReadFile(path)
	if bytes.Contains(b, []byte("secret words")) {
		t.Error("content recorded without --audit-content")
	}
	var first map[string]any
	if err := json.Unmarshal(b[:bytes.IndexByte(b, '\n')], &first); err != nil || first["tool"] != "send_message" || first["prev"] != genesis {
		t.Errorf("first line %v: %v", first, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}

// tamper rewrites line i (0-based) of path with f.
func tamper(t *testing.T, path string, f func(lines []string, i int) []string, i int) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	out := filepath.Join(t.TempDir(), "copy.log")
	if err := os.WriteFile(out, []byte(strings.Join(f(lines, i), "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyFindsEditsAndDeletions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	w, _ := Open(path, 1, true)
	record(t, w, 10, "hello")
	w.Close()
	edit := func(l []string, i int) []string {
		l[i] = strings.Replace(l[i], `"status":200`, `"status":403`, 1)
		return l
	}
	del := func(l []string, i int) []string { return append(l[:i:i], l[i+1:]...) }
	editPrev := func(l []string, i int) []string {
		l[i] = l[i][:len(l[i])-3] + `0"}`
		return l
	}
	for _, c := range []struct {
		name     string
		f        func([]string, int) []string
		at, want int
	}{
		{"edit line 4", edit, 3, 4},
		{"edit line 1", edit, 0, 1},
		{"delete line 5", del, 4, 5},
		{"edit line 6's prev", editPrev, 5, 5},
	} {
		_, err := VerifyFiles(tamper(t, path, c.f, c.at))
		var br *Break
		if !errors.As(err, &br) || br.Line != c.want {
			t.Errorf("%s: err = %v, want a break at line %d", c.name, err, c.want)
		}
	}
}

// Without the file before it, a chain may start anywhere: deleting the
// first line leaves a valid chain, and the report says it is not the start.
func TestFirstLineDeletedIsNotGenesis(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	w, _ := Open(path, 1, true)
	record(t, w, 3, "")
	w.Close()
	rep, err := VerifyFiles(tamper(t, path, func(l []string, i int) []string { return l[1:] }, 0))
	if err != nil || rep.Genesis || rep.FirstSeq != 2 {
		t.Errorf("%+v %v", rep, err)
	}
}

func TestChainCrossesRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.log")
	w, _ := Open(path, 1, true)
	record(t, w, 4000, strings.Repeat("x", 300)) // > 1 MB: at least one rotation
	w.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "audit-*.log"))
	if len(files) == 0 {
		t.Fatal("no rotation happened")
	}
	sort.Strings(files) // lumberjack's backups sort by their timestamp
	all := append(files, path)
	rep, err := VerifyFiles(all...)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lines != 4000 || !rep.Genesis {
		t.Errorf("report %+v", rep)
	}
	// The current file alone verifies, starting after the backup's hash.
	if rep, err := VerifyFiles(path); err != nil || rep.Genesis {
		t.Errorf("current file alone: %+v %v", rep, err)
	}
	// Files out of order break at the join.
	if _, err := VerifyFiles(path, files[0]); err == nil {
		t.Error("files out of order verified")
	}
}
