package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// loadMix is the tool mix a load test drives, by weight.
type loadMix struct {
	tool   string
	weight int
	route  string // the emulator bucket the tool's one request lands in
}

var defaultMix = []loadMix{
	{"send_message", 1, discordtest.BucketMessageCreate},
	{"get_messages", 2, discordtest.BucketMessageRead},
	{"get_channel_info", 1, discordtest.BucketChannelRead},
}

// runLoadtest drives N concurrent callers over M channels through the
// proxy's tools/call for a given time, then prints throughput, latency and
// what the emulator saw. Without --url it starts its own emulator (with M
// channels and the given latency) and proxy, on loopback.
func runLoadtest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	callers := fs.Int("callers", 200, "concurrent callers")
	channels := fs.Int("channels", 20, "channels the callers spread over")
	duration := fs.Duration("duration", 60*time.Second, "how long to drive load")
	latency := fs.Duration("latency", 50*time.Millisecond, "emulator latency (self-contained mode)")
	url := fs.String("url", "", "a running proxy's base URL, or a comma list of replicas' (callers spread over them in turn); empty starts emulator and proxy here")
	statsURL := fs.String("emulator", "", "the emulator's base URL (for its stats) when --url is given")
	token := fs.String("token", "", "bot token to send (self-contained mode uses the emulator's)")
	channelIDs := fs.String("channel-ids", "", "comma list of channel ids, with --url")
	distinct := fs.Int("distinct", 0, "instead of the mix: read this many distinct channels once each (emulator and proxy here, limits lifted) and report memory before, after and once the sweep dropped the idle state")
	burstN := fs.Int("burst", 0, "instead of the mix: send this many messages to one channel at once and compare the time taken with the bucket's minimum")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: discord-mcp-proxy loadtest [flags]\n\nDrives tools/call (send_message, get_messages, get_channel_info, weighted 1:2:1) through the proxy and reports calls/s, p50/p99 latency and the emulator's counters (429s by scope, violations).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *distinct > 0 {
		return runDistinct(ctx, stdout, *distinct)
	}
	if *callers < 1 || *channels < 1 || *duration <= 0 {
		return errors.New("loadtest: --callers, --channels and --duration must be positive")
	}
	var ids []string
	var emu *discordtest.Emulator
	if *url == "" {
		seed, chans := loadSeed(*channels)
		var err error
		emu, err = discordtest.New(discordtest.Options{Seed: seed, Latency: *latency})
		if err != nil {
			return err
		}
		defer emu.Close()
		upstream, err := emu.Start("127.0.0.1:0")
		if err != nil {
			return err
		}
		*statsURL = strings.TrimSuffix(upstream, "/api/v10")
		*token = emu.Token()
		// A burst queues every send behind one bucket: let the limiter
		// wait as long as the burst can take.
		maxWait := time.Minute
		if *burstN > 0 {
			maxWait = time.Duration(*burstN) * 2 * time.Second
		}
		base, stop, err := startProxy(ctx, upstream, emu.Token(), maxWait)
		if err != nil {
			return err
		}
		defer stop()
		*url = base
		ids = chans
	} else {
		ids = config.SplitList(*channelIDs)
		if len(ids) == 0 {
			return errors.New("loadtest: --url needs --channel-ids (the channels the callers may use)")
		}
	}

	bases := config.SplitList(*url)
	if *burstN > 0 {
		return runBurst(stdout, bases[0], *token, ids[0], *burstN, *statsURL)
	}
	fmt.Fprintf(stdout, "loadtest: %d callers over %d channels for %s, emulator latency %s\n", *callers, len(ids), *duration, *latency)
	watch := showProgress(stderr, time.Now(), *duration)
	res := drive(ctx, bases, *token, ids, *callers, *duration, watch)
	res.print(stdout, *duration)
	if *statsURL != "" {
		st, err := fetchStats(*statsURL)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "emulator: %d requests, 429s by scope %v, invalid %d, violations %d, max in flight %d, most global in any %s %d\n",
			st.Total, st.RateLimited, st.Invalid, st.Violations, st.MaxInFlight, discordtest.DefaultLimits().GlobalWindow, st.MaxGlobalPerWindow)
	}
	if emu != nil {
		bound := mixBound(discordtest.DefaultLimits(), len(ids))
		fmt.Fprintf(stdout, "limits allow at most %.1f calls/s for this mix; achieved %.1f (%.0f%%)\n",
			bound, res.rate(*duration), 100*res.rate(*duration)/bound)
	}
	return nil
}

