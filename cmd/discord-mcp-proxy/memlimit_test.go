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
// the flag wins over it; the collector runs at GOGC 60 unless the
// operator set GOGC or a limit. The runtime's own figures come back in
// /metrics.
func TestBinaryMemoryLimit(t *testing.T) {
	t.Parallel()
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	const none = "9.223372036854776e+18" // math.MaxInt64: no limit
	for _, c := range []struct {
		name     string
		env      []string
		args     []string
		want, gc string
	}{
		{"defaults", nil, nil, none, "60"},
		{"GOGC", []string{"GOGC=100"}, nil, none, "100"},
		{"GOGC off", []string{"GOGC=off"}, nil, none, "-1"},
		{"flag", nil, []string{"--memory-limit", "200MiB"}, "2.097152e+08", "100"},
		{"GOMEMLIMIT alone", []string{"GOMEMLIMIT=100MiB"}, nil, "1.048576e+08", "100"},
		{"flag over GOMEMLIMIT", []string{"GOMEMLIMIT=100MiB"}, []string{"--memory-limit", "300MiB"}, "3.145728e+08", "100"},
		{"env setting", []string{"DMP_MEMORY_LIMIT=1GiB"}, nil, "1.073741824e+09", "100"},
		{"limit and GOGC", []string{"GOGC=50"}, []string{"--memory-limit", "200MiB"}, "2.097152e+08", "50"},
	} {
		addr := freeAddr(t)
		args := append([]string{bin, "serve", "--listen", addr, "--upstream", "http://" + freeAddr(t) + "/api/v10"}, c.args...)
		// The test's own environment must not decide the defaults case.
		env := append([]string{"GOGC=", "GOMEMLIMIT=", "DMP_MEMORY_LIMIT="}, c.env...)
		startProcess(t, addr, env, args...)
		if got := gaugeOf(t, "http://"+addr+"/metrics", "go_gc_gomemlimit_bytes"); got != c.want {
			t.Errorf("%s: go_gc_gomemlimit_bytes %s, want %s", c.name, got, c.want)
		}
		if got := gaugeOf(t, "http://"+addr+"/metrics", "go_gc_gogc_percent"); got != c.gc {
			t.Errorf("%s: go_gc_gogc_percent %s, want %s", c.name, got, c.gc)
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
