package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the directory above this one that holds go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// testFiles parses the *_test.go files under root, grouped by directory.
func testFiles(t *testing.T, fset *token.FileSet, root string) map[string][]*ast.File {
	t.Helper()
	byDir := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return byDir
}

// TestTestHygiene: in every test file of the repo, nothing stops a test
// from a goroutine the test spawned, and nothing skips except through
// toolenv (whose own files are where skipping happens).
func TestTestHygiene(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	byDir := testFiles(t, fset, root)
	if len(byDir) < 5 {
		t.Fatalf("found test files in only %d directories under %s", len(byDir), root)
	}
	for dir, files := range byDir {
		toolenv := filepath.ToSlash(dir) == filepath.ToSlash(filepath.Join(root, "proxy/discordtest/toolenv"))
		for _, p := range newHygiene(fset, files).problems(toolenv) {
			t.Error(p)
		}
	}
}

// TestTestHygieneFinds: the checker reports each kind of problem, so a
// clean repo means something.
func TestTestHygieneFinds(t *testing.T) {
	const src = `package p

import "testing"

func must(t *testing.T, ok bool) { if !ok { t.Fatal("no") } }
func mustTwice(t *testing.T) { must(t, true); must(t, true) }
func fine(t *testing.T) { t.Error("x") }

func TestA(t *testing.T) {
	go func() { t.Fatalf("direct") }()
	go func() { mustTwice(t) }()
	go must(t, true)
	time.AfterFunc(0, func() { t.FailNow() })
	wg.Go(func() { t.Skip("x") })
	go func() { fine(t); t.Error("ok") }()
	go func() { t.Run("sub", func(t *testing.T) { t.Fatal("own goroutine") }) }()
	t.Skip("not through toolenv")
	t.Fatal("the test's own goroutine")
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := newHygiene(fset, []*ast.File{f}).problems(false)
	want := []string{":10:14: Fatalf", ":11:14: mustTwice", ":12:5: go must", ":13:29: FailNow", ":14:17: Skip", ":14:17: Skip", ":17:2: Skip"}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("problem %d: %q, want it to contain %q", i, got[i], w)
		}
	}
}