// loadSeed is the built-in seed plus n text channels the bot may use.
func loadSeed(n int) (*discordtest.Seed, []string) {
	seed := discordtest.DefaultSeed()
	g := &seed.Guilds[0]
	var ids []string
	base := uint64(discordtest.GeneralID)
	for i := 0; i < n; i++ {
		id := discordtest.Snowflake(base + uint64(i+1)*4096)
		g.Channels = append(g.Channels, discordtest.Channel{ID: id, Type: 0, Name: "load-" + strconv.Itoa(i), ParentID: discordtest.CategoryID, Position: 10 + i})
		ids = append(ids, id.String())
	}
	return seed, ids
}

// mixBound is the highest call rate the emulator's limits allow for
// defaultMix over n channels: each route's per-channel bucket caps its
// share, and the per-token global limit caps the sum.
func mixBound(l *discordtest.Limits, n int) float64 {
	total := 0
	for _, m := range defaultMix {
		total += m.weight
	}
	bound := float64(l.GlobalLimit) / l.GlobalWindow.Seconds()
	for _, m := range defaultMix {
		b, ok := l.Buckets[m.route]
		if !ok {
			continue
		}
		perRoute := float64(n*b.Limit) / b.Window.Seconds()
		bound = min(bound, perRoute*float64(total)/float64(m.weight))
	}
	return bound
}

func startProxy(ctx context.Context, upstream, token string, maxWait time.Duration) (string, func(), error) {
	cfg, err := config.Load("loadtest", nil, func(k string) string {
		switch k {
		case "DMP_UPSTREAM":
			return upstream
		case "DISCORD_TOKEN":
			return token
		case "DMP_LOG_LEVEL":
			return "error"
		case "DMP_MAX_WAIT":
			return maxWait.String()
		}
		return ""
	})
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

type loadResult struct {
	mu        sync.Mutex
	latencies []time.Duration
	outcomes  map[string]int
}

func (r *loadResult) add(d time.Duration, outcome string) {
	r.mu.Lock()
	r.latencies = append(r.latencies, d)
	r.outcomes[outcome]++
	r.mu.Unlock()
}

func (r *loadResult) rate(d time.Duration) float64 { return float64(r.outcomes["ok"]) / d.Seconds() }

func (r *loadResult) print(w io.Writer, d time.Duration) {
	slices.Sort(r.latencies)
	q := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
	}
	keys := make([]string, 0, len(r.outcomes))
	for k := range r.outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, r.outcomes[k]))
	}
	fmt.Fprintf(w, "completed %d calls (%s): %.1f ok calls/s, p50 %s, p99 %s\n",
		len(r.latencies), strings.Join(parts, " "), r.rate(d), q(0.50).Round(time.Millisecond), q(0.99).Round(time.Millisecond))
}

// drive runs the callers until the duration ends. Each caller keeps to
// its own channel and its own proxy (callers spread over bases in turn)
// and walks the mix in turn.
func drive(ctx context.Context, bases []string, token string, channels []string, callers int, d time.Duration, watch func(*loadResult) func()) *loadResult {
	client := &fasthttp.Client{MaxConnsPerHost: callers + 8, ReadTimeout: 2 * time.Minute}
	res := &loadResult{outcomes: map[string]int{}}
	if watch != nil {
		defer watch(res)()
	}
	var seq []string
	for _, m := range defaultMix {
		for i := 0; i < m.weight; i++ {
			seq = append(seq, m.tool)
		}
	}
	// The clock, not ctx.Err(), decides the end: a context's timer can fire
	// late, and callers spinning on an expired deadline meanwhile would
	// count as calls.
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			channel, base := channels[c%len(channels)], bases[c%len(bases)]
			for i := c; ctx.Err() == nil && time.Now().Before(deadline); i++ {
				tool := seq[i%len(seq)]
				start := time.Now()
				outcome := callOnce(client, base, token, tool, channel, time.Until(deadline))
				if !time.Now().Before(deadline) && outcome != "ok" {
					return // cut short by the end of the run, not a failure
				}
				res.add(time.Since(start), outcome)
				if outcome == "RateLimitError" || outcome == "not_accepted" || strings.HasPrefix(outcome, "http_5") {
					// Wait a little, as an agent would: a caller spinning
					// on refusals (a proxy failing closed) only burns the
					// CPU the proxies need.
					time.Sleep(refusedPause)
				}
			}
		}(c)
	}
	wg.Wait()
	return res
}

// refusedPause is how long a caller waits after a RateLimitError (the
// retry-after of a proxy failing closed while Redis is down), a 5xx or a
// proxy that is not listening (one restarting).
const refusedPause = time.Second

