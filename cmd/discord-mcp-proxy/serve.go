package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

func loadConfig(name string, args []string, stderr io.Writer) (*config.Config, error) {
	cfg, err := config.Load(name, args, os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		return nil, errHelp
	}
	return cfg, err
}

// errHelp ends a command after --help printed its usage.
var errHelp = errors.New("help")

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("serve", args, stderr)
	if err != nil {
		return helpIsOK(err)
	}
	if cfg.Transport == "stdio" {
		return serveStdio(ctx, cfg, stderr)
	}
	applyMemoryLimit(cfg)
	log, level := newLogger(cfg.LogLevel, stderr)
	a, err := newApp(cfg, log)
	if err != nil {
		return err
	}
	a.logLevel = level
	a.proxy.SetLogGate(level.enabled) // the proxy skips lines the level drops
	defer a.auditLog.Close()
	ln, err := listen(cfg.Listen)
	if err != nil {
		return err
	}
	_, stopPprof, err := startPprof(cfg.PprofListen, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopPprof()
	base := "http://" + ln.Addr().String()
	log.Info().Str("mcp", base+"/mcp").Str("health", base+"/healthz").Str("upstream", cfg.Upstream).
		Str("auth", authSummary(cfg)).Bool("token_configured", cfg.DiscordToken != "").Strs("bots", a.ceiling.Load().BotNames()).
		Bool("passthrough", cfg.EnablePassthrough).Str("ceiling", a.ceiling.Load().Summary()).
		Msg("serving MCP at " + base + "/mcp")
	go a.reloadOnHangup(ctx, func() (*config.Config, error) { return config.Load("serve", args, os.Getenv) })
	return a.serve(ctx, ln)
}

func runStdio(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("stdio", args, stderr)
	if err != nil {
		return helpIsOK(err)
	}
	return serveStdio(ctx, cfg, stderr)
}

// serveStdio speaks MCP on stdin/stdout; logs go to stderr so stdout
// carries nothing but JSON-RPC.
func serveStdio(ctx context.Context, cfg *config.Config, stderr io.Writer) error {
	// The stdio peer is the process that started this one with its
	// environment: it has no Authorization to send, so --auth is moot.
	cfg.Auth.Mode = "none"
	applyMemoryLimit(cfg)
	log, _ := newLogger(cfg.LogLevel, stderr)
	a, err := newApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.mcp.Close()
	go a.limiter.SweepEvery(ctx, cfg.SweepInterval)
	return a.mcp.ServeStdio(ctx, os.Stdin, os.Stdout)
}

// applyMemoryLimit sets the runtime's soft memory limit from
// --memory-limit; unset, the runtime keeps GOMEMLIMIT's, or none. No
// limit is set by default: 100,000 distinct channels hold a live heap of
// 124-146 MiB, where a small fixed limit would keep the collector
// running. When the operator tuned neither the limit nor GOGC, the heap
// may grow by defaultGCPercent instead of the runtime's 100: see there.
func applyMemoryLimit(cfg *config.Config) {
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
	if gcTuned(cfg, os.Getenv) {
		return
	}
	debug.SetGCPercent(defaultGCPercent)
}

// defaultGCPercent is the GOGC the proxy runs with unless told otherwise.
// Its live heap under load is small (4-5 MiB at 64 busy connections) and
// nearly all garbage, so the heap peak is about twice the live heap at
// 100. At 60 the 0 ms / 64-connection peak with every toolset is 23.5 MiB
// on stateless MCP calls (24.4 at 75, about 26 at 100) for 1-2% of their
// req/s, and the passthrough, which allocates little, loses nothing. It
// stays proportional, so a large live heap (many distinct channels) is
// not collected more often per byte allocated than a small one.
const defaultGCPercent = 60

// gcTuned reports whether the operator set the collector's pace: GOGC,
// GOMEMLIMIT or --memory-limit (DMP_MEMORY_LIMIT).
func gcTuned(cfg *config.Config, getenv func(string) string) bool {
	return cfg.MemoryLimit > 0 || getenv("GOGC") != "" || getenv("GOMEMLIMIT") != ""
}

func helpIsOK(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func runEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listenAddr := fs.String("listen", envOr("DMP_EMULATOR_LISTEN", "127.0.0.1:8081"), "address to serve the emulated Discord API on (env DMP_EMULATOR_LISTEN)")
	seed := fs.String("seed", os.Getenv("DMP_EMULATOR_SEED"), "seed file: token, user, guilds with channels/roles/members, messages (env DMP_EMULATOR_SEED); built-in seed when empty")
	latency := fs.Duration("latency", 0, "added to every response, e.g. 50ms")
	failRate := fs.Float64("fail-rate", 0, "fraction of requests answered with a 5xx (0..1)")
	faultSeed := fs.Uint64("fault-seed", 0, "seed for which requests --fail-rate fails: the same seed and requests in the same order meet the same faults")
	channels := fs.Int("channels", 0, "add this many text channels to the built-in seed (for loadtest --url; their ids are printed)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: discord-mcp-proxy emulator [flags]\n\nServes Discord's REST API at /api/v10 with Discord's shapes, errors and rate limits; counters at /_emulator/stats.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *failRate < 0 || *failRate > 1 {
		return fmt.Errorf("--fail-rate: want a fraction from 0 to 1, got %v", *failRate)
	}
	opts := discordtest.Options{Latency: *latency, FailRate: *failRate, FaultSeed: *faultSeed}
	var ids []string
	if *channels < 0 {
		return fmt.Errorf("--channels: want a number of channels, got %d", *channels)
	}
	if *channels > 0 {
		if *seed != "" {
			return errors.New("--channels adds to the built-in seed: give --seed or --channels, not both")
		}
		opts.Seed, ids = loadSeed(*channels)
	}
	emu, err := newEmulator(*seed, opts)
	if err != nil {
		return err
	}
	ln, err := listen(*listenAddr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Discord emulator at http://%s/api/v10 (token: %s)\n", ln.Addr(), emu.Token())
	if len(ids) > 0 {
		fmt.Fprintf(stdout, "load channels: %s\n", strings.Join(ids, ","))
	}
	errc := make(chan error, 1)
	go func() { errc <- emu.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return emu.Close()
	}
}

// newEmulator builds an emulator from opts, with the seed file at seedPath
// (if any) as its state.
func newEmulator(seedPath string, opts discordtest.Options) (*discordtest.Emulator, error) {
	if seedPath != "" {
		seed, err := discordtest.LoadSeed(seedPath)
		if err != nil {
			return nil, fmt.Errorf("--seed: %w", err)
		}
		opts.Seed = seed
	}
	return discordtest.New(opts)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
