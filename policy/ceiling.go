package policy

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// Ceiling is the operator's ceiling from config, built once at start. Every
// Scope is the ceiling narrowed by a request's headers.
type Ceiling struct {
	base     Scope    // the ceiling as a scope, with config's token
	mentions mentions // parsed, so headers can be intersected with it

	ownerEnabled, passthroughEnabled bool

	auth *Auth              // how callers authenticate (auth.go); nil = none
	bots map[string]botCred // configured bots by name
}

// NewCeiling validates the ceiling strings; errors name the flag.
func NewCeiling(c *config.Config) (*Ceiling, error) {
	ce := &Ceiling{ownerEnabled: c.EnableOwnerTools, passthroughEnabled: c.EnablePassthrough}
	s := &ce.base
	s.methods, s.intents, s.perms = allMethods, allIntents, allPerms
	s.guilds, s.channels, s.users = anyIDs, anyIDs, anyIDs
	s.unknownRoutes = c.AllowUnknownRoutes
	flagErr := func(flag, reason string) error {
		return errors.New("--" + flag + ": " + reason)
	}
	var bad string
	if v := strings.TrimSpace(c.AllowedMethods); v != "" {
		if s.methods, bad = parseMethods(v); bad != "" {
			return nil, flagErr("allowed-methods", bad)
		}
	}
	if v := strings.TrimSpace(c.AllowedPaths); v != "" {
		l, bad := parsePatterns(v)
		if bad != "" {
			return nil, flagErr("allowed-paths", bad)
		}
		if l != nil {
			s.paths = []patternList{l}
		}
	}
	for _, f := range []struct {
		flag, v string
		into    *idSet
	}{{"target-guilds", c.TargetGuilds, &s.guilds}, {"target-channels", c.TargetChannels, &s.channels}, {"target-users", c.TargetUsers, &s.users}} {
		if v := strings.TrimSpace(f.v); v != "" {
			if *f.into, bad = parseIDs(v); bad != "" {
				return nil, flagErr(f.flag, bad)
			}
		}
	}
	if v := strings.TrimSpace(c.PermissionBits); v != "" {
		if s.perms, bad = parsePerms(v); bad != "" {
			return nil, flagErr("permission-bits", bad)
		}
	}
	if v := strings.TrimSpace(c.PrivilegedIntents); v != "" {
		if s.intents, bad = parseIntents(v); bad != "" {
			return nil, flagErr("privileged-intents", bad)
		}
	}
	am := strings.TrimSpace(c.AllowedMentions)
	if am == "" {
		am = defaultMentions
	}
	if ce.mentions, bad = parseMentions(am); bad != "" {
		return nil, flagErr("allowed-mentions", bad)
	}
	s.setMentions(ce.mentions)
	if c.DiscordToken != "" {
		if bad := checkToken(c.DiscordToken); bad != "" {
			return nil, errors.New("DISCORD_TOKEN: " + bad)
		}
		s.token, s.fingerprint = "Bot "+c.DiscordToken, fingerprint(c.DiscordToken)
		s.who.bot = config.DefaultBot
	}
	ce.bots = botCreds(c)
	return ce, nil
}

// Default is the scope of a request without headers (stdio): the ceiling
// itself with config's token. The same pointer every time.
func (c *Ceiling) Default() *Scope { return &c.base }

// Header names, as DESIGN.md's table spells them.
const (
	hAuthorization     = "Authorization"
	hAllowedMethods    = "X-Allowed-Methods"
	hAllowedPaths      = "X-Allowed-Paths"
	hTargetGuilds      = "X-Target-Guilds"
	hTargetChannels    = "X-Target-Channels"
	hTargetUsers       = "X-Target-Users"
	hPermissionBits    = "X-Permission-Bits"
	hPrivilegedIntents = "X-Privileged-Intents"
	hAllowedMentions   = "X-Allowed-Mentions"
	hCurrentUser       = "X-Current-User"
	hCurrentGuild      = "X-Current-Guild"
	hCurrentChannel    = "X-Current-Channel"
	hCurrentMessage    = "X-Current-Message"
	hOwnerAccess       = "X-Owner-Access"
	hPrivilegedCall    = "X-Privileged-Call"
	hDebugMode         = "X-Debug-Mode"
)

