package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Auth is how callers prove who they are (--auth and friends).
type Auth struct {
	Mode                 string // none | bearer | oauth
	AllowUnauthenticated bool   // serve a bot with --auth none on a non-loopback address
	DataDir              string // signing keys and the revocation list
	TokenAlg             string // EdDSA | RS256, for generated keys
	TokenKey             string // a PEM private key file instead of generated keys
	TokenIssuer          string
	TokenAudience        string
	RevocationPoll       time.Duration // how often a running proxy re-reads revocations and keys

	OAuthIssuer   string
	OAuthAudience string
	OAuthJWKSURL  string
	OAuthClaim    string // the claim holding the scope object
	OAuthResource string // this server's resource URL; "" = from the request's Host
}

// Audit is the audit trail's settings.
type Audit struct {
	File    string // "" = off
	Content bool   // include message content
	MaxMB   int    // rotate at this size
	// KeyFile holds the chain's HMAC key; "" = audit.key in the data dir
	// (set by validation), created on first use.
	KeyFile string
}

// authSettings are the rows for Auth and Audit; settings() appends them.
func authSettings() []setting {
	str := func(f func(*Config) *string) func(*Config, string) error {
		return func(c *Config, v string) error { *f(c) = v; return nil }
	}
	return []setting{
		{"auth", "DMP_AUTH", "none", "who may call: none, bearer (this proxy's tokens) or oauth (an issuer's)", str(func(c *Config) *string { return &c.Auth.Mode })},
		{"allow-unauthenticated", "DMP_ALLOW_UNAUTHENTICATED", "false", "serve a bot with --auth none on a non-loopback address (anyone who reaches the port can use the bot)", boolSetter(func(c *Config) *bool { return &c.Auth.AllowUnauthenticated })},
		{"data-dir", "DMP_DATA_DIR", "", "signing keys and the revocation list (default: the user config dir)", str(func(c *Config) *string { return &c.Auth.DataDir })},
		{"token-alg", "DMP_TOKEN_ALG", "EdDSA", "algorithm of generated signing keys: EdDSA or RS256", str(func(c *Config) *string { return &c.Auth.TokenAlg })},
		{"token-key", "DMP_TOKEN_KEY", "", "PEM (PKCS#8) private key to sign tokens with, instead of generated keys", str(func(c *Config) *string { return &c.Auth.TokenKey })},
		{"token-issuer", "DMP_TOKEN_ISSUER", "discord-mcp-proxy", "iss of this proxy's tokens", str(func(c *Config) *string { return &c.Auth.TokenIssuer })},
		{"token-audience", "DMP_TOKEN_AUDIENCE", "discord-mcp-proxy", "aud of this proxy's tokens", str(func(c *Config) *string { return &c.Auth.TokenAudience })},
		{"revocation-poll", "DMP_REVOCATION_POLL", "5s", "how often a running proxy re-reads the revocation list and keys", durSetter(func(c *Config) *time.Duration { return &c.Auth.RevocationPoll })},
		{"oauth-issuer", "DMP_OAUTH_ISSUER", "", "--auth oauth: the authorization server (iss)", str(func(c *Config) *string { return &c.Auth.OAuthIssuer })},
		{"oauth-audience", "DMP_OAUTH_AUDIENCE", "", "--auth oauth: the aud tokens must carry", str(func(c *Config) *string { return &c.Auth.OAuthAudience })},
		{"oauth-jwks-url", "DMP_OAUTH_JWKS_URL", "", "--auth oauth: the issuer's JWKS URL", str(func(c *Config) *string { return &c.Auth.OAuthJWKSURL })},
		{"oauth-claim", "DMP_OAUTH_CLAIM", "discord", "--auth oauth: the claim holding the scope object (bot, guilds, channels, …)", str(func(c *Config) *string { return &c.Auth.OAuthClaim })},
		{"oauth-resource", "DMP_OAUTH_RESOURCE", "", "--auth oauth: this server's resource URL for metadata (default from the Host header)", str(func(c *Config) *string { return &c.Auth.OAuthResource })},
		{"audit-file", "DMP_AUDIT_FILE", "", "append a hash-chained JSON line per tool call, passthrough request and refusal", str(func(c *Config) *string { return &c.Audit.File })},
		{"audit-key-file", "DMP_AUDIT_KEY_FILE", "", "the audit chain's HMAC key, created (0600) on first use (default: audit.key in --data-dir)", str(func(c *Config) *string { return &c.Audit.KeyFile })},
		{"audit-content", "DMP_AUDIT_CONTENT", "false", "include message content in audit lines", boolSetter(func(c *Config) *bool { return &c.Audit.Content })},
		{"audit-max-mb", "DMP_AUDIT_MAX_MB", "100", "rotate the audit file at this size (MB)", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("want a whole number of megabytes, at least 1, got %q", v)
			}
			c.Audit.MaxMB = n
			return nil
		}},
	}
}

