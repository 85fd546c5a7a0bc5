package tools

import (
	"runtime"
	"testing"

	"github.com/rs/zerolog"
)

// The catalog's memory: what building it allocates and what it keeps, per
// toolset selection. Run: go test ./mcp/tools -run '^$' -bench NewCatalog -benchmem
func BenchmarkNewCatalogAll(b *testing.B)     { benchNewCatalog(b, Options{Toolsets: []string{"all"}}) }
func BenchmarkNewCatalogDefault(b *testing.B) { benchNewCatalog(b, Options{Toolsets: DefaultToolsets}) }

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
