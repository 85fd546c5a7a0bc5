package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestServePprof: serve with --pprof-listen serves Go's profiles on that
// loopback address, and only there: the MCP port does not.
func TestServePprof(t *testing.T) {
	emu, err := discordtest.New(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DISCORD_TOKEN", emu.Token())
	addr, pprofAddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", addr, "--upstream", upstream, "--pprof-listen", pprofAddr, "--log-level", "error"}, io.Discard, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	status, body := getWhenUp(t, "http://"+pprofAddr+"/debug/pprof/")
	if status != 200 || !strings.Contains(body, "goroutine") || !strings.Contains(body, "heap") {
		t.Fatalf("pprof index: %d %.200s", status, body)
	}
	if status, body := httpGet(t, "http://"+pprofAddr+"/debug/pprof/heap?debug=1"); status != 200 || !strings.Contains(body, "heap profile") {
		t.Errorf("heap profile: %d %.200s", status, body)
	}
	if status, body := getWhenUp(t, "http://"+addr+"/debug/pprof/"); status == 200 && strings.Contains(body, "goroutine") {
		t.Errorf("the MCP port serves profiles: %d %.200s", status, body)
	}
}

// TestServePprofRefusesRemote: a non-loopback --pprof-listen stops serve
// at its config check, before anything listens.
func TestServePprofRefusesRemote(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(freeAddr(t))
	err := run(context.Background(), []string{"serve", "--listen", addr, "--pprof-listen", "0.0.0.0:" + port}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") || !strings.Contains(err.Error(), "--pprof-allow-remote") {
		t.Fatalf("want a refusal naming --pprof-allow-remote, got %v", err)
	}
	for _, a := range []string{addr, "127.0.0.1:" + port} {
		if c, err := net.DialTimeout("tcp", a, time.Second); err == nil {
			c.Close()
			t.Errorf("%s is listening after the refusal", a)
		}
	}
}

// getWhenUp retries GET until the server accepts connections (5 s).
func getWhenUp(t *testing.T, url string) (int, string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
