// Package toolenv finds the external tools some tests run (Node 22 and
// npm packages such as discord-api-spec and the MCP conformance suite),
// in directories named by environment variables that .ci/run sets.
//
// Without its variable a test skips, so `go test ./...` works on a bare
// machine. With DMP_REQUIRE_TOOLS=1 (CI sets it) the same test fails
// instead: CI cannot go green by silently skipping what it was meant to
// run. The same holds for slow tests skipped under -short (SkipIfShort).
// Every skip in the repo's tests goes through here. The package imports
// nothing of ours, so any package's tests may use it.
package toolenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// RequireVar names the variable that turns a missing tool into a failure.
const RequireVar = "DMP_REQUIRE_TOOLS"

// Dir returns the directory named by envVar, after checking that each of
// files (paths relative to it) exists. When envVar is unset, the test
// skips, or fails if RequireVar is set true; a missing file or a malformed
// RequireVar always fails it.
func Dir(t testing.TB, envVar string, files ...string) string {
	t.Helper()
	require, err := required()
	if err != nil {
		t.Fatalf("%v", err)
	}
	dir := os.Getenv(envVar)
	if dir == "" {
		what := "a directory holding " + strings.Join(files, ", ") + ", as .ci/run installs from .ci/tools"
		if require {
			t.Fatalf("%s is unset but %s is set: it must name %s", envVar, RequireVar, what)
		}
		t.Skipf("%s unset: it names %s (with %s=1 this is a failure)", envVar, what, RequireVar)
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("%s=%s: %v (install .ci/tools there: npm ci)", envVar, dir, err)
		}
	}
	return dir
}

// SkipIfShort skips a slow test (why says what makes it slow) under
// go test -short, or fails it if RequireVar is set true: -short is for a
// developer's quick loop, never for CI.
func SkipIfShort(t testing.TB, why string) {
	t.Helper()
	if !testing.Short() {
		return
	}
	require, err := required()
	if err != nil {
		t.Fatalf("%v", err)
	}
	if require {
		t.Fatalf("-short would skip this test (%s), but %s is set", why, RequireVar)
	}
	t.Skipf("-short: %s", why)
}

// required reads RequireVar: unset or empty is false.
func required() (bool, error) {
	v := os.Getenv(RequireVar)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want 1 or 0 (or true, false)", RequireVar, v)
	}
	return b, nil
}
