package toolenv

import (
	"os"
	"os/exec"
	"testing"
)

// Var returns the value of envVar, which names something other than a
// directory (an address, say; what describes it). Unset, the test skips,
// or fails if RequireVar is set true.
func Var(t testing.TB, envVar, what string) string {
	t.Helper()
	require, err := required()
	if err != nil {
		t.Fatalf("%v", err)
	}
	v := os.Getenv(envVar)
	if v == "" {
		if require {
			t.Fatalf("%s is unset but %s is set: it must name %s", envVar, RequireVar, what)
		}
		t.Skipf("%s unset: it names %s (with %s=1 this is a failure)", envVar, what, RequireVar)
	}
	return v
}

// Command returns the path of the program name on PATH. Missing, the
// test skips, or fails if RequireVar is set true.
func Command(t testing.TB, name string) string {
	t.Helper()
	require, err := required()
	if err != nil {
		t.Fatalf("%v", err)
	}
	p, err := exec.LookPath(name)
	if err != nil {
		if require {
			t.Fatalf("%s not found on PATH but %s is set: %v", name, RequireVar, err)
		}
		t.Skipf("%s not found on PATH (with %s=1 this is a failure)", name, RequireVar)
	}
	return p
}
