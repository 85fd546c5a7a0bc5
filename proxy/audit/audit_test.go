package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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
	w, err := Open(path, 1, false, testKey)
	if err != nil {
		t.Fatal(err)
	}
	record(t, w, 3, "secret words")
	w.Close()
	w, err = Open(path, 1, false, testKey) // a restart continues the chain
	if err != nil {
		t.Fatal(err)
	}
	record(t, w, 2, "")
	w.Close()
	rep, err := VerifyFiles(testKey, path)
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
	w, _ := Open(path, 1, true, testKey)
	record(t, w, 10, "hello")
	w.Close()
	edit := func(l []string, i int) []string {
		l[i] = strings.Replace(l[i], `"status":200`, `"status":403`, 1)
		return l
	}
	del := func(l []string, i int) []string { return append(l[:i:i], l[i+1:]...) }
	editPrev := func(l []string, i int) []string {
		// Change the last hex digit of prev (always a change: a fixed
		// replacement is a no-op one time in sixteen).
		last := l[i][len(l[i])-3]
		repl := byte('0')
		if last == '0' {
			repl = '1'
		}
		l[i] = l[i][:len(l[i])-3] + string(repl) + `"}`
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
		_, err := VerifyFiles(testKey, tamper(t, path, c.f, c.at))
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
	w, _ := Open(path, 1, true, testKey)
	record(t, w, 3, "")
	w.Close()
	rep, err := VerifyFiles(testKey, tamper(t, path, func(l []string, i int) []string { return l[1:] }, 0))
	if err != nil || rep.Genesis || rep.FirstSeq != 2 {
		t.Errorf("%+v %v", rep, err)
	}
}

func TestChainCrossesRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.log")
	w, _ := Open(path, 1, true, testKey)
	record(t, w, 4000, strings.Repeat("x", 300)) // > 1 MB: at least one rotation
	w.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "audit-*.log"))
	if len(files) == 0 {
		t.Fatal("no rotation happened")
	}
	sort.Strings(files) // lumberjack's backups sort by their timestamp
	all := append(files, path)
	rep, err := VerifyFiles(testKey, all...)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lines != 4000 || !rep.Genesis {
		t.Errorf("report %+v", rep)
	}
	// The current file alone verifies, starting after the backup's hash.
	if rep, err := VerifyFiles(testKey, path); err != nil || rep.Genesis {
		t.Errorf("current file alone: %+v %v", rep, err)
	}
	// Files out of order break at the join.
	if _, err := VerifyFiles(testKey, path, files[0]); err == nil {
		t.Error("files out of order verified")
	}
}

var testKey = Key("0123456789abcdef0123456789abcdef")

// TestChainNeedsTheKey: whoever rewrites a line and recomputes the links
// after it without the key (plain SHA-256, as the chain was, or another
// key) is caught; with the right key the file verifies.
func TestChainNeedsTheKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	w, _ := Open(path, 1, true, testKey)
	record(t, w, 5, "hello")
	w.Close()
	if _, err := VerifyFiles(Key("another key, 32 bytes long......"), path); err == nil {
		t.Error("a chain verified with the wrong key")
	}
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	lines[1] = strings.Replace(lines[1], `"status":200`, `"status":403`, 1)
	for i := 2; i < len(lines); i++ { // recompute every link, unkeyed
		sum := sha256.Sum256([]byte(lines[i-1]))
		var m map[string]any
		_ = json.Unmarshal([]byte(lines[i]), &m)
		lines[i] = strings.Replace(lines[i], m["prev"].(string), hex.EncodeToString(sum[:]), 1)
	}
	forged := filepath.Join(t.TempDir(), "forged.log")
	_ = os.WriteFile(forged, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
	var br *Break
	if _, err := VerifyFiles(testKey, forged); !errors.As(err, &br) || br.Line != 2 {
		t.Errorf("a rewritten chain without the key: %v, want a break at line 2", err)
	}
}

// TestPartialLastLineRecovers: a crash mid-line does not stop Open; the
// chain continues after a recovery marker, and Verify accepts it and
// names the partial line. A partial line with no marker after it is
// reported, not a break; garbage followed by a normal line still breaks.
func TestPartialLastLineRecovers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	w, _ := Open(path, 1, false, testKey)
	record(t, w, 3, "")
	w.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	_, _ = f.WriteString(`{"seq":4,"time":"2026-`)
	f.Close()
	rep, err := VerifyFiles(testKey, path)
	if err != nil || !rep.PartialTail {
		t.Fatalf("crashed file before a restart: %+v %v", rep, err)
	}
	w, err = Open(path, 1, false, testKey)
	if err != nil {
		t.Fatalf("Open after a crash: %v", err)
	}
	if !strings.Contains(w.Recovered(), "partial last line") {
		t.Errorf("Recovered() = %q", w.Recovered())
	}
	record(t, w, 2, "")
	w.Close()
	rep, err = VerifyFiles(testKey, path)
	if err != nil || rep.LastSeq != 6 || len(rep.Recovered) != 1 || rep.Recovered[0] != path+":4" || rep.PartialTail {
		t.Fatalf("after recovery: %+v %v", rep, err)
	}
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	lines[4] = strings.Replace(lines[4], `"kind":"recovery"`, `"kind":"tool"`, 1)
	var br *Break
	if _, err := VerifyFiles(testKey, tamper(t, path, func([]string, int) []string { return lines }, 0)); !errors.As(err, &br) || br.Line != 4 {
		t.Errorf("garbage without a marker after it: %v, want a break at line 4", err)
	}
}
