package policy

import (
	"bytes"
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
	// tokens remembers what callers' Bot tokens derive to (tokencache.go);
	// a reload builds a new Ceiling, and so an empty cache.
	tokens *tokenCache
}

// NewCeiling validates the ceiling strings; errors name the flag.
func NewCeiling(c *config.Config) (*Ceiling, error) {
	ce := &Ceiling{ownerEnabled: c.EnableOwnerTools, passthroughEnabled: c.EnablePassthrough, tokens: newTokenCache()}
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

// Scope builds the scope of one request from a getter of its header
// values (stdio, tests); see ScopeOf.
func (c *Ceiling) Scope(get func(name string) []string) (*Scope, error) {
	return c.ScopeOf(HeaderFunc(get))
}

// ScopeOf builds the scope of one HTTP request from its Authorization and
// X-* headers. h returns every value of a header, so duplicates are seen:
// each value of a narrowing header narrows further (two lists intersect);
// the other headers (Authorization, X-Current-*, the boolean switches)
// must agree when repeated. A present but empty header is an error, not
// "absent": an empty X-Target-Channels is more likely a bug than a wish
// for every channel. Errors are *HeaderError (*AuthError for a refused
// bearer token) and never contain the token. The scope keeps copies of
// what it reads, never h's buffers.
func (c *Ceiling) ScopeOf(hs Headers) (*Scope, error) {
	s := new(Scope)
	if err := c.build(s, hs); err != nil {
		return nil, err
	}
	return s, nil
}

// build fills s with the ceiling narrowed by hs (see ScopeOf).
func (c *Ceiling) build(s *Scope, hs Headers) error {
	*s = c.base // copy; shared sets are never mutated
	var buf [maxInlineViews][]byte
	hv := gatherViews(hs, buf[:0])
	h := &hv
	if err := checkControls(h); err != nil {
		return err
	}
	claims, err := c.authorize(s, h.peek(hAuthorization))
	if err != nil {
		return err
	}
	usersNarrowed, err := s.readNarrowing(h, claims)
	if err != nil {
		return err
	}
	if err := c.readMentions(s, h, usersNarrowed); err != nil {
		return err
	}
	if err := s.readImageModel(h); err != nil {
		return err
	}
	if err := s.readCurrent(h); err != nil {
		return err
	}
	if err := c.readSwitches(s, h); err != nil {
		return err
	}
	claims.limit(s)
	return nil
}

// readMentions narrows the ceiling's mentions by every X-Allowed-Mentions
// value and keeps them within the scope's users. When neither a header
// nor a users restriction narrows them, the scope keeps the ceiling's
// encoding (the same result, built once at start).
func (c *Ceiling) readMentions(s *Scope, h *headerViews, usersNarrowed bool) error {
	vals := h.peek(hAllowedMentions)
	if len(vals) == 0 && !usersNarrowed {
		return nil
	}
	m := c.mentions
	for _, v := range vals {
		v = bytes.TrimSpace(v)
		if len(v) == 0 {
			return &HeaderError{hAllowedMentions, "empty; omit the header instead"}
		}
		hm, bad := parseMentions(string(v))
		if bad != "" {
			return &HeaderError{hAllowedMentions, bad}
		}
		m = m.narrow(hm)
	}
	s.setMentions(m)
	return nil
}

// readCurrent reads the X-Current-* defaults: one snowflake each.
func (s *Scope) readCurrent(h *headerViews) error {
	for _, f := range [...]struct {
		name string
		into *string
	}{{hCurrentUser, &s.CurrentUser}, {hCurrentGuild, &s.CurrentGuild}, {hCurrentChannel, &s.CurrentChannel}, {hCurrentMessage, &s.CurrentMessage}} {
		b, err := singleView(f.name, h.peek(f.name))
		if err != nil {
			return err
		}
		v := string(b) // a copy: the scope outlives h's buffers
		if v != "" && !isSnowflake(v) {
			return &HeaderError{f.name, quote(v) + " is not a snowflake"}
		}
		*f.into = v
	}
	return nil
}

// readSwitches reads the boolean headers; each is on only when the
// operator enabled what it switches on.
func (c *Ceiling) readSwitches(s *Scope, h *headerViews) error {
	for _, f := range [...]struct {
		name    string
		into    *bool
		enabled bool
	}{{hOwnerAccess, &s.owner, c.ownerEnabled}, {hPrivilegedCall, &s.privileged, c.passthroughEnabled}, {hDebugMode, &s.Debug, true}} {
		v, err := singleView(f.name, h.peek(f.name))
		if err != nil {
			return err
		}
		b := false
		if v != nil {
			var bad string
			if b, bad = parseBoolBytes(v); bad != "" {
				return &HeaderError{f.name, bad}
			}
		}
		*f.into = b && f.enabled
	}
	return nil
}

// readNarrowing applies the headers that intersect with the ceiling, and
// the bearer token's claims (nil without one), each as one more value of
// the header it narrows like. usersNarrowed reports whether anything
// narrowed X-Target-Users (mentions then follow it).
func (s *Scope) readNarrowing(h *headerViews, cl *Claims) (usersNarrowed bool, err error) {
	// Methods, permission bits and intents become bits: their values are
	// read as views. Paths and ids are kept, so they are read as copies.
	err = h.each(cl, hAllowedMethods, false, func(v string) error {
		m, bad := parseMethods(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hAllowedMethods, bad}
		}
		s.methods &= m
		return nil
	})
	if err != nil {
		return false, err
	}
	err = h.each(cl, hAllowedPaths, true, func(v string) error {
		l, bad := parsePatterns(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hAllowedPaths, bad}
		}
		if l != nil {
			// Appending to a copy of the ceiling's slice header could write
			// into its spare capacity: build a fresh slice.
			s.paths = append(s.paths[:len(s.paths):len(s.paths)], l)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if usersNarrowed, err = s.readTargets(h, cl); err != nil {
		return false, err
	}
	err = h.each(cl, hPermissionBits, false, func(v string) error {
		p, bad := parsePerms(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hPermissionBits, bad}
		}
		s.perms &= p
		return nil
	})
	if err != nil {
		return false, err
	}
	err = h.each(cl, hPrivilegedIntents, false, func(v string) error {
		i, bad := parseIntents(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hPrivilegedIntents, bad}
		}
		s.intents &= i
		return nil
	})
	if err != nil {
		return false, err
	}
	return usersNarrowed, s.readToolsets(headerStrings(h, hToolsets))
}

