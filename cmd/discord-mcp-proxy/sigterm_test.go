package main

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestSIGTERMDuringLoadLosesNoCall: the real binary gets SIGTERM while
// 40 callers drive tool calls through it (Discord answers after 300 ms,
// with Discord-like limits, so calls are both in flight and queued in the
// limiter). Every call that reached the proxy gets an HTTP answer: its
// result, or a refusal with a Retry-After; none is cut off ("lost"), as
// the load tool counts them.
func TestSIGTERMDuringLoadLosesNoCall(t *testing.T) {
	toolenv.SkipIfShort(t, "builds the binary")
	t.Parallel()
	bin := buildBinary(t)
	emu, err := discordtest.New(discordtest.Options{Latency: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	proc := startProcess(t, addr, []string{"DISCORD_TOKEN=" + emu.Token(), "DMP_DATA_DIR=" + t.TempDir()},
		bin, "serve", "--listen", addr, "--upstream", upstream, "--log-level", "warn")
	channels := []string{general, discordtest.RandomID.String()}
	go func() {
		time.Sleep(time.Second)
		_ = proc.Process.Signal(syscall.SIGTERM)
	}()
	res := drive(context.Background(), []string{"http://" + addr}, emu.Token(), channels, 40, 3500*time.Millisecond, nil)
	if err := proc.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
	st := emu.Stats()
	t.Logf("outcomes: %v; Discord saw %d requests", res.outcomes, st.Total)
	if res.outcomes["lost"] != 0 {
		t.Errorf("%d calls were cut off without an answer", res.outcomes["lost"])
	}
	// Each successful call is one request to Discord, and a call refused,
	// never accepted or closed unanswered is none: more requests than
	// successes would be a call Discord carried out whose caller never
	// heard of it.
	if st.Total != int64(res.outcomes["ok"]) {
		t.Errorf("Discord saw %d requests for %d successful calls: a call was carried out unanswered", st.Total, res.outcomes["ok"])
	}
	if res.outcomes["ok"] == 0 {
		t.Error("no call succeeded before the shutdown: the test proves nothing")
	}
	if res.outcomes["not_accepted"] == 0 {
		t.Error("no call came after the listener closed: the run did not outlast the shutdown")
	}
}
