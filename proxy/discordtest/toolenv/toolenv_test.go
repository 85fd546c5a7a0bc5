package toolenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder stands in for a test: like testing's, its Skipf and Fatalf end
// the calling goroutine, so Dir stops where a real test would.
type recorder struct {
	testing.TB // the real test, for methods Dir does not use
	skip, fail string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fail = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// try runs Dir on a recorder in its own goroutine, as testing runs a test.
func try(t *testing.T, envVar string, files ...string) (dir string, r *recorder) {
	r = &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		dir = Dir(r, envVar, files...)
	}()
	<-done
	return dir, r
}

const testVar = "TOOLENV_TEST_DIR"

func TestDir(t *testing.T) {
	tools := t.TempDir()
	if err := os.MkdirAll(filepath.Join(tools, "node_modules", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	present := filepath.Join("node_modules", "x")
	for _, tc := range []struct {
		name, dir, require string
		files              []string
		want               string // "dir", "skip" or "fail"
		mention            string // the message must name this
	}{
		{"unset skips", "", "", []string{present}, "skip", testVar},
		{"unset with require=0 skips", "", "0", nil, "skip", RequireVar},
		{"unset with require=1 fails", "", "1", []string{present}, "fail", testVar},
		{"unset with require=true fails", "", "true", nil, "fail", RequireVar},
		{"set and complete", tools, "1", []string{present}, "dir", ""},
		{"set without require", tools, "", []string{present}, "dir", ""},
		{"set, a file missing, fails", tools, "", []string{present, "node_modules/absent"}, "fail", "absent"},
		{"malformed require fails", tools, "yes", nil, "fail", `"yes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(testVar, tc.dir)
			t.Setenv(RequireVar, tc.require)
			dir, r := try(t, testVar, tc.files...)
			got, msg := "dir", ""
			switch {
			case r.fail != "":
				got, msg = "fail", r.fail
			case r.skip != "":
				got, msg = "skip", r.skip
			}
			if got != tc.want || !strings.Contains(msg, tc.mention) {
				t.Fatalf("got %s %q, want %s naming %q", got, msg, tc.want, tc.mention)
			}
			if got == "dir" && dir != tools {
				t.Errorf("Dir = %q, want %q", dir, tools)
			}
		})
	}
}

// TestUnderGoTest runs a real test binary (this one, re-executed) whose
// only test needs an unset tool, or is slow and run with -short, and reads
// what go test reports: SKIP without DMP_REQUIRE_TOOLS, FAIL with it.
func TestUnderGoTest(t *testing.T) {
	for _, tc := range []struct {
		child, require, want string
		short                bool
	}{
		{"dir", "", "--- SKIP", false},
		{"dir", "1", "--- FAIL", false},
		{"short", "", "--- SKIP", true},
		{"short", "1", "--- FAIL", true},
		{"short", "1", "--- PASS", false}, // not -short: it runs
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v", fmt.Sprintf("-test.short=%v", tc.short))
		cmd.Env = append(os.Environ(), childVar+"="+tc.child, testVar+"=", RequireVar+"="+tc.require)
		out, err := cmd.CombinedOutput()
		if !strings.Contains(string(out), tc.want+": TestChild") || (err != nil) != (tc.want == "--- FAIL") {
			t.Errorf("%+v: exit %v, want %s:\n%s", tc, err, tc.want, out)
		}
	}
}

const childVar = "TOOLENV_CHILD"

// TestChild is TestUnderGoTest's child; in an ordinary run it returns at
// once, since it would otherwise skip (or fail in CI) by design.
func TestChild(t *testing.T) {
	switch os.Getenv(childVar) {
	case "dir":
		Dir(t, testVar)
		t.Error("Dir returned without its directory")
	case "short":
		SkipIfShort(t, "a slow child")
	}
}
