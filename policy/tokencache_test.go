package policy

import (
	"strconv"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// TestTokenCacheDerivesWhatTheTokenDoes sends many more distinct tokens
// than the cache has slots, twice and in a different order, so slots are
// shared and replaced: every scope still carries exactly its own token
// and that token's fingerprint.
func TestTokenCacheDerivesWhatTheTokenDoes(t *testing.T) {
	ce := ceiling(t, config.Config{DiscordToken: "cfg.tok.en"})
	const n = 4 * tokenSlots
	tok := func(i int) string { return "MTEw" + strconv.Itoa(i) + ".Gx.fake" }
	for round := range 2 {
		for j := range n {
			i := j
			if round == 1 {
				i = n - 1 - j
			}
			s := scope(t, ce, "Authorization", "Bot "+tok(i))
			if s.Token() != "Bot "+tok(i) || s.Fingerprint() != Fingerprint(tok(i)) || s.CallerID() != "bot:"+Fingerprint(tok(i)) {
				t.Fatalf("round %d token %d: got another token's credential", round, i)
			}
		}
	}
	// Tokens that differ in their last byte only.
	for _, v := range []string{"abc.def.gh1", "abc.def.gh2", "abc.def.gh1"} {
		if s := scope(t, ce, "Authorization", "Bot "+v); s.Token() != "Bot "+v || s.Fingerprint() != Fingerprint(v) {
			t.Fatalf("%s: got another token's credential", v)
		}
	}
	// Without Authorization the scope keeps config's token, cache or not.
	if s := scope(t, ce); s.Token() != "Bot cfg.tok.en" || s.CallerID() != "anonymous" {
		t.Error("a request without Authorization lost config's token")
	}
}

// TestTokenCacheIsBoundedAndPerCeiling: a flood of tokens never grows the
// cache past its slots, and a new ceiling (what a reload builds) starts
// with nothing remembered.
func TestTokenCacheIsBoundedAndPerCeiling(t *testing.T) {
	ce := ceiling(t, config.Config{})
	for i := range 3 * tokenSlots {
		scope(t, ce, "Authorization", "Bot flood."+strconv.Itoa(i))
	}
	used := 0
	for i := range ce.tokens.slots {
		if ce.tokens.slots[i].Load() != nil {
			used++
		}
	}
	if used == 0 || used > tokenSlots {
		t.Errorf("%d slots used after a flood, want 1..%d", used, tokenSlots)
	}
	reloaded := ceiling(t, config.Config{})
	if reloaded.tokens == ce.tokens {
		t.Fatal("a new ceiling shares the old one's token cache")
	}
	for i := range reloaded.tokens.slots {
		if reloaded.tokens.slots[i].Load() != nil {
			t.Fatal("a new ceiling starts with cached tokens")
		}
	}
}

// TestSameTokenOtherHeadersNeverShareAScope: the cache holds credentials
// only; a request's narrowing headers are read afresh every time, so the
// same token with other X-Target-* headers (or none) gets exactly what
// those headers allow, in either order.
func TestSameTokenOtherHeadersNeverShareAScope(t *testing.T) {
	ce := ceiling(t, config.Config{AllowedMentions: `{"parse":["users","roles"]}`})
	auth := []string{"Authorization", "Bot same.tok.en"}
	wide := func() *Scope { return scope(t, ce, auth...) }
	narrow := func() *Scope {
		return scope(t, ce, append(auth, "X-Target-Channels", "10", "X-Target-Users", "5")...)
	}
	for _, order := range [][]func() *Scope{{wide, narrow, wide}, {narrow, wide, narrow}} {
		for _, build := range order {
			s := build()
			isNarrow := !s.AllowsChannel("20")
			m := string(s.AllowedMentions)
			if isNarrow {
				if !s.AllowsChannel("10") || s.AllowsUser("6") || m != `{"parse":[],"users":["5"]}` {
					t.Errorf("narrowed scope: channel 10 %v, user 6 %v, mentions %s", s.AllowsChannel("10"), s.AllowsUser("6"), m)
				}
			} else if !s.AllowsUser("6") || m != `{"parse":["roles","users"]}` {
				t.Errorf("unnarrowed scope: user 6 %v, mentions %s", s.AllowsUser("6"), m)
			}
		}
	}
	if string(ce.Default().AllowedMentions) != `{"parse":["roles","users"]}` {
		t.Errorf("a request changed the ceiling's mentions: %s", ce.Default().AllowedMentions)
	}
}

// TestTokenCacheConcurrent: requests on many goroutines share the cache
// (slots replaced under them) and each still gets its own token's
// credential. Run with -race.
func TestTokenCacheConcurrent(t *testing.T) {
	ce := ceiling(t, config.Config{})
	errs := make(chan string, 8)
	for g := range 8 {
		go func() {
			for i := range 2 * tokenSlots {
				tok := "conc." + strconv.Itoa(g) + "." + strconv.Itoa(i%(tokenSlots/2))
				s, err := ce.Scope(headers("Authorization", "Bot "+tok))
				if err != nil || s.Token() != "Bot "+tok || s.Fingerprint() != Fingerprint(tok) {
					errs <- tok
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if tok := <-errs; tok != "" {
			t.Fatalf("%s got another token's credential", tok)
		}
	}
}
