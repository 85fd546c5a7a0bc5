package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
)

// authSetup is what --auth built: the policy.Auth the ceiling checks
// callers with, and in bearer mode the key ring /.well-known/jwks.json
// publishes.
type authSetup struct {
	cfg  config.Auth
	auth *policy.Auth       // nil in none mode
	keys *policy.Keyring    // bearer mode only
	jwks *policy.RemoteJWKS // oauth mode only
}

// revocationFile is where `token revoke` writes and serve reads.
func revocationFile(a config.Auth) string { return filepath.Join(a.DataDir, "revoked") }

// openKeys opens (creating on first use) the signing keys.
func openKeys(a config.Auth) (*policy.Keyring, error) {
	return policy.OpenKeyring(a.DataDir, a.TokenKey, a.TokenAlg, true)
}

func newAuthSetup(cfg *config.Config, log zerolog.Logger) (*authSetup, error) {
	as := &authSetup{cfg: cfg.Auth}
	if cfg.Auth.Mode == policy.AuthNone {
		return as, nil
	}
	rev, err := policy.OpenRevocations(revocationFile(cfg.Auth))
	if err != nil {
		return nil, err
	}
	var v *policy.Verifier
	refresh := []func() error{rev.Refresh}
	switch cfg.Auth.Mode {
	case policy.AuthBearer:
		if as.keys, err = openKeys(cfg.Auth); err != nil {
			return nil, err
		}
		v = as.keys.Verifier(cfg.Auth.TokenIssuer, cfg.Auth.TokenAudience, rev.Revoked)
		refresh = append(refresh, as.keys.Refresh)
	case policy.AuthOAuth:
		as.jwks = policy.NewRemoteJWKS(cfg.Auth.OAuthJWKSURL)
		if err := as.jwks.Fetch(); err != nil {
			// The issuer may come up after the proxy; lookups retry.
			log.Warn().Err(err).Msg("OAuth JWKS not fetched yet; tokens are refused until it is")
		}
		v = &policy.Verifier{
			Keys: as.jwks.Lookup, Algs: []string{"RS256", "PS256", "ES256", "EdDSA"},
			Issuer: cfg.Auth.OAuthIssuer, Audience: cfg.Auth.OAuthAudience,
			Claim: cfg.Auth.OAuthClaim, Revoked: rev.Revoked,
		}
	}
	as.auth = &policy.Auth{Mode: cfg.Auth.Mode, Verifier: v, Refresh: refresh}
	return as, nil
}

// unauthorized is a refused credential on its way to a 401: it wraps
// mcp.ErrUnauthorized and carries the WWW-Authenticate challenge.
type unauthorized struct {
	err       *policy.AuthError
	challenge string
}

func (u *unauthorized) Error() string     { return "unauthorized: " + u.err.Error() }
func (u *unauthorized) Unwrap() []error   { return []error{mcp.ErrUnauthorized, u.err} }
func (u *unauthorized) Challenge() string { return u.challenge }

// asUnauthorized turns a *policy.AuthError into an unauthorized error
// with its challenge; other errors pass unchanged.
func (as *authSetup) asUnauthorized(err error, host string) error {
	var ae *policy.AuthError
	if !errors.As(err, &ae) {
		return err
	}
	return &unauthorized{err: ae, challenge: as.challenge(ae, host)}
}

// challenge is the WWW-Authenticate value (RFC 6750 section 3; in oauth
// mode with resource_metadata, RFC 9728 section 5.1).
func (as *authSetup) challenge(ae *policy.AuthError, host string) string {
	var b strings.Builder
	b.WriteString(`Bearer realm="discord-mcp-proxy"`)
	if ae.Code != policy.AuthMissing {
		fmt.Fprintf(&b, `, error=%q, error_description=%q`, string(ae.Code), ae.Reason)
	}
	if as.cfg.Mode == policy.AuthOAuth {
		fmt.Fprintf(&b, `, resource_metadata=%q`, as.metadataURL(host))
	}
	return b.String()
}

// resource is this server's resource identifier: --oauth-resource, or the
// MCP endpoint at the request's Host.
func (as *authSetup) resource(host string) string {
	if as.cfg.OAuthResource != "" {
		return strings.TrimRight(as.cfg.OAuthResource, "/")
	}
	return "http://" + host + "/mcp"
}

// metadataURL is where the protected-resource metadata is served: the
// well-known path inserted before the resource's path (RFC 9728 section
// 3.1); the root well-known path answers too.
func (as *authSetup) metadataURL(host string) string {
	res := as.resource(host)
	if i := strings.Index(res, "://"); i >= 0 {
		if j := strings.IndexByte(res[i+3:], '/'); j >= 0 {
			return res[:i+3+j] + wellKnownPRM + res[i+3+j:]
		}
	}
	return res + wellKnownPRM
}

const (
	wellKnownPRM  = "/.well-known/oauth-protected-resource"
	wellKnownJWKS = "/.well-known/jwks.json"
)

// authSummary is the auth mode for the startup line.
func authSummary(cfg *config.Config) string {
	switch cfg.Auth.Mode {
	case policy.AuthBearer:
		return "bearer (this proxy's tokens: token issue …)"
	case policy.AuthOAuth:
		return "oauth (issuer " + cfg.Auth.OAuthIssuer + ")"
	}
	return "none (Authorization: Bot …, or the configured bots)"
}

// auditRefusal records a request refused before the choke point: a bad
// credential (401) or a malformed header (400). Reasons are fixed texts,
// never the token.
func (a *app) auditRefusal(err error) {
	if a.auditLog == nil {
		return
	}
	e := audit.Entry{Kind: "refusal", Source: "mcp"}
	var ae *policy.AuthError
	var he *policy.HeaderError
	switch {
	case errors.As(err, &ae):
		e.Status, e.Outcome, e.Rule = 401, "unauthorized", "auth: "+ae.Reason
	case errors.As(err, &he):
		e.Status, e.Outcome, e.Rule = 400, "bad header", he.Header
	default:
		return
	}
	if err := a.auditLog.Record(e); err != nil {
		a.log.Error().Err(err).Msg("audit line not written")
	}
}
