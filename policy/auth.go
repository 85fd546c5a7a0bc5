package policy

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// Auth modes (--auth).
const (
	AuthNone   = "none"   // Authorization: Bot <token>, or the default bot
	AuthBearer = "bearer" // this proxy's own JWTs (token issue)
	AuthOAuth  = "oauth"  // an OAuth 2.1 issuer's JWTs, keys from its JWKS
)

// Auth decides who may call. In bearer and oauth mode every request needs
// a valid Bearer token and acts as the bot the token names; a caller's own
// Bot token is refused, since the proxy holds the Discord tokens.
type Auth struct {
	Mode     string
	Verifier *Verifier // nil in none mode
	// Refresh functions Poll runs (key ring, revocation list).
	Refresh []func() error
}

// identity is who a Scope acts for (set by authorize).
type identity struct {
	subject, bot, jti string
	toolsets          []string
	// issuer, expires and revoked: the bearer token's, for CallerID and
	// CredentialLive.
	issuer  string
	expires time.Time
	revoked func(jti string) bool
}

// botCred is a configured bot's credential, prepared once.
type botCred struct{ token, fingerprint string }

// botCreds prepares cfg's named bots and the default one.
func botCreds(c *config.Config) map[string]botCred {
	m := map[string]botCred{}
	if c.DiscordToken != "" {
		m[config.DefaultBot] = botCred{"Bot " + c.DiscordToken, fingerprint(c.DiscordToken)}
	}
	for _, b := range c.Bots {
		m[b.Name] = botCred{"Bot " + b.Token, fingerprint(b.Token)}
	}
	return m
}

// WithAuth sets how the ceiling authenticates callers; call it once while
// wiring, before the ceiling is shared. Nil means none mode.
func (c *Ceiling) WithAuth(a *Auth) *Ceiling {
	c.auth = a
	return c
}

// AuthMode is the ceiling's --auth mode.
func (c *Ceiling) AuthMode() string {
	if c.auth == nil {
		return AuthNone
	}
	return c.auth.Mode
}

// BotScope is the default scope acting as the named bot (for health
// checks), or nil when no such bot is configured.
func (c *Ceiling) BotScope(name string) *Scope {
	cred, ok := c.bots[name]
	if !ok {
		return nil
	}
	s := c.base
	s.token, s.fingerprint, s.who = cred.token, cred.fingerprint, identity{bot: name}
	return &s
}

// BotNames lists the configured bots, default first when set.
func (c *Ceiling) BotNames() []string {
	var out []string
	for n := range c.bots {
		if n != config.DefaultBot {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	if _, ok := c.bots[config.DefaultBot]; ok {
		out = append([]string{config.DefaultBot}, out...)
	}
	return out
}

// authorize reads Authorization into s. In bearer and oauth mode it
// returns the token's claims, which the caller narrows s with.
func (c *Ceiling) authorize(s *Scope, vals [][]byte) (*Claims, error) {
	if c.auth == nil || c.auth.Mode == AuthNone {
		// A Bearer token here is a malformed header (400), as before:
		// there is no bearer scheme to challenge with.
		return nil, c.readAuthorization(s, vals)
	}
	if len(vals) == 0 {
		return nil, authErr(AuthMissing, "a Bearer token is required", nil)
	}
	if !sameValues(vals) {
		return nil, authErr(AuthInvalidRequest, "repeated with different values", nil)
	}
	scheme, tok, _ := bytes.Cut(bytes.TrimSpace(vals[0]), []byte(" "))
	if !bytes.EqualFold(scheme, schemeBearer) {
		return nil, authErr(AuthInvalidRequest, "want Bearer <token>: this proxy holds the Discord tokens itself", nil)
	}
	id, err := c.auth.Verifier.Verify(string(bytes.TrimSpace(tok)))
	if err != nil {
		return nil, err
	}
	bot := id.Claims.Bot
	if bot == "" {
		bot = config.DefaultBot
	}
	cred, ok := c.bots[bot]
	if !ok {
		return nil, authErr(AuthInvalidToken, "the token names a bot this proxy does not have", nil)
	}
	s.token, s.fingerprint = cred.token, cred.fingerprint
	s.who = identity{subject: id.Subject, bot: bot, jti: id.JTI, toolsets: id.Claims.Toolsets,
		issuer: c.auth.Verifier.Issuer, expires: id.Expires, revoked: c.auth.Verifier.Revoked}
	return &id.Claims, nil
}

// limit applies the claims' switches: a token without privileged or owner
// cannot use them, whatever headers come with it.
func (cl *Claims) limit(s *Scope) {
	if cl == nil {
		return
	}
	s.privileged = s.privileged && cl.Privileged
	s.owner = s.owner && cl.Owner
}

// Poll runs the refresh functions every interval until ctx ends, so a
// running proxy picks up revocations and rotated keys; onErr hears
// failures (the old state stays).
func (a *Auth) Poll(ctx context.Context, every time.Duration, onErr func(error)) {
	if a == nil || len(a.Refresh) == 0 || every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, f := range a.Refresh {
				if err := f(); err != nil {
					onErr(err)
				}
			}
		}
	}
}

// Subject is the caller: the token's sub, or "" for a Bot token (use
// Fingerprint then).
func (s *Scope) Subject() string {
	if s == nil {
		return ""
	}
	return s.who.subject
}

// Bot names the configured bot the scope acts as; "" when the caller
// brought its own Bot token.
func (s *Scope) Bot() string {
	if s == nil {
		return ""
	}
	return s.who.bot
}

// TokenID is the bearer token's jti ("" without one).
func (s *Scope) TokenID() string { return s.who.jti }

// Toolsets is the token's toolsets claim (nil = no narrowing);
// AllowsToolset applies it together with X-Toolsets.
func (s *Scope) Toolsets() []string { return s.who.toolsets }
