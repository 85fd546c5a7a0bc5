package config

import (
	"fmt"
	"net"
	"net/netip"
)

// checkPprof refuses a profiling address reachable from other machines
// unless the operator said so: profiles expose the process's memory
// layout, command line and timings, and the endpoint has no
// authentication.
func (c *Config) checkPprof() error {
	if c.PprofListen == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(c.PprofListen)
	if err != nil {
		return fmt.Errorf("--pprof-listen (env DMP_PPROF_LISTEN): want host:port, got %q", c.PprofListen)
	}
	if c.PprofAllowRemote || isLoopback(host) {
		return nil
	}
	return fmt.Errorf("--pprof-listen (env DMP_PPROF_LISTEN): %q is not a loopback address; "+
		"profiles are unauthenticated, so bind 127.0.0.1 or [::1], or add --pprof-allow-remote", c.PprofListen)
}

// isLoopback accepts "localhost" and loopback IPs; an empty host (all
// interfaces) and other names are not loopback.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
