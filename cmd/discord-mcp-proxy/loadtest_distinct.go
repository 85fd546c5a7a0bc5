package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// distinctSweep is the sweep interval of the distinct-channels run: short,
// so the run can show the state going away without waiting a minute.
const distinctSweep = 2 * time.Second

// runDistinct (loadtest --distinct N) reads N distinct channels once each
// through a proxy and an emulator in this process, with Discord's limits
// lifted so the run takes seconds, and reports the process's memory
// before, after, and once the sweep has dropped the idle per-channel
// state (limiter buckets, remembered "unknown channel" answers). The
// channels do not exist, so each answer is Discord's 404 and nothing but
// the proxy's own per-channel state is kept. The figures are the whole
// process's, the emulator's included.
func runDistinct(ctx context.Context, w io.Writer, n int) error {
	lim := discordtest.DefaultLimits()
	lim.GlobalLimit = 1 << 30
	for k, b := range lim.Buckets {
		b.Limit = 1 << 30
		lim.Buckets[k] = b
	}
	emu, err := discordtest.New(discordtest.Options{Limits: lim})
	if err != nil {
		return err
	}
	defer emu.Close()
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	base, stop, err := startDistinctProxy(ctx, upstream, emu.Token())
	if err != nil {
		return err
	}
	defer stop()
	before := memNow()
	fmt.Fprintf(w, "distinct: reading %d distinct channels once each\n", n)
	start := time.Now()
	failed := readDistinct(base, emu.Token(), n)
	after := memNow()
	fmt.Fprintf(w, "distinct: %d reads in %s (%d without Discord's answer)\n", n, time.Since(start).Round(time.Millisecond), failed)
	time.Sleep(6 * distinctSweep) // idle past the buckets' resets and two sweeps
	swept := memNow()
	fmt.Fprintf(w, "memory (RSS / Go heap in use): before %s, after %s, after the sweep %s\n", before, after, swept)
	return nil
}

func startDistinctProxy(ctx context.Context, upstream, token string) (string, func(), error) {
	vals := map[string]string{"DMP_UPSTREAM": upstream, "DISCORD_TOKEN": token, "DMP_LOG_LEVEL": "error",
		"DMP_GLOBAL_PER_SECOND": "1000000000", "DMP_SWEEP_INTERVAL": distinctSweep.String(), "DMP_CACHE_TTL": distinctSweep.String(),
		"DMP_DATA_DIR": os.TempDir()}
	cfg, err := config.Load("loadtest", nil, func(k string) string { return vals[k] })
	if err != nil {
		return "", nil, err
	}
	a, err := newApp(cfg, zerolog.New(io.Discard))
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = a.serve(ctx, ln) }()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }, nil
}

// readDistinct asks get_channel_info of n channel ids no one has used,
// 64 at a time, and returns how many got no tool result.
func readDistinct(base, token string, n int) int64 {
	client := &fasthttp.Client{MaxConnsPerHost: 80}
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				id := strconv.FormatInt(1_300_000_000_000_000_000+i, 10)
				switch out := callOnce(client, base, token, "get_channel_info", id, time.Minute); {
				case out == "lost", out == "not_accepted", out == "timeout", strings.HasPrefix(out, "http_5"):
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return failed.Load()
}

type memFigures struct{ rss, heap uint64 }

func (m memFigures) String() string {
	return fmt.Sprintf("%.1f / %.1f MiB", float64(m.rss)/(1<<20), float64(m.heap)/(1<<20))
}

// memNow is the process's resident set (Linux) and the Go heap in use,
// after a collection.
func memNow() memFigures {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := memFigures{heap: ms.HeapInuse}
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseUint(f[1], 10, 64)
				m.rss = kb << 10
			}
		}
	}
	return m
}
