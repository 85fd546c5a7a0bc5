package main

import (
	"bytes"
	"runtime/debug"
	rtmetrics "runtime/metrics"

	vm "github.com/VictoriaMetrics/metrics"
)

// writeRuntime appends the Go runtime's and the process's metrics
// (go_*, process_*: memory, GC, goroutines, CPU, RSS, file descriptors),
// as the library writes them, untyped. go_gc_gomemlimit_bytes keeps
// client_golang's name, help and type: operators and the --memory-limit
// test read the runtime's limit there; go_gc_gogc_percent likewise shows
// the collector's pace (the proxy's default of 75, or the operator's).
func writeRuntime(b *bytes.Buffer) {
	vm.WriteProcessMetrics(b)
	vm.WriteFDMetrics(b)
	limit := debug.SetMemoryLimit(-1) // a negative input reads the limit without changing it
	writeGauge(b, "go_gc_gomemlimit_bytes",
		"Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function.",
		float64(limit))
	gogc := []rtmetrics.Sample{{Name: "/gc/gogc:percent"}}
	rtmetrics.Read(gogc)
	if gogc[0].Value.Kind() == rtmetrics.KindUint64 {
		writeGauge(b, "go_gc_gogc_percent",
			"Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function.",
			float64(int64(gogc[0].Value.Uint64()))) // GOGC=off reads -1, as the runtime keeps it
	}
}
