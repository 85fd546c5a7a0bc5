package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// runToken is `token issue|revoke|rotate-key`: mint this proxy's bearer
// tokens, revoke them, rotate the signing key. Settings (--data-dir,
// --token-alg, --token-issuer, …) come from the same flags, env and
// config file as serve.
func runToken(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("token: want issue, revoke JTI or rotate-key")
	}
	switch args[0] {
	case "issue":
		return tokenIssue(args[1:], stdout, stderr)
	case "revoke":
		return tokenRevoke(args[1:], stdout, stderr)
	case "rotate-key":
		return tokenRotate(args[1:], stdout, stderr)
	}
	return fmt.Errorf("token: unknown action %q: want issue, revoke JTI or rotate-key", args[0])
}

// tokenConfig loads the settings for a token action. Bot tokens are not
// read (the operator's shell need not hold them), so their env is hidden.
func tokenConfig(name string, args []string) (*config.Config, error) {
	return config.Load(name, args, func(k string) string {
		if k == "DISCORD_TOKEN" || k == "DMP_BOTS" {
			return ""
		}
		return os.Getenv(k)
	})
}

// issueFlags are `token issue`'s own flags; the rest are settings.
type issueFlags struct {
	sub, bot, guilds, channels, users, methods, paths, perms, toolsets string
	ttl                                                                time.Duration
	privileged, owner                                                  bool
}

func newIssueFlags(stderr io.Writer) (*flag.FlagSet, *issueFlags) {
	f := &issueFlags{}
	fs := flag.NewFlagSet("token issue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.sub, "sub", "", "who the token is for (required)")
	fs.DurationVar(&f.ttl, "ttl", 0, "lifetime, e.g. 1h (required)")
	fs.StringVar(&f.bot, "bot", "", "the configured bot to act as (default: DISCORD_TOKEN's)")
	fs.StringVar(&f.guilds, "guilds", "", "guild ids (narrows like X-Target-Guilds)")
	fs.StringVar(&f.channels, "channels", "", "channel ids (narrows like X-Target-Channels)")
	fs.StringVar(&f.users, "users", "", "user ids (narrows like X-Target-Users)")
	fs.StringVar(&f.methods, "methods", "", "HTTP methods (narrows like X-Allowed-Methods)")
	fs.StringVar(&f.paths, "paths", "", "path patterns (narrows like X-Allowed-Paths)")
	fs.StringVar(&f.perms, "permission-bits", "", "Discord permission integer (narrows like X-Permission-Bits)")
	fs.StringVar(&f.toolsets, "toolsets", "", "toolsets the token may use")
	fs.BoolVar(&f.privileged, "privileged", false, "may use the raw passthrough (with X-Privileged-Call and --enable-passthrough)")
	fs.BoolVar(&f.owner, "owner", false, "may use owner tools (with X-Owner-Access and --enable-owner-tools)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: discord-mcp-proxy token issue --sub NAME --ttl DURATION [claims] [settings]\n\n"+
			"Prints a signed bearer token on stdout. Settings as for serve (flags, env, --config): --data-dir, --token-alg\n"+
			"(of a key made on first use; token rotate-key --token-alg RS256 makes an RSA key), --token-key, --token-issuer, --token-audience.\n\nClaims:\n")
		fs.PrintDefaults()
	}
	return fs, f
}

func (f *issueFlags) claims() policy.Claims {
	list := func(v string) []string { return config.SplitList(v) }
	return policy.Claims{
		Bot: f.bot, Guilds: list(f.guilds), Channels: list(f.channels), Users: list(f.users),
		Methods: list(strings.ToUpper(f.methods)), Paths: list(f.paths), PermissionBits: f.perms,
		Toolsets: list(f.toolsets), Privileged: f.privileged, Owner: f.owner,
	}
}

func tokenIssue(args []string, stdout, stderr io.Writer) error {
	fs, f := newIssueFlags(stderr)
	own, rest := splitFlags(fs, args)
	if err := fs.Parse(own); err != nil {
		return helpIsOK(flagHelp(err))
	}
	if f.sub == "" || f.ttl <= 0 {
		return errors.New("token issue: --sub and a positive --ttl are required")
	}
	cfg, err := tokenConfig("token issue", rest)
	if err != nil {
		return err
	}
	keys, err := openKeys(cfg.Auth)
	if err != nil {
		return err
	}
	tok, jti, err := keys.Mint(policy.MintOptions{
		Subject: f.sub, Issuer: cfg.Auth.TokenIssuer, Audience: cfg.Auth.TokenAudience, TTL: f.ttl, Claims: f.claims(),
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	fmt.Fprintf(stderr, "jti %s, expires %s (revoke with: discord-mcp-proxy token revoke %s)\n",
		jti, time.Now().Add(f.ttl).UTC().Format(time.RFC3339), jti)
	return nil
}

func tokenRevoke(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New("token revoke: want the token's jti first: token revoke JTI [flags]")
	}
	cfg, err := tokenConfig("token revoke", args[1:])
	if err != nil {
		return helpIsOK(flagHelp(err))
	}
	if err := os.MkdirAll(cfg.Auth.DataDir, 0o700); err != nil {
		return fmt.Errorf("token revoke: %w", err)
	}
	if err := policy.Revoke(revocationFile(cfg.Auth), args[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked %s; a running proxy refuses it within --revocation-poll (%s)\n", args[0], cfg.Auth.RevocationPoll)
	return nil
}

func tokenRotate(args []string, stdout, stderr io.Writer) error {
	cfg, err := tokenConfig("token rotate-key", args)
	if err != nil {
		return helpIsOK(flagHelp(err))
	}
	keys, err := openKeys(cfg.Auth)
	if err != nil {
		return err
	}
	kid, err := keys.Rotate()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new signing key %s; older keys still verify until their files are removed\n", kid)
	return nil
}

// flagHelp maps flag.ErrHelp to errHelp.
func flagHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return err
}

// splitFlags separates the flags fs defines from the rest (settings for
// config.Load), keeping each flag's value with it. Booleans never take
// the next argument.
func splitFlags(fs *flag.FlagSet, args []string) (own, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		if !strings.HasPrefix(a, "-") || f == nil {
			if a == "-h" || a == "--help" || a == "-help" {
				own = append(own, a)
				continue
			}
			rest = append(rest, a)
			continue
		}
		own = append(own, a)
		bf, isBool := f.Value.(interface{ IsBoolFlag() bool })
		if !hasValue && !(isBool && bf.IsBoolFlag()) && i+1 < len(args) {
			i++
			own = append(own, args[i])
		}
	}
	return own, rest
}
