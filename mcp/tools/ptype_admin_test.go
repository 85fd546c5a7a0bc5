package tools

import (
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// TestTimeoutDuration: a duration becomes the moment that far ahead.
func TestTimeoutDuration(t *testing.T) {
	for in, d := range map[string]time.Duration{"90s": 90 * time.Second, "10m": 10 * time.Minute, "2h": 2 * time.Hour, "28d": maxTimeout} {
		v := gjson.Parse(`"` + in + `"`)
		if err := timeoutT.check("timeout", v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		at, err := time.Parse(time.RFC3339, timeoutT.text(v))
		if off := time.Until(at) - d; err != nil || off > 2*time.Second || off < -2*time.Second {
			t.Errorf("%s: %s (%v), want now+%v", in, timeoutT.text(v), err, d)
		}
	}
}
