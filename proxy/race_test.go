//go:build race

package proxy

// raceEnabled: under the race detector sync.Pool drops a share of what is
// put back on purpose, so pooled paths allocate and allocation counts
// say nothing.
const raceEnabled = true
