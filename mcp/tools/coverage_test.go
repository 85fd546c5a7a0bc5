package tools

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The coverage files: every bot-token operation Discord publishes is a
// tool, or is excluded with a reason, or (while other toolsets are being
// written) pending with the toolset that will take it.
const (
	exclusionsFile = "testdata/coverage-exclusions.txt" // METHOD /template  reason
	pendingFile    = "testdata/coverage-pending.txt"    // METHOD /template  toolset
)

// botOperations reads the committed openapi.json and returns "METHOD
// /template" for every operation whose security lists BotToken.
func botOperations(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "proxy", "route", "testdata", "openapi.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	type operation struct {
		ID       string                `json:"operationId"`
		Security []map[string][]string `json:"security"`
	}
	var api struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(zr).Decode(&api); err != nil {
		t.Fatal(err)
	}
	ops := map[string]string{}
	for tmpl, methods := range api.Paths {
		for m, raw := range methods {
			var op operation
			if json.Unmarshal(raw, &op) != nil || op.ID == "" {
				continue // "parameters" and other non-operation keys
			}
			for _, s := range op.Security {
				if _, bot := s["BotToken"]; bot {
					ops[strings.ToUpper(m)+" "+tmpl] = op.ID
				}
			}
		}
	}
	return ops
}

// coverageLine is one line of a coverage file: an operation and its note
// (the reason, or the toolset).
type coverageLine struct {
	op, note string
	line     int
}

// readCoverage reads a coverage file: "METHOD /template  note" lines,
// blank lines and # comments.
func readCoverage(t *testing.T, name string) []coverageLine {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []coverageLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		fields := strings.Fields(s)
		if len(fields) < 3 {
			t.Errorf("%s:%d: want METHOD /template note, got %q", name, n, s)
			continue
		}
		note := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, fields[0]), " "+fields[1]))
		out = append(out, coverageLine{op: fields[0] + " " + fields[1], note: note, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// toolOperations maps "METHOD /template" to the tools that may send it
// (a row's own request and its further steps).
func toolOperations() map[string][]string {
	out := map[string][]string{}
	for _, sp := range specs {
		steps := append([]step{{sp.method, sp.path}}, sp.more...)
		for _, st := range steps {
			if strings.HasPrefix(st.path, "/") {
				k := st.method + " " + st.path
				out[k] = append(out[k], sp.name)
			}
		}
	}
	return out
}

// TestCoverage fails unless each of Discord's bot-token operations is a
// tool's request or is excluded with a reason; pending operations (other
// toolsets in progress) are listed, not failed, and must not linger once
// a tool covers them.
func TestCoverage(t *testing.T) {
	ops, byTool := botOperations(t), toolOperations()
	excl, pend := readCoverage(t, exclusionsFile), readCoverage(t, pendingFile)
	r := coverage(ops, byTool, excl, pend)
	for _, p := range r.problems {
		t.Error(p)
	}
	t.Logf("%d bot-token operations: %d covered by %d tools, %d excluded, %d pending, %d problems",
		len(ops), r.covered, len(specs), len(excl), len(pend), len(r.problems))
	logPending(t, pend)
}

// coverageReport is what the coverage files and the catalog add up to.
type coverageReport struct {
	covered  int
	problems []string
}

// coverage checks every operation against the tools and the two files.
func coverage(ops map[string]string, byTool map[string][]string, excl, pend []coverageLine) coverageReport {
	var r coverageReport
	excluded := r.checkFile(exclusionsFile, excl, ops, byTool)
	pending := r.checkFile(pendingFile, pend, ops, byTool)
	for op := range excluded {
		if pending[op] {
			r.problems = append(r.problems, op+" is both excluded and pending")
		}
	}
	var missing []string
	for op := range ops {
		switch {
		case byTool[op] != nil:
			r.covered++
		case excluded[op], pending[op]:
		default:
			missing = append(missing, op)
		}
	}
	sort.Strings(missing)
	for _, op := range missing {
		r.problems = append(r.problems, fmt.Sprintf("%s (%s): no tool sends it; add a tool, or a line with the reason to %s", op, ops[op], exclusionsFile))
	}
	return r
}

// checkFile refuses lines that name no bot-token operation, name one
// twice, or name one a tool already sends.
func (r *coverageReport) checkFile(name string, lines []coverageLine, ops map[string]string, byTool map[string][]string) map[string]bool {
	out := map[string]bool{}
	for _, l := range lines {
		where := fmt.Sprintf("%s:%d: %s", name, l.line, l.op)
		switch {
		case ops[l.op] == "":
			r.problems = append(r.problems, where+" is not a bot-token operation in openapi.json")
		case out[l.op]:
			r.problems = append(r.problems, where+" is listed twice")
		case byTool[l.op] != nil:
			r.problems = append(r.problems, fmt.Sprintf("%s is sent by %v now: remove the line", where, byTool[l.op]))
		}
		out[l.op] = true
	}
	return out
}

// TestCoverageFails proves the check can fail: a missing operation, a
// stale line, an unknown one, a duplicate and an op both excluded and
// pending are each reported.
func TestCoverageFails(t *testing.T) {
	ops := map[string]string{"GET /a": "a", "GET /b": "b", "GET /c": "c", "GET /d": "d"}
	byTool := map[string][]string{"GET /a": {"tool_a"}}
	excl := []coverageLine{{op: "GET /a", note: "stale", line: 1}, {op: "GET /x", note: "unknown", line: 2}, {op: "GET /c", note: "ok", line: 3}, {op: "GET /c", note: "twice", line: 4}}
	pend := []coverageLine{{op: "GET /c", note: "both", line: 1}}
	r := coverage(ops, byTool, excl, pend)
	want := []string{"GET /a is sent by [tool_a] now", "GET /x is not a bot-token operation", "GET /c is listed twice", "GET /c is both excluded and pending", "GET /b (b): no tool sends it", "GET /d (d): no tool sends it"}
	all := strings.Join(r.problems, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q:\n%s", w, all)
		}
	}
	if len(r.problems) != len(want) || r.covered != 1 {
		t.Errorf("%d problems, %d covered; want %d, 1:\n%s", len(r.problems), r.covered, len(want), all)
	}
}

// logPending prints the pending operations by toolset.
func logPending(t *testing.T, pend []coverageLine) {
	byToolset := map[string][]string{}
	for _, l := range pend {
		byToolset[l.note] = append(byToolset[l.note], l.op)
	}
	names := make([]string, 0, len(byToolset))
	for ts := range byToolset {
		names = append(names, ts)
	}
	sort.Strings(names)
	for _, ts := range names {
		sort.Strings(byToolset[ts])
		t.Logf("pending %s (%d): %s", ts, len(byToolset[ts]), strings.Join(byToolset[ts], ", "))
	}
}
