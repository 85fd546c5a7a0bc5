package main

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// The checks below read the repo's test files as syntax, so a rule that
// go vet cannot see stays enforced: vet's testinggoroutine misses helpers
// (mustAcquire(t) in a goroutine) and goroutines inside synctest bubbles.

// stops are the testing methods that end the calling goroutine; called from
// any goroutine but the test's own, they end the wrong one.
var stops = map[string]bool{"Fatal": true, "Fatalf": true, "FailNow": true, "Skip": true, "Skipf": true, "SkipNow": true}

var skips = map[string]bool{"Skip": true, "Skipf": true, "SkipNow": true}

// hygiene holds one package's test files and the functions in them that
// may stop the test (they take a testing value and call a stop, or another
// such function).
type hygiene struct {
	fset     *token.FileSet
	files    []*ast.File
	stoppers map[string]bool // function and method names
}

func newHygiene(fset *token.FileSet, files []*ast.File) *hygiene {
	h := &hygiene{fset: fset, files: files, stoppers: map[string]bool{}}
	for changed := true; changed; {
		changed = false
		for _, f := range files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil || h.stoppers[fd.Name.Name] || !takesTesting(fd.Type) {
					continue
				}
				if h.firstStop(fd.Body) != nil {
					h.stoppers[fd.Name.Name], changed = true, true
				}
			}
		}
	}
	return h
}

// takesTesting reports whether a function has a *testing.T, *testing.B or
// testing.TB parameter.
func takesTesting(ft *ast.FuncType) bool {
	for _, p := range ft.Params.List {
		typ := p.Type
		if st, ok := typ.(*ast.StarExpr); ok {
			typ = st.X
		}
		if sel, ok := typ.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "testing" && (sel.Sel.Name == "T" || sel.Sel.Name == "B" || sel.Sel.Name == "TB") {
				return true
			}
		}
	}
	return false
}

// firstStop finds the first call in n that stops a test: a stop method or
// a call to a stopper. Function literals that take a testing value are
// subtests (t.Run, synctest.Test) with a goroutine of their own, so they
// are not looked into.
func (h *hygiene) firstStop(n ast.Node) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return !takesTesting(n.Type)
		case *ast.CallExpr:
			if name := calleeName(n); stops[name] && isMethod(n) || h.stoppers[name] {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

func calleeName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func isMethod(c *ast.CallExpr) bool {
	_, ok := c.Fun.(*ast.SelectorExpr)
	return ok
}

// spawned returns the function literals that run on a goroutine of their
// own: `go func(){…}()`, wg.Go/errgroup Go(func(){…}), time.AfterFunc(d,
// func(){…}); and calls `go f(t)` of a stopper directly.
func spawned(n ast.Node) (lits []*ast.FuncLit, direct []*ast.CallExpr) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			if lit, ok := n.Call.Fun.(*ast.FuncLit); ok {
				lits = append(lits, lit)
			} else {
				direct = append(direct, n.Call)
			}
		case *ast.CallExpr:
			if name := calleeName(n); name == "Go" || name == "AfterFunc" {
				for _, a := range n.Args {
					if lit, ok := a.(*ast.FuncLit); ok {
						lits = append(lits, lit)
					}
				}
			}
		}
		return true
	})
	return lits, direct
}

// problems lists, as "file:line: what", every stop called off the test's
// goroutine and, unless allowSkip, every skip at all.
func (h *hygiene) problems(allowSkip bool) []string {
	type problem struct {
		pos token.Pos
		msg string
	}
	var found []problem
	report := func(c *ast.CallExpr, format string) {
		found = append(found, problem{c.Pos(), h.fset.Position(c.Pos()).String() + ": " + strings.Replace(format, "%s", calleeName(c), 1)})
	}
	for _, f := range h.files {
		lits, direct := spawned(f)
		for _, lit := range lits {
			if c := h.firstStop(lit.Body); c != nil {
				report(c, "%s stops the test from a spawned goroutine: use t.Error and return, or send the error back")
			}
		}
		for _, c := range direct {
			if h.stoppers[calleeName(c)] {
				report(c, "go %s(…) may stop the test from a spawned goroutine")
			}
		}
		if allowSkip {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && skips[calleeName(c)] && isMethod(c) {
				report(c, "%s: skip through toolenv.Dir or toolenv.SkipIfShort, so DMP_REQUIRE_TOOLS can fail it")
			}
			return true
		})
	}
	slices.SortStableFunc(found, func(a, b problem) int { return cmp.Compare(a.pos, b.pos) })
	out := make([]string, len(found))
	for i, p := range found {
		out[i] = p.msg
	}
	return out
}
