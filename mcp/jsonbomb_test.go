package mcp

import (
	"bufio"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// TestStdioNestedJSON: stdio lines pass the same bounded validator as HTTP
// bodies: 1 MiB of "[" is a parse error that costs no stack.
func TestStdioNestedJSON(t *testing.T) {
	s := NewServer(Options{Catalog: &fakeCatalog{}, MaxBodyBytes: 2 << 20})
	defer s.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() { _ = s.ServeStdio(ctx, inR, outW); outW.Close() }()
	lines := bufio.NewScanner(outR)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 4 {
		go func() { _, _ = io.WriteString(inW, strings.Repeat("[", 1<<20)+"\n") }()
		if !lines.Scan() {
			t.Fatal(lines.Err())
		}
		if l := lines.Text(); gjson.Get(l, "error.code").Int() != CodeParseError || !strings.Contains(l, "nested deeper") {
			t.Errorf("want a parse error naming the depth, got %s", l)
		}
	}
	runtime.ReadMemStats(&after)
	if grew := (int64(after.Sys) - int64(before.Sys)) >> 20; grew > 64 {
		t.Errorf("four 1 MiB lines grew the process by %d MiB", grew)
	}
	inW.Close()
}