// validateAuth checks the auth settings together, and refuses to expose
// a bot without authentication on a non-loopback address.
func (c *Config) validateAuth() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	a := &c.Auth
	switch a.Mode {
	case "none", "bearer", "oauth":
	default:
		bad("--auth (env DMP_AUTH): want none, bearer or oauth, got %q", a.Mode)
	}
	if a.TokenAlg != "EdDSA" && a.TokenAlg != "RS256" {
		bad("--token-alg (env DMP_TOKEN_ALG): want EdDSA or RS256, got %q", a.TokenAlg)
	}
	if a.Mode == "oauth" {
		if a.OAuthIssuer == "" || a.OAuthAudience == "" || a.OAuthJWKSURL == "" {
			bad("--auth oauth needs --oauth-issuer, --oauth-audience and --oauth-jwks-url")
		}
		if u, err := url.Parse(a.OAuthJWKSURL); a.OAuthJWKSURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
			bad("--oauth-jwks-url (env DMP_OAUTH_JWKS_URL): want an http(s) URL, got %q", a.OAuthJWKSURL)
		} else if a.OAuthJWKSURL != "" && u.Scheme == "http" && !loopbackHost(u.Hostname()) {
			// Whoever is on the path could swap the keys and mint any token.
			bad("--oauth-jwks-url (env DMP_OAUTH_JWKS_URL): plain http is allowed only to a loopback host; use https, got %q", a.OAuthJWKSURL)
		}
	}
	if a.DataDir == "" {
		if dir, err := os.UserConfigDir(); err == nil {
			a.DataDir = filepath.Join(dir, "discord-mcp-proxy")
		}
	}
	if c.Audit.KeyFile == "" && a.DataDir != "" {
		c.Audit.KeyFile = filepath.Join(a.DataDir, "audit.key")
	}
	if c.RequestStateKeyFile == "" && a.DataDir != "" {
		c.RequestStateKeyFile = filepath.Join(a.DataDir, "request-state.key")
	}
	if c.Transport == "http" && a.Mode == "none" && !a.AllowUnauthenticated && c.hasBot() && !loopback(c.Listen) {
		errs = append(errs, errors.New("--listen "+c.Listen+" is not a loopback address and --auth is none: anyone who reaches the port could use the bot. "+
			"Use --auth bearer (token issue …) or --auth oauth, or pass --allow-unauthenticated if the network is yours alone"))
	}
	return errs
}

func (c *Config) hasBot() bool { return c.DiscordToken != "" || len(c.Bots) > 0 }

// loopback reports whether a listen address binds only to this host.
func loopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	return err == nil && loopbackHost(host)
}

// loopbackHost: localhost or a loopback address.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func boolSetter(f func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		*f(c) = b
		return nil
	}
}

func durSetter(f func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a positive duration such as 5s, got %q", v)
		}
		*f(c) = d
		return nil
	}
}
