package config

import (
	"fmt"
	"strconv"
	"strings"
)

// minMemoryLimit is the lowest --memory-limit accepted: the proxy idles at
// about 5 MiB of Go memory and holds 10-15 MiB at a few thousand requests
// a second, so a lower limit would keep the collector running.
const minMemoryLimit = 16 << 20

// memoryUnits are GOMEMLIMIT's suffixes, longest first.
var memoryUnits = []struct {
	suffix string
	shift  uint
}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}

// parseMemoryLimit reads a size in GOMEMLIMIT's syntax: a whole number of
// bytes, or one followed by B, KiB, MiB, GiB or TiB. Empty is 0 (unset).
func parseMemoryLimit(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	num, shift := v, uint(0)
	for _, u := range memoryUnits {
		if strings.HasSuffix(v, u.suffix) {
			num, shift = strings.TrimSuffix(v, u.suffix), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("want a size such as 256MiB or 1GiB (B, KiB, MiB, GiB, TiB), got %q", v)
	}
	if n <<= shift; n < minMemoryLimit {
		return 0, fmt.Errorf("%q is below 16MiB: the collector would run nearly all the time", v)
	}
	return n, nil
}

func memoryLimit(c *Config, v string) (err error) {
	c.MemoryLimit, err = parseMemoryLimit(v)
	return err
}
