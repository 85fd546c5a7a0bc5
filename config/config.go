// Package config turns flags, environment variables and defaults into one
// immutable Config, validated at start with messages that name the setting.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the process configuration. Build it with Load; treat it as
// read-only afterwards.
type Config struct {
	Listen   string // host:port for serve
	Upstream string // Discord API base, e.g. https://discord.com/api/v10
	// DiscordToken is the bot token used when a request brings none
	// (without the "Bot " prefix). Never log it.
	DiscordToken string
	LogLevel     string
	Transport    string // http | stdio

	// The operator's ceiling, in the syntax of the request headers of the
	// same name (see policy). Empty means "any" where the header's absence
	// does.
	AllowedMethods    string
	AllowedPaths      string
	TargetGuilds      string
	TargetChannels    string
	TargetUsers       string
	PermissionBits    string
	PrivilegedIntents string
	AllowedMentions   string // default {"parse":[]}
	EnablePassthrough bool   // raw /api/v10/* and the raw request tool exist at all
	EnableOwnerTools  bool
	// AllowUnknownRoutes lets privileged callers reach paths that are not
	// Discord's published routes (never while targets are restricted).
	AllowUnknownRoutes bool

	AllowedOrigins []string // Origin values accepted besides localhost ones
	// AllowedHosts are Host names the HTTP server answers to besides
	// localhost, loopback and the listen address (DNS-rebinding defence).
	AllowedHosts []string

	MaxWait         time.Duration // longest a request may wait for the limiter
	GlobalPerSecond int           // per-token global limit
	InvalidBudget   int           // invalid requests per 10 min before failing fast

	CacheSize int
	CacheTTL  time.Duration

	SessionIdle time.Duration // MCP sessions expire after this idle time
	MaxSessions int
	// RequestStateKeyFile holds the key that signs the requestState of
	// stateless input_required results; "" = request-state.key in the data
	// dir (set by validation). Replicas share it by naming one file.
	RequestStateKeyFile string
	// MaxSessionsPerCaller bounds one credential's sessions; 0: max(1,
	// MaxSessions/10).
	MaxSessionsPerCaller int

	HealthTTL time.Duration

	SweepInterval time.Duration // idle rate-limit state is dropped this often

	// MetricsListen is a separate address for /metrics; empty serves it on
	// the main listener.
	MetricsListen string

	// RedisURL turns on the Redis store shared by replicas; empty keeps
	// the limits in this process. RedisFail is "closed" (refuse while
	// Redis is unreachable) or "local" (fall back to this replica's share
	// of the limits: the global one divided by Replicas).
	RedisURL  string
	RedisFail string
	Replicas  int

	// Bots are the named bot tokens besides DISCORD_TOKEN (the bot named
	// "default"), each read from the environment variable the operator
	// named. Never log a Token.
	Bots []Bot
	// botSpecs is --bot as given (NAME=ENV_VAR, comma-joined); Load reads
	// the tokens into Bots.
	botSpecs string

	// PprofListen serves net/http/pprof on its own listener when set;
	// loopback only unless PprofAllowRemote.
	PprofListen      string
	PprofAllowRemote bool

	// MemoryLimit is the Go runtime's soft memory limit in bytes; 0 leaves
	// the runtime's own (GOMEMLIMIT, else none).
	MemoryLimit int64

	// The catalog: which toolsets are served (empty: the core set; "all"),
	// read-only tools only, discovery tools that enable toolsets per
	// session, confirmation of destructive tools, and previews instead of
	// writes. The catalog checks toolset names at start.
	Toolsets        []string
	ReadOnly        bool
	DynamicToolsets bool
	Confirm         string // destructive | none
	DryRun          bool
	DMAttribution   bool // DMs sent by tools link to the caller's current message

	Auth  Auth  // --auth, keys, OAuth (auth.go)
	Audit Audit // --audit-file and friends

	// UntrustedFence wraps Discord's text in tool results' text content in
	// a fence marked as untrusted data (mcp/fence.go).
	UntrustedFence bool

	// Attachments: get_attachment fetches only from these hosts (Discord's
	// CDN; the demo adds the emulator's), at most AttachmentMaxBytes within
	// AttachmentTimeout; uploads are held to the same size.
	AttachmentHosts    []string
	AttachmentMaxBytes int
	AttachmentTimeout  time.Duration

	Image Image // util_generate_image's endpoint (image.go)
}

// Bot is one named bot token.
type Bot struct {
	Name  string
	Env   string // the variable the token came from
	Token string // bare, without "Bot "
}

// setting describes one option: its flag name, env var, default and help.
// A setting whose default is "true" or "false" is a switch: its flag may
// be given bare (--enable-passthrough) and it never swallows the next
// argument.
type setting struct {
	name, env, def, help string
	set                  func(c *Config, v string) error
}

