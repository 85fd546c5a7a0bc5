package main

import (
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestBinaryMemoryLimit runs the real binary: --memory-limit sets the
// runtime's soft limit, GOMEMLIMIT stands when the flag is not given, and
// the flag wins over it; the runtime's own figure comes back in /metrics.
func TestBinaryMemoryLimit(t *testing.T) {
	t.Parallel()
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	for _, c := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"flag", nil, []string{"--memory-limit", "200MiB"}, "2.097152e+08"},
		{"GOMEMLIMIT alone", []string{"GOMEMLIMIT=100MiB"}, nil, "1.048576e+08"},
		{"flag over GOMEMLIMIT", []string{"GOMEMLIMIT=100MiB"}, []string{"--memory-limit", "300MiB"}, "3.145728e+08"},
		{"env setting", []string{"DMP_MEMORY_LIMIT=1GiB"}, nil, "1.073741824e+09"},
	} {
		addr := freeAddr(t)
		args := append([]string{bin, "serve", "--listen", addr, "--upstream", "http://" + freeAddr(t) + "/api/v10"}, c.args...)
		startProcess(t, addr, c.env, args...)
		if got := gaugeOf(t, "http://"+addr+"/metrics", "go_gc_gomemlimit_bytes"); got != c.want {
			t.Errorf("%s: go_gc_gomemlimit_bytes %s, want %s", c.name, got, c.want)
		}
	}
}

// gaugeOf reads one unlabelled sample from a Prometheus text page.
func gaugeOf(t *testing.T, url, name string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("%s: no %s in\n%.2000s", url, name, body)
	}
	return string(m[1])
}
