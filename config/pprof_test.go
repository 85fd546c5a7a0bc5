package config

import (
	"strings"
	"testing"
)

// TestPprofListenLoopbackOnly: profiling is off by default, binds loopback
// freely, and refuses anything else at start unless allowed.
func TestPprofListenLoopbackOnly(t *testing.T) {
	noEnv := func(string) string { return "" }
	c, err := Load("serve", nil, noEnv)
	if err != nil || c.PprofListen != "" {
		t.Fatalf("default: %q, %v; want off", c.PprofListen, err)
	}
	for _, addr := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:0", "127.0.0.2:6060"} {
		if _, err := Load("serve", []string{"--pprof-listen", addr}, noEnv); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	for _, addr := range []string{":6060", "0.0.0.0:6060", "[::]:6060", "10.0.0.5:6060", "example.com:6060"} {
		_, err := Load("serve", []string{"--pprof-listen", addr}, noEnv)
		if err == nil || !strings.Contains(err.Error(), "--pprof-listen") || !strings.Contains(err.Error(), "--pprof-allow-remote") {
			t.Errorf("%s: want a refusal naming --pprof-listen and --pprof-allow-remote, got %v", addr, err)
		}
		if _, err := Load("serve", []string{"--pprof-listen", addr, "--pprof-allow-remote"}, noEnv); err != nil {
			t.Errorf("%s with --pprof-allow-remote: %v", addr, err)
		}
	}
	env := map[string]string{"DMP_PPROF_LISTEN": "0.0.0.0:6060"}
	if _, err := Load("serve", nil, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "DMP_PPROF_LISTEN") {
		t.Errorf("env: want a refusal naming DMP_PPROF_LISTEN, got %v", err)
	}
	if _, err := Load("serve", []string{"--pprof-listen", "6060"}, noEnv); err == nil {
		t.Error("a bare port was accepted")
	}
}