func (s setting) isSwitch() bool { return s.def == "true" || s.def == "false" }

func settings() []setting {
	str := func(f func(*Config) *string) func(*Config, string) error {
		return func(c *Config, v string) error { *f(c) = v; return nil }
	}
	boolean := func(f func(*Config) *bool) func(*Config, string) error {
		return func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			*f(c) = b
			return nil
		}
	}
	dur := func(f func(*Config) *time.Duration) func(*Config, string) error {
		return func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("want a duration such as 30s, got %q", v)
			}
			*f(c) = d
			return nil
		}
	}
	num := func(f func(*Config) *int) func(*Config, string) error {
		return func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("want a non-negative integer, got %q", v)
			}
			*f(c) = n
			return nil
		}
	}
	return append([]setting{
		{"listen", "DMP_LISTEN", "127.0.0.1:8080", "address to serve HTTP on", str(func(c *Config) *string { return &c.Listen })},
		{"upstream", "DMP_UPSTREAM", "https://discord.com/api/v10", "Discord API base URL", str(func(c *Config) *string { return &c.Upstream })},
		{"log-level", "DMP_LOG_LEVEL", "info", "debug, info, warn or error", str(func(c *Config) *string { return &c.LogLevel })},
		{"transport", "DMP_TRANSPORT", "http", "http or stdio", str(func(c *Config) *string { return &c.Transport })},
		{"allowed-methods", "DMP_ALLOWED_METHODS", "", "ceiling: HTTP methods callers may use (comma list, * = any)", str(func(c *Config) *string { return &c.AllowedMethods })},
		{"allowed-paths", "DMP_ALLOWED_PATHS", "", "ceiling: path patterns callers may use", str(func(c *Config) *string { return &c.AllowedPaths })},
		{"target-guilds", "DMP_TARGET_GUILDS", "", "ceiling: guild ids callers may touch", str(func(c *Config) *string { return &c.TargetGuilds })},
		{"target-channels", "DMP_TARGET_CHANNELS", "", "ceiling: channel ids callers may touch", str(func(c *Config) *string { return &c.TargetChannels })},
		{"target-users", "DMP_TARGET_USERS", "", "ceiling: user ids callers may touch (0 = none)", str(func(c *Config) *string { return &c.TargetUsers })},
		{"permission-bits", "DMP_PERMISSION_BITS", "", "ceiling: Discord permission integer", str(func(c *Config) *string { return &c.PermissionBits })},
		{"privileged-intents", "DMP_PRIVILEGED_INTENTS", "", "ceiling: server_members, presence, message_content", str(func(c *Config) *string { return &c.PrivilegedIntents })},
		{"allowed-mentions", "DMP_ALLOWED_MENTIONS", `{"parse":[]}`, "allowed_mentions forced onto every message", str(func(c *Config) *string { return &c.AllowedMentions })},
		{"enable-passthrough", "DMP_ENABLE_PASSTHROUGH", "false", "serve raw /api/v10/* to privileged callers", boolean(func(c *Config) *bool { return &c.EnablePassthrough })},
		{"enable-owner-tools", "DMP_ENABLE_OWNER_TOOLS", "false", "offer owner tools to callers with X-Owner-Access", boolean(func(c *Config) *bool { return &c.EnableOwnerTools })},
		{"allow-unknown-routes", "DMP_ALLOW_UNKNOWN_ROUTES", "false", "let privileged callers reach paths that are not Discord's published routes, unless targets or permission bits are restricted", boolean(func(c *Config) *bool { return &c.AllowUnknownRoutes })},
		{"allowed-origins", "DMP_ALLOWED_ORIGINS", "", "Origin values accepted besides localhost (comma list)", func(c *Config, v string) error {
			c.AllowedOrigins = SplitList(v)
			return nil
		}},
		{"allowed-hosts", "DMP_ALLOWED_HOSTS", "", "Host names served besides localhost and the listen address (comma list; e.g. the compose service name)", func(c *Config, v string) error {
			c.AllowedHosts = SplitList(v)
			return validHosts(c.AllowedHosts)
		}},
		{"max-wait", "DMP_MAX_WAIT", "30s", "longest a request waits for the rate limiter", dur(func(c *Config) *time.Duration { return &c.MaxWait })},
		{"global-per-second", "DMP_GLOBAL_PER_SECOND", "50", "per-token global request limit", num(func(c *Config) *int { return &c.GlobalPerSecond })},
		{"invalid-budget", "DMP_INVALID_BUDGET", "8000", "invalid requests per 10 minutes before failing fast", num(func(c *Config) *int { return &c.InvalidBudget })},
		{"cache-size", "DMP_CACHE_SIZE", "10000", "channel metadata cache entries", num(func(c *Config) *int { return &c.CacheSize })},
		{"cache-ttl", "DMP_CACHE_TTL", "5m", "channel metadata cache lifetime", dur(func(c *Config) *time.Duration { return &c.CacheTTL })},
		{"session-idle", "DMP_SESSION_IDLE", "30m", "MCP sessions expire after this idle time", dur(func(c *Config) *time.Duration { return &c.SessionIdle })},
		{"max-sessions", "DMP_MAX_SESSIONS", "1000", "most concurrent MCP sessions", num(func(c *Config) *int { return &c.MaxSessions })},
		{"request-state-key-file", "DMP_REQUEST_STATE_KEY_FILE", "", "key signing the requestState of stateless MCP calls, created (0600) on first use; replicas behind one load balancer name the same file (default: request-state.key in --data-dir)", str(func(c *Config) *string { return &c.RequestStateKeyFile })},
		{"max-sessions-per-caller", "DMP_MAX_SESSIONS_PER_CALLER", "0", "most concurrent MCP sessions of one credential (0: a tenth of --max-sessions, at least 1)", num(func(c *Config) *int { return &c.MaxSessionsPerCaller })},
		{"health-ttl", "DMP_HEALTH_TTL", "10s", "how long a health check result is reused", dur(func(c *Config) *time.Duration { return &c.HealthTTL })},
		{"bot", "DMP_BOTS", "", "a named bot: NAME=ENV_VAR, the variable holding its token; repeatable", str(func(c *Config) *string { return &c.botSpecs })},
		{"metrics-listen", "DMP_METRICS_LISTEN", "", "serve /metrics on this address instead of the main listener", str(func(c *Config) *string { return &c.MetricsListen })},
		{"sweep-interval", "DMP_SWEEP_INTERVAL", "1m", "how often rate-limit state idle that long is dropped", dur(func(c *Config) *time.Duration { return &c.SweepInterval })},
		{"pprof-listen", "DMP_PPROF_LISTEN", "", "serve Go profiles (/debug/pprof/) on this loopback host:port; off when empty", str(func(c *Config) *string { return &c.PprofListen })},
		{"pprof-allow-remote", "DMP_PPROF_ALLOW_REMOTE", "false", "let --pprof-listen bind a non-loopback address", boolean(func(c *Config) *bool { return &c.PprofAllowRemote })},
		{"memory-limit", "DMP_MEMORY_LIMIT", "", "soft limit on the Go runtime's memory, as GOMEMLIMIT (e.g. 256MiB; at least 16MiB); the collector works harder near it; empty: GOMEMLIMIT, else none", memoryLimit},
		{"toolsets", "DMP_TOOLSETS", "", "toolsets served (comma list, or all); empty: the core set messages,channels,raw", func(c *Config, v string) error {
			c.Toolsets = SplitList(v)
			return nil
		}},
		{"read-only", "DMP_READ_ONLY", "false", "serve only read-only tools", boolean(func(c *Config) *bool { return &c.ReadOnly })},
		{"dynamic-toolsets", "DMP_DYNAMIC_TOOLSETS", "false", "start sessions with discovery tools only; --toolsets is what they may enable", boolean(func(c *Config) *bool { return &c.DynamicToolsets })},
		{"confirm", "DMP_CONFIRM", "destructive", "destructive: destructive tools ask (elicitation) or need confirm: true; none: they do not", func(c *Config, v string) error {
			if v != "destructive" && v != "none" {
				return fmt.Errorf("want destructive or none, got %q", v)
			}
			c.Confirm = v
			return nil
		}},
		{"dry-run", "DMP_DRY_RUN", "false", "every write returns a preview of what it would send and sends nothing", boolean(func(c *Config) *bool { return &c.DryRun })},
		{"dm-attribution", "DMP_DM_ATTRIBUTION", "false", "send_direct_message ends each DM with a link to the caller's X-Current-Guild/-Channel/-Message, when all three are sent", boolean(func(c *Config) *bool { return &c.DMAttribution })},
		{"untrusted-fence", "DMP_UNTRUSTED_FENCE", "true", "fence Discord's text in tool results as untrusted data, so a model can tell it from instructions", boolean(func(c *Config) *bool { return &c.UntrustedFence })},
		{"redis-url", "DMP_REDIS_URL", "", "share rate limits with other replicas through this Redis (redis://host:port/db); empty keeps them in this process", str(func(c *Config) *string { return &c.RedisURL })},
		{"redis-fail", "DMP_REDIS_FAIL", "closed", "while Redis is unreachable: closed (refuse calls) or local (this replica's share of the limits)", str(func(c *Config) *string { return &c.RedisFail })},
		{"replicas", "DMP_REPLICAS", "1", "how many replicas share the limits (--redis-fail local divides the global limit by it)", num(func(c *Config) *int { return &c.Replicas })},
		{"attachment-hosts", "DMP_ATTACHMENT_HOSTS", "cdn.discordapp.com,media.discordapp.net", "hosts get_attachment may fetch from (comma list of host or host:port); https only, except loopback hosts", func(c *Config, v string) error {
			c.AttachmentHosts = SplitList(v)
			return validHosts(c.AttachmentHosts)
		}},
		{"attachment-max-bytes", "DMP_ATTACHMENT_MAX_BYTES", "10485760", "largest attachment fetched or sent (bytes; Discord's base upload limit is 10 MiB)", num(func(c *Config) *int { return &c.AttachmentMaxBytes })},
		{"attachment-timeout", "DMP_ATTACHMENT_TIMEOUT", "20s", "longest an attachment fetch may take", dur(func(c *Config) *time.Duration { return &c.AttachmentTimeout })},
	}, append(authSettings(), imageSettings()...)...)
}