// readTargets intersects the X-Target-* headers (and claims) with the
// ceiling's sets; usersNarrowed reports a value for X-Target-Users.
func (s *Scope) readTargets(h *headerViews, cl *Claims) (usersNarrowed bool, err error) {
	for _, f := range [...]struct {
		name string
		into *idSet
	}{{hTargetGuilds, &s.guilds}, {hTargetChannels, &s.channels}, {hTargetUsers, &s.users}} {
		err := h.each(cl, f.name, true, func(v string) error {
			ids, bad := parseIDs(nonEmpty(v))
			if bad != "" {
				return &HeaderError{f.name, bad}
			}
			usersNarrowed = usersNarrowed || f.into == &s.users
			*f.into = f.into.intersect(ids)
			return nil
		})
		if err != nil {
			return false, err
		}
	}
	return usersNarrowed, nil
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

// Authorization schemes, for comparing without allocating.
var (
	schemeBot    = []byte("Bot")
	schemeBearer = []byte("Bearer")
)

// readAuthorization takes "Bot <token>"; without the header the scope keeps
// config's token. Reasons are fixed strings: the value is never echoed.
func (c *Ceiling) readAuthorization(s *Scope, vals [][]byte) error {
	if len(vals) == 0 {
		return nil
	}
	if !sameValues(vals) {
		return &HeaderError{hAuthorization, "repeated with different values"}
	}
	scheme, tok, _ := bytes.Cut(bytes.TrimSpace(vals[0]), []byte(" "))
	tok = bytes.TrimSpace(tok)
	switch {
	case bytes.EqualFold(scheme, schemeBearer):
		return &HeaderError{hAuthorization, "Bearer tokens need --auth bearer or oauth; send Bot <token>"}
	case !bytes.EqualFold(scheme, schemeBot):
		return &HeaderError{hAuthorization, "want Bot <token>"}
	}
	if bad := checkToken(tok); bad != "" {
		return &HeaderError{hAuthorization, bad}
	}
	e := c.tokens.lookup(tok)
	s.token, s.fingerprint, s.callerID = e.token, e.fingerprint, e.callerID
	s.who = identity{}
	return nil
}

// checkToken refuses what cannot be a bot token, without echoing it.
func checkToken[T string | []byte](t T) string {
	if len(t) == 0 {
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
