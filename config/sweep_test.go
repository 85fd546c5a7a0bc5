package config

import (
	"strings"
	"testing"
	"time"
)

func TestSweepInterval(t *testing.T) {
	load := func(v string) (*Config, error) {
		return Load("serve", nil, func(k string) string {
			if k == "DMP_SWEEP_INTERVAL" {
				return v
			}
			return ""
		})
	}
	if c, err := load(""); err != nil || c.SweepInterval != time.Minute {
		t.Errorf("default: %v, %v", c, err)
	}
	if c, err := load("30s"); err != nil || c.SweepInterval != 30*time.Second {
		t.Errorf("30s: %v, %v", c, err)
	}
	for _, bad := range []string{"0s", "-1m", "often"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "--sweep-interval") {
			t.Errorf("%q: %v, want an error naming --sweep-interval", bad, err)
		}
	}
}