// validate checks what no single setting can: formats that need parsing
// and values that must be non-zero. It returns every problem found.
func (c *Config) validate() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		bad("--listen (env DMP_LISTEN): want host:port, got %q", c.Listen)
	}
	if c.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(c.MetricsListen); err != nil {
			bad("--metrics-listen (env DMP_METRICS_LISTEN): want host:port, got %q", c.MetricsListen)
		}
	}
	u, err := url.Parse(c.Upstream)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("--upstream (env DMP_UPSTREAM): want an http(s) URL such as https://discord.com/api/v10, got %q", c.Upstream)
	}
	c.Upstream = strings.TrimRight(c.Upstream, "/")
	switch c.LogLevel {
	case "debug", "info", "warn", "error", "disabled":
	default:
		bad("--log-level (env DMP_LOG_LEVEL): want debug, info, warn or error, got %q", c.LogLevel)
	}
	switch c.Transport {
	case "http", "stdio":
	default:
		bad("--transport (env DMP_TRANSPORT): want http or stdio, got %q", c.Transport)
	}
	if c.GlobalPerSecond == 0 {
		bad("--global-per-second (env DMP_GLOBAL_PER_SECOND): must be at least 1")
	}
	if c.CacheSize == 0 {
		bad("--cache-size (env DMP_CACHE_SIZE): must be at least 1")
	}
	if c.SweepInterval == 0 {
		bad("--sweep-interval (env DMP_SWEEP_INTERVAL): must be more than 0")
	}
	if err := c.checkPprof(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.validateRedis()...)
	if c.DiscordToken != "" && strings.ContainsAny(c.DiscordToken, " \t\r\n") {
		// Say what is wrong without echoing the token.
		errs = append(errs, errors.New("DISCORD_TOKEN: contains whitespace; set it to the bare bot token"))
	}
	errs = append(errs, c.checkImage()...)
	return append(errs, c.validateAuth()...)
}

