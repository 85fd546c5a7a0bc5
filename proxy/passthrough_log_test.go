package proxy_test

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
)

// lockedBuffer is a log sink the server's goroutines write to.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestPassthroughLineFollowsTheLogGate: the passthrough's Info line is
// skipped while the operator's level (the gate) drops Info, and written,
// with its route, once the level allows it.
func TestPassthroughLineFollowsTheLogGate(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	var out lockedBuffer
	px, err := proxy.New(f.cfg, ratelimit.New(ratelimit.Options{GlobalPerSecond: f.cfg.GlobalPerSecond}), zerolog.New(&out))
	if err != nil {
		t.Fatal(err)
	}
	f.px = px
	var level atomic.Int32
	level.Store(int32(zerolog.WarnLevel))
	px.SetLogGate(func(l zerolog.Level) bool { return int32(l) >= level.Load() })
	client := rawServer(t, f, f.ctx(t, map[string]string{"X-Privileged-Call": "1"}))
	path := "/api/v10/channels/" + general + "/messages?limit=1"
	if a, err := rawGet(client, path); err != nil || a.status != 200 {
		t.Fatal(err, a)
	}
	if strings.Contains(out.String(), `"message":"passthrough"`) {
		t.Errorf("Info line written at level warn: %s", out.String())
	}
	level.Store(int32(zerolog.InfoLevel))
	if a, err := rawGet(client, path); err != nil || a.status != 200 {
		t.Fatal(err, a)
	}
	if got := out.String(); !strings.Contains(got, `"message":"passthrough"`) || !strings.Contains(got, `"route":"/channels/{channel_id}/messages"`) {
		t.Errorf("no Info line at level info: %s", got)
	}
}
