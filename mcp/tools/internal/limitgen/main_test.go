package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedIsCurrent: limits_gen.go is what the checked-in
// openapi.json gives (run go generate ./mcp/tools otherwise).
func TestGeneratedIsCurrent(t *testing.T) {
	f, err := os.Open("../../../../proxy/route/testdata/openapi.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := generate(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../limits_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("limits_gen.go is stale; run go generate ./mcp/tools\n%s", want)
	}
}
