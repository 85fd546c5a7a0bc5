package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// runEmulatorCmd runs the `emulator` subcommand in-process with args on a
// free port until the test ends, and returns its API base.
func runEmulatorCmd(t *testing.T, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"emulator", "--listen", addr}, args...), io.Discard, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("emulator %v: %v", args, err)
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return "http://" + addr + "/api/v10"
		}
		select {
		case err := <-done:
			done <- err // for the cleanup
			t.Fatalf("emulator %v stopped before listening: %v", args, err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("emulator %v did not listen on %s", args, addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// statusesOf sends n GETs one after another and returns their statuses.
func statusesOf(t *testing.T, base string, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		req, err := http.NewRequest("GET", base+"/users/@me", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bot "+discordtest.DefaultToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		out[i] = resp.StatusCode
	}
	return out
}

// TestEmulatorFaultSeed: `emulator --fail-rate R --fault-seed S` fails the
// same requests on every run; another seed fails others.
func TestEmulatorFaultSeed(t *testing.T) {
	t.Parallel()
	const n = 25 // under the emulator's 30/s user bucket
	first := statusesOf(t, runEmulatorCmd(t, "--fail-rate", "0.4", "--fault-seed", "11"), n)
	again := statusesOf(t, runEmulatorCmd(t, "--fail-rate", "0.4", "--fault-seed", "11"), n)
	other := statusesOf(t, runEmulatorCmd(t, "--fail-rate", "0.4", "--fault-seed", "12"), n)
	if !slices.Equal(first, again) {
		t.Errorf("--fault-seed 11 twice, different faults:\n%v\n%v", first, again)
	}
	if slices.Equal(first, other) {
		t.Errorf("--fault-seed 11 and 12 failed the same requests: %v", first)
	}
	if !slices.ContainsFunc(first, func(s int) bool { return s >= 500 }) || !slices.Contains(first, 200) {
		t.Errorf("--fail-rate 0.4: want both faults and successes, got %v", first)
	}
}

func TestEmulatorFaultSeedRefused(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"-1", "x", "18446744073709551616"} {
		err := run(context.Background(), []string{"emulator", "--listen", "127.0.0.1:0", "--fault-seed", v}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "fault-seed") {
			t.Errorf("--fault-seed %s: want an error naming the flag, got %v", v, err)
		}
	}
}