// Scope builds the scope of one HTTP request from its Authorization and
// X-* headers. get returns every value of a header, so duplicates are seen:
// each value of a narrowing header narrows further (two lists intersect);
// the other headers (Authorization, X-Current-*, the boolean switches) must
// agree when repeated. A present but empty header is an error, not
// "absent": an empty X-Target-Channels is more likely a bug than a wish for
// every channel. Errors are *HeaderError (*AuthError for a refused bearer
// token) and never contain the token.
func (c *Ceiling) Scope(get func(name string) []string) (*Scope, error) {
	s := c.base // copy; shared sets are never mutated
	if err := checkControls(get); err != nil {
		return nil, err
	}
	claims, err := c.authorize(&s, get(hAuthorization))
	if err != nil {
		return nil, err
	}
	if err := s.readNarrowing(claims.overlay(get)); err != nil {
		return nil, err
	}
	m := c.mentions
	for _, v := range get(hAllowedMentions) {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, &HeaderError{hAllowedMentions, "empty; omit the header instead"}
		}
		h, bad := parseMentions(v)
		if bad != "" {
			return nil, &HeaderError{hAllowedMentions, bad}
		}
		m = m.narrow(h)
	}
	s.setMentions(m)
	if err := s.readImageModel(get); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		into *string
	}{{hCurrentUser, &s.CurrentUser}, {hCurrentGuild, &s.CurrentGuild}, {hCurrentChannel, &s.CurrentChannel}, {hCurrentMessage, &s.CurrentMessage}} {
		v, err := single(f.name, get(f.name))
		if err != nil {
			return nil, err
		}
		if v != "" && !isSnowflake(v) {
			return nil, &HeaderError{f.name, quote(v) + " is not a snowflake"}
		}
		*f.into = v
	}
	for _, f := range []struct {
		name    string
		into    *bool
		enabled bool
	}{{hOwnerAccess, &s.owner, c.ownerEnabled}, {hPrivilegedCall, &s.privileged, c.passthroughEnabled}, {hDebugMode, &s.Debug, true}} {
		v, err := single(f.name, get(f.name))
		if err != nil {
			return nil, err
		}
		b := false
		if v != "" {
			var bad string
			if b, bad = parseBool(v); bad != "" {
				return nil, &HeaderError{f.name, bad}
			}
		}
		*f.into = b && f.enabled
	}
	claims.limit(&s)
	return &s, nil
}

// readNarrowing applies the headers that intersect with the ceiling.
func (s *Scope) readNarrowing(get func(string) []string) error {
	for _, v := range get(hAllowedMethods) {
		m, bad := parseMethods(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hAllowedMethods, bad}
		}
		s.methods &= m
	}
	for _, v := range get(hAllowedPaths) {
		l, bad := parsePatterns(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hAllowedPaths, bad}
		}
		if l != nil {
			// Appending to a copy of the ceiling's slice header could write
			// into its spare capacity: build a fresh slice.
			s.paths = append(s.paths[:len(s.paths):len(s.paths)], l)
		}
	}
	for _, f := range []struct {
		name string
		into *idSet
	}{{hTargetGuilds, &s.guilds}, {hTargetChannels, &s.channels}, {hTargetUsers, &s.users}} {
		for _, v := range get(f.name) {
			ids, bad := parseIDs(nonEmpty(v))
			if bad != "" {
				return &HeaderError{f.name, bad}
			}
			*f.into = f.into.intersect(ids)
		}
	}
	for _, v := range get(hPermissionBits) {
		p, bad := parsePerms(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hPermissionBits, bad}
		}
		s.perms &= p
	}
	for _, v := range get(hPrivilegedIntents) {
		i, bad := parseIntents(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hPrivilegedIntents, bad}
		}
		s.intents &= i
	}
	return s.readToolsets(get(hToolsets))
}

// emptyValue stands for a present but empty header; every parser refuses
// it with a reason that says what happened.
const emptyValue = "\x00empty"

// nonEmpty maps an empty value to emptyValue.
func nonEmpty(v string) string {
	if strings.TrimSpace(v) == "" {
		return emptyValue
	}
	return v
}

// single returns the one value of a header that must not be repeated with
// different values ("" when absent).
func single(name string, vals []string) (string, error) {
	if len(vals) == 0 {
		return "", nil
	}
	v := strings.TrimSpace(vals[0])
	for _, o := range vals[1:] {
		if strings.TrimSpace(o) != v {
			return "", &HeaderError{name, "repeated with different values"}
		}
	}
	if v == "" {
		return "", &HeaderError{name, "empty; omit the header instead"}
	}
	return v, nil
}

// readAuthorization takes "Bot <token>"; without the header the scope keeps
// config's token. Reasons are fixed strings: the value is never echoed.
func (s *Scope) readAuthorization(vals []string) error {
	if len(vals) == 0 {
		return nil
	}
	for _, o := range vals[1:] {
		if o != vals[0] {
			return &HeaderError{hAuthorization, "repeated with different values"}
		}
	}
	v := strings.TrimSpace(vals[0])
	scheme, tok, _ := strings.Cut(v, " ")
	tok = strings.TrimSpace(tok)
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		return &HeaderError{hAuthorization, "Bearer tokens need --auth bearer or oauth; send Bot <token>"}
	case !strings.EqualFold(scheme, "Bot"):
		return &HeaderError{hAuthorization, "want Bot <token>"}
	}
	if bad := checkToken(tok); bad != "" {
		return &HeaderError{hAuthorization, bad}
	}
	s.token, s.fingerprint = "Bot "+tok, fingerprint(tok)
	s.who = identity{}
	return nil
}

// checkToken refuses what cannot be a bot token, without echoing it.
func checkToken(t string) string {
	if t == "" {
		return "the token is empty"
	}
	if len(t) > 256 {
		return "the token is too long"
	}
	for i := 0; i < len(t); i++ {
		if t[i] <= ' ' || t[i] >= 0x7f {
			return "the token contains spaces or non-printable characters"
		}
	}
	return ""
}

// Fingerprint is what Scope.Fingerprint is for the bare token tok.
func Fingerprint(tok string) string { return fingerprint(tok) }

// fingerprint is the first 8 bytes of SHA-256 of the bare token, in hex:
// enough to tell tokens apart, far too little to recover one.
func fingerprint(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:8])
}
