// Package redistest gives tests a real redis-server: CI's shared one
// (DMP_TEST_REDIS_ADDR, which .ci/run starts), or a process of the test's
// own that it may stop and start again.
package redistest

import (
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// AddrVar names the shared Redis's host:port.
const AddrVar = "DMP_TEST_REDIS_ADDR"

// Shared returns the URL of CI's Redis, with a fresh database-free key
// space left to the caller (use a KeyPrefix of the test's own).
func Shared(t testing.TB) string {
	t.Helper()
	return "redis://" + toolenv.Var(t, AddrVar, "a running redis-server's host:port, as .ci/run starts") + "/0"
}

// Server is a redis-server process of one test.
type Server struct {
	t    testing.TB
	bin  string
	Addr string
	cmd  *exec.Cmd
}

// Start runs redis-server on a free loopback port, without persistence,
// until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, bin: toolenv.Command(t, "redis-server"), Addr: freeAddr(t)}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// URL is the server's redis:// URL.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

// Stop kills the server (as a crash would) and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Restart starts the server again on the same port, empty, and waits
// until it accepts connections.
func (s *Server) Restart() {
	s.t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	s.cmd = exec.Command(s.bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", s.Addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server did not listen on %s", s.Addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Prefix is a key prefix unique to this test run, so tests sharing one
// Redis never meet each other's keys.
func Prefix(t testing.TB) string {
	return fmt.Sprintf("dmptest:%s:%s:", t.Name(), strconv.FormatInt(time.Now().UnixNano(), 36))
}