// SplitList splits a comma list, dropping blanks.
func SplitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// validHosts checks --allowed-hosts entries: a host name or address with
// an optional port, no scheme or path ("discord-mcp-proxy", "10.0.0.5",
// "[::1]:8080").
func validHosts(hosts []string) error {
	for _, h := range hosts {
		host := h
		if strings.Contains(h, ":") && !(strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]")) {
			hp, port, err := net.SplitHostPort(h)
			if _, perr := strconv.ParseUint(port, 10, 16); err != nil || perr != nil {
				return fmt.Errorf("want host or host:port (IPv6 in brackets), got %q", h)
			}
			host = hp
		}
		host = strings.Trim(host, "[]")
		if host == "" || strings.IndexFunc(host, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_:", r))
		}) >= 0 {
			return fmt.Errorf("want host names such as discord-mcp-proxy, got %q", h)
		}
	}
	return nil
}

// validateRedis checks the shared-store settings.
func (c *Config) validateRedis() []error {
	var errs []error
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			// The URL may carry a password: name the setting, not the value.
			errs = append(errs, errors.New("--redis-url (env DMP_REDIS_URL): want redis://host:port/db or rediss://…"))
		}
	}
	if c.RedisFail != "closed" && c.RedisFail != "local" {
		errs = append(errs, fmt.Errorf("--redis-fail (env DMP_REDIS_FAIL): want closed or local, got %q", c.RedisFail))
	}
	if c.Replicas == 0 {
		errs = append(errs, errors.New("--replicas (env DMP_REPLICAS): must be at least 1"))
	}
	return errs
}
