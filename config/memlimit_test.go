package config

import (
	"strings"
	"testing"
)

// TestMemoryLimit: unset by default (the runtime's GOMEMLIMIT stands),
// GOMEMLIMIT's syntax from a flag or DMP_MEMORY_LIMIT, and a clear refusal
// naming the setting for a malformed or too low value.
func TestMemoryLimit(t *testing.T) {
	noEnv := func(string) string { return "" }
	c, err := Load("serve", nil, noEnv)
	if err != nil || c.MemoryLimit != 0 {
		t.Fatalf("default: %d, %v; want 0", c.MemoryLimit, err)
	}
	for v, want := range map[string]int64{"16MiB": 16 << 20, "256MiB": 256 << 20, "1GiB": 1 << 30, "2TiB": 2 << 40,
		"20000000": 20000000, "20000000B": 20000000, "65536KiB": 64 << 20} {
		c, err := Load("serve", []string{"--memory-limit", v}, noEnv)
		if err != nil || c.MemoryLimit != want {
			t.Errorf("--memory-limit %s: %d, %v; want %d", v, c.MemoryLimit, err, want)
		}
	}
	c, err = Load("serve", nil, func(k string) string { return map[string]string{"DMP_MEMORY_LIMIT": "64MiB"}[k] })
	if err != nil || c.MemoryLimit != 64<<20 {
		t.Errorf("DMP_MEMORY_LIMIT=64MiB: %d, %v", c.MemoryLimit, err)
	}
	for _, v := range []string{"15MiB", "1024", "0", "-1GiB", "1.5GiB", "64MB", "64 MiB", "MiB", "lots", "9999999999TiB"} {
		_, err := Load("serve", []string{"--memory-limit", v}, noEnv)
		if err == nil || !strings.Contains(err.Error(), "--memory-limit") {
			t.Errorf("--memory-limit %q: want a refusal naming --memory-limit, got %v", v, err)
		}
	}
}