func callOnce(client *fasthttp.Client, base, token, tool, channel string, timeout time.Duration) string {
	args := map[string]any{"channel_id": channel}
	switch tool {
	case "send_message":
		args["content"] = "load"
	case "get_messages":
		args["limit"] = 10
	}
	body, _ := json.Marshal(map[string]any{"name": tool, "arguments": args})
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(base + "/v1/tools/call")
	req.Header.SetMethod("POST")
	req.Header.SetContentType("application/json")
	req.Header.Set("Authorization", "Bot "+token)
	req.SetBody(body)
	if timeout <= 0 {
		return "timeout"
	}
	if err := client.DoTimeout(req, resp, timeout); err != nil {
		return transportOutcome(err)
	}
	if resp.StatusCode() != 200 {
		return "http_" + strconv.Itoa(resp.StatusCode())
	}
	if gjson.GetBytes(resp.Body(), "isError").Bool() {
		return errorType(gjson.GetBytes(resp.Body(), "content.0.text").String())
	}
	return "ok"
}

// runBurst sends n messages to one channel at once. With Discord-like
// limits (5 per 5 s) the bucket allows no less than (n/5 - 1) windows.
func runBurst(w io.Writer, base, token, channel string, n int, statsURL string) error {
	client := &fasthttp.Client{MaxConnsPerHost: n + 8, ReadTimeout: time.Hour}
	b := discordtest.DefaultLimits().Buckets[discordtest.BucketMessageCreate]
	minimum := time.Duration((n+b.Limit-1)/b.Limit-1) * b.Window
	fmt.Fprintf(w, "burst: %d sends on channel %s; the bucket (%d per %s) allows no less than %s\n", n, channel, b.Limit, b.Window, minimum)
	res := &loadResult{outcomes: map[string]int{}}
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.Now()
			outcome := callOnce(client, base, token, "send_message", channel, 2*minimum+time.Minute)
			res.add(time.Since(t), outcome)
		}()
	}
	wg.Wait()
	took := time.Since(start)
	fmt.Fprintf(w, "burst finished in %s: %.3f × the minimum; outcomes %v\n", took.Round(time.Millisecond), took.Seconds()/max(minimum.Seconds(), 0.001), res.outcomes)
	if statsURL != "" {
		st, err := fetchStats(statsURL)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "emulator: %d requests, 429s by scope %v, violations %d\n", st.Total, st.RateLimited, st.Violations)
	}
	return nil
}

// fetchStats reads the emulator's counters over HTTP, as any tool could.
func fetchStats(base string) (*discordtest.Stats, error) {
	code, body, err := fasthttp.Get(nil, strings.TrimRight(base, "/")+"/_emulator/stats")
	if err != nil || code != 200 {
		return nil, fmt.Errorf("loadtest: emulator stats at %s: status %d, %v", base, code, err)
	}
	var st discordtest.Stats
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, fmt.Errorf("loadtest: emulator stats: %w", err)
	}
	return &st, nil
}

// errorType extracts "<Type>" from "Error: <Type> - …".
func errorType(text string) string {
	rest, ok := strings.CutPrefix(text, "Error: ")
	if !ok {
		return "error"
	}
	t, _, _ := strings.Cut(rest, " ")
	return t
}

// progressEvery is how often a running load test reports on stderr.
const progressEvery = 5 * time.Second

// showProgress returns a watcher for drive: every progressEvery it writes
// the calls so far, their outcomes and the time left, until stopped.
func showProgress(w io.Writer, start time.Time, total time.Duration) func(*loadResult) func() {
	return func(res *loadResult) func() {
		done := make(chan struct{})
		go func() {
			t := time.NewTicker(progressEvery)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case now := <-t.C:
					res.mu.Lock()
					n, ok := len(res.latencies), res.outcomes["ok"]
					res.mu.Unlock()
					el := now.Sub(start)
					fmt.Fprintf(w, "loadtest: %s of %s: %d calls, %d ok (%.1f ok/s), %d failed\n",
						el.Round(time.Second), total, n, ok, float64(ok)/el.Seconds(), n-ok)
				}
			}
		}()
		return func() { close(done) }
	}
}

// transportOutcome names a call that got no HTTP answer: "not_accepted"
// when no connection was made (nothing was sent: the proxy was not
// listening), "timeout", "closed_unanswered" when the server closed the
// connection before the first byte of an answer, or "lost" for any other
// end of a connection without an answer.
func transportOutcome(err error) string {
	var op *net.OpError
	switch {
	case errors.As(err, &op) && op.Op == "dial", errors.Is(err, fasthttp.ErrDialTimeout), errors.Is(err, syscall.ECONNREFUSED):
		return "not_accepted"
	case errors.Is(err, fasthttp.ErrTimeout):
		return "timeout"
	case errors.Is(err, fasthttp.ErrConnectionClosed):
		// A kept-alive connection the server closed as the request went
		// out (a shutdown closing idle connections): no answer, and the
		// server did not take the request. Whether it did is for the
		// caller's side to prove (TestSIGTERMDuringLoadLosesNoCall counts
		// what reached Discord).
		return "closed_unanswered"
	}
	return "lost"
}
