package tools

import (
	"runtime"
	"testing"

	"github.com/rs/zerolog"
)

// The catalog's memory: what building it allocates and what it keeps
// (kept-B), per toolset selection, with serve's default confirmation of
// destructive tools. Run: go test ./mcp/tools -run '^$' -bench NewCatalog -benchmem
func BenchmarkNewCatalogAll(b *testing.B) {
	benchNewCatalog(b, Options{Toolsets: []string{"all"}, Confirm: true})
}

func BenchmarkNewCatalogDefault(b *testing.B) {
	benchNewCatalog(b, Options{Toolsets: DefaultToolsets, Confirm: true})
}

func benchNewCatalog(b *testing.B, o Options) {
	var keep *Catalog
	var before, after runtime.MemStats
	b.ReportAllocs()
	for b.Loop() {
		keep = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		c, err := NewWith(nil, zerolog.Nop(), o)
		if err != nil {
			b.Fatal(err)
		}
		keep = c
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	runtime.KeepAlive(keep)
	b.ReportMetric(float64(after.HeapAlloc)-float64(before.HeapAlloc), "kept-B")
}
