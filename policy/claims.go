package policy

import (
	"strings"
)

// Claims is the scope a bearer token carries. Each field narrows exactly
// like the request header of the same meaning (Guilds like
// X-Target-Guilds, …): it is intersected with the ceiling and the
// headers, so a claim can never widen what the operator allows. An absent
// field narrows nothing; a present but empty list is malformed, as an
// empty header is.
type Claims struct {
	Bot            string   `json:"bot,omitempty"` // a configured bot name; "" = default
	Guilds         []string `json:"guilds,omitempty"`
	Channels       []string `json:"channels,omitempty"`
	Users          []string `json:"users,omitempty"`
	Methods        []string `json:"methods,omitempty"`
	Paths          []string `json:"paths,omitempty"`
	PermissionBits string   `json:"permission_bits,omitempty"` // decimal, as X-Permission-Bits
	Toolsets       []string `json:"toolsets,omitempty"`
	// Privileged and Owner are needed, besides the X-Privileged-Call and
	// X-Owner-Access headers and the operator's switches, for passthrough
	// and owner tools.
	Privileged bool `json:"privileged,omitempty"`
	Owner      bool `json:"owner,omitempty"`
}

// claimHeader pairs a list claim with the header it narrows like.
type claimHeader struct {
	claim, header string
	vals          []string
}

func (c *Claims) lists() []claimHeader {
	return []claimHeader{
		{"guilds", hTargetGuilds, c.Guilds},
		{"channels", hTargetChannels, c.Channels},
		{"users", hTargetUsers, c.Users},
		{"methods", hAllowedMethods, c.Methods},
		{"paths", hAllowedPaths, c.Paths},
	}
}

// validate parses every claim with the header parsers, so a bad claim is
// refused as a bad token (401) rather than blamed on a header later.
func (c *Claims) validate() string {
	for _, l := range c.lists() {
		if l.vals == nil {
			continue
		}
		v := strings.Join(l.vals, ",")
		if strings.TrimSpace(v) == "" {
			return "claim " + l.claim + " is empty"
		}
		var bad string
		switch l.header {
		case hAllowedMethods:
			_, bad = parseMethods(v)
		case hAllowedPaths:
			_, bad = parsePatterns(v)
		default:
			_, bad = parseIDs(v)
		}
		if bad != "" {
			return "claim " + l.claim + ": " + bad
		}
	}
	if c.PermissionBits != "" {
		if _, bad := parsePerms(c.PermissionBits); bad != "" {
			return "claim permission_bits: " + bad
		}
	}
	if c.Toolsets != nil && len(c.Toolsets) == 0 {
		return "claim toolsets is empty"
	}
	if c.Bot != "" && !validBotName(c.Bot) {
		return "claim bot is not a bot name"
	}
	return ""
}

// valueFor is the claim that narrows like header name, as one value of
// that header (ok false when c has none): readNarrowing intersects it
// like a repeated header.
func (c *Claims) valueFor(name string) (v string, ok bool) {
	if c == nil {
		return "", false
	}
	if name == hPermissionBits {
		return c.PermissionBits, c.PermissionBits != ""
	}
	if l := c.listFor(name); l != nil {
		return strings.Join(l, ","), true
	}
	return "", false
}

// listFor is the list claim that narrows like header name (see lists).
func (c *Claims) listFor(name string) []string {
	switch name {
	case hTargetGuilds:
		return c.Guilds
	case hTargetChannels:
		return c.Channels
	case hTargetUsers:
		return c.Users
	case hAllowedMethods:
		return c.Methods
	case hAllowedPaths:
		return c.Paths
	}
	return nil
}

// validBotName mirrors config's bot names: 1-32 of a-z, 0-9, - and _.
func validBotName(n string) bool {
	if n == "" || len(n) > 32 {
		return false
	}
	for i := 0; i < len(n); i++ {
		b := n[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || (i > 0 && (b == '-' || b == '_'))) {
			return false
		}
	}
	return true
}
