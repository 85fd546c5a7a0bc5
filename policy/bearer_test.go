package policy

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

const (
	testIss = "discord-mcp-proxy"
	testAud = "discord-mcp-proxy"
)

// bearerWorld is a ceiling in bearer mode with two bots, its key ring and
// revocation list in a temporary data directory.
type bearerWorld struct {
	ce   *Ceiling
	keys *Keyring
	rev  *Revocations
	dir  string
}

func newBearerWorld(t testing.TB, alg string, c config.Config) *bearerWorld {
	t.Helper()
	dir := t.TempDir()
	keys, err := OpenKeyring(dir, "", alg, true)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := OpenRevocations(filepath.Join(dir, "revoked"))
	if err != nil {
		t.Fatal(err)
	}
	c.DiscordToken = "default-bot-token"
	c.Bots = []config.Bot{{Name: "helper", Token: "helper-bot-token"}}
	ce := ceiling(t, c).WithAuth(&Auth{Mode: AuthBearer, Verifier: keys.Verifier(testIss, testAud, rev.Revoked)})
	return &bearerWorld{ce: ce, keys: keys, rev: rev, dir: dir}
}

func (w *bearerWorld) mint(t testing.TB, cl Claims) (string, string) {
	t.Helper()
	tok, jti, err := w.keys.Mint(MintOptions{Subject: "agent-1", Issuer: testIss, Audience: testAud, TTL: time.Hour, Claims: cl})
	if err != nil {
		t.Fatal(err)
	}
	return tok, jti
}

func TestBearerActsAsTheNamedBot(t *testing.T) {
	for _, alg := range []string{AlgEdDSA, AlgRS256} {
		w := newBearerWorld(t, alg, config.Config{})
		tok, jti := w.mint(t, Claims{Bot: "helper"})
		if strings.Contains(tok, "helper-bot-token") || strings.Contains(tok, "default-bot-token") {
			t.Fatal("the Discord token is inside the JWT")
		}
		s, err := w.ce.Scope(headers("Authorization", "Bearer "+tok))
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if s.Token() != "Bot helper-bot-token" || s.Bot() != "helper" || s.Subject() != "agent-1" || s.TokenID() != jti {
			t.Errorf("%s: token %q bot %q sub %q jti %q", alg, s.Token(), s.Bot(), s.Subject(), s.TokenID())
		}
		def, _ := w.mint(t, Claims{})
		if s, err := w.ce.Scope(headers("Authorization", "Bearer "+def)); err != nil || s.Bot() != config.DefaultBot || s.Token() != "Bot default-bot-token" {
			t.Errorf("%s: default bot: %v", alg, err)
		}
	}
}

func TestClaimsNarrowLikeHeaders(t *testing.T) {
	w := newBearerWorld(t, AlgEdDSA, config.Config{TargetGuilds: "100,200", EnablePassthrough: true})
	tok, _ := w.mint(t, Claims{Guilds: []string{"100", "300"}, Methods: []string{"GET"}, PermissionBits: "1024"})
	s, err := w.ce.Scope(headers("Authorization", "Bearer "+tok, "X-Target-Guilds", "100,200,300", "X-Privileged-Call", "1"))
	if err != nil {
		t.Fatal(err)
	}
	// 300 is in the claim and the header but not the ceiling; 200 is in
	// the ceiling and the header but not the claim.
	if !s.AllowsGuild("100") || s.AllowsGuild("200") || s.AllowsGuild("300") {
		t.Error("guilds are not ceiling ∩ claims ∩ headers")
	}
	if s.AllowsMethod("POST") || !s.AllowsMethod("GET") || s.HasPermissions(8) || !s.HasPermissions(1024) {
		t.Error("methods or permission bits widened")
	}
	if s.PrivilegedCall() {
		t.Error("X-Privileged-Call counted without the privileged claim")
	}
	priv, _ := w.mint(t, Claims{Privileged: true})
	if s, _ := w.ce.Scope(headers("Authorization", "Bearer "+priv, "X-Privileged-Call", "1")); s == nil || !s.PrivilegedCall() {
		t.Error("privileged claim and header should allow the passthrough")
	}
	// A claim cannot widen a header either: the header narrows further.
	s, _ = w.ce.Scope(headers("Authorization", "Bearer "+tok, "X-Target-Guilds", "200"))
	if s == nil || s.AllowsGuild("100") || s.AllowsGuild("200") {
		t.Error("header did not narrow the claim")
	}
}

// forge signs arbitrary claims and header with key under method.
func forge(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tk := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tk.Header["kid"] = kid
	}
	s, err := tk.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBearerAttacksAreRefused(t *testing.T) {
	w := newBearerWorld(t, AlgEdDSA, config.Config{})
	snap := w.keys.cur.Load().newest
	kid, priv := snap.kid, snap.priv
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": testIss, "aud": testAud, "sub": "a", "jti": "j1", "exp": now.Add(time.Hour).Unix(), "nbf": now.Unix()}
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	without := func(k string) jwt.MapClaims { c := good(); delete(c, k); return c }
	pubDER, _ := x509.MarshalPKIXPublicKey(priv.Public())
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	revokedTok, revokedJTI := w.mint(t, Claims{})
	if err := Revoke(filepath.Join(w.dir, "revoked"), revokedJTI); err != nil {
		t.Fatal(err)
	}
	if err := w.rev.Refresh(); err != nil {
		t.Fatal(err)
	}
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT","kid":"`+kid+`"}`)) + "." +
		base64.RawURLEncoding.EncodeToString(mustJSON(good())) + "."
	cases := []struct{ name, tok string }{
		{"expired", forge(t, jwt.SigningMethodEdDSA, priv, kid, with("exp", now.Add(-time.Minute).Unix()))},
		{"no exp", forge(t, jwt.SigningMethodEdDSA, priv, kid, without("exp"))},
		{"not yet valid", forge(t, jwt.SigningMethodEdDSA, priv, kid, with("nbf", now.Add(time.Hour).Unix()))},
		{"wrong audience", forge(t, jwt.SigningMethodEdDSA, priv, kid, with("aud", "another-proxy"))},
		{"wrong issuer", forge(t, jwt.SigningMethodEdDSA, priv, kid, with("iss", "someone-else"))},
		{"no sub", forge(t, jwt.SigningMethodEdDSA, priv, kid, without("sub"))},
		{"no jti", forge(t, jwt.SigningMethodEdDSA, priv, kid, without("jti"))},
		{"alg none", none},
		{"HS256 with the public key as secret", forge(t, jwt.SigningMethodHS256, pubPEM, kid, good())},
		{"HS256 with the raw public key", forge(t, jwt.SigningMethodHS256, []byte(priv.Public().(ed25519.PublicKey)), kid, good())},
		{"RS256 under an EdDSA kid", forge(t, jwt.SigningMethodRS256, rsaKey, kid, good())},
		{"another proxy's key, our kid", forge(t, jwt.SigningMethodEdDSA, otherPriv, kid, good())},
		{"unknown kid", forge(t, jwt.SigningMethodEdDSA, otherPriv, "other-kid", good())},
		{"no kid", forge(t, jwt.SigningMethodEdDSA, priv, "", good())},
		{"revoked", revokedTok},
		{"unknown bot", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, map[string]any{"bot": "nosuchbot"}))},
		{"malformed claim", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, map[string]any{"guilds": []string{"general"}}))},
		{"empty claim list", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, map[string]any{"channels": []string{}}))},
		{"claim of the wrong type", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, "everything"))},
		{"misspelled claim field", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, map[string]any{"chanels": []string{"1"}}))},
		{"unknown claim field", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, map[string]any{"guilds": []string{"1"}, "admin": true}))},
		{"null claim", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, nil))},
		{"array claim", forge(t, jwt.SigningMethodEdDSA, priv, kid, with(ClaimName, []any{}))},
		{"garbage", "not.a.jwt"},
		{"oversized", strings.Repeat("a", maxTokenBytes+1)},
	}
	for _, c := range cases {
		_, err := w.ce.Scope(headers("Authorization", "Bearer "+c.tok))
		var ae *AuthError
		if !errors.As(err, &ae) || ae.Code != AuthInvalidToken && ae.Code != AuthInvalidRequest {
			t.Errorf("%s: err = %v, want an invalid_token AuthError", c.name, err)
			continue
		}
		if len(c.tok) > 8 && strings.Contains(err.Error(), c.tok[len(c.tok)-8:]) {
			t.Errorf("%s: error quotes the token: %v", c.name, err)
		}
	}
	for _, h := range [][]string{nil, {"Authorization", "Bot default-bot-token"}} {
		_, err := w.ce.Scope(headers(h...))
		var ae *AuthError
		if !errors.As(err, &ae) {
			t.Errorf("%v: err = %v, want AuthError", h, err)
		}
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestRevocationIsPickedUpByRefresh(t *testing.T) {
	w := newBearerWorld(t, AlgEdDSA, config.Config{})
	tok, jti := w.mint(t, Claims{})
	if _, err := w.ce.Scope(headers("Authorization", "Bearer "+tok)); err != nil {
		t.Fatal(err)
	}
	if err := Revoke(filepath.Join(w.dir, "revoked"), jti); err != nil {
		t.Fatal(err)
	}
	if err := w.rev.Refresh(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ce.Scope(headers("Authorization", "Bearer "+tok)); err == nil {
		t.Fatal("revoked token still accepted")
	}
	if err := Revoke(filepath.Join(w.dir, "revoked"), "bad jti\n"); err == nil {
		t.Error("a jti with spaces was written")
	}
}

func TestKeyRotationKeepsOldTokens(t *testing.T) {
	w := newBearerWorld(t, AlgEdDSA, config.Config{})
	old, _ := w.mint(t, Claims{})
	other, err := OpenKeyring(w.dir, "", AlgEdDSA, true) // another process, e.g. `token rotate-key`
	if err != nil {
		t.Fatal(err)
	}
	kid, err := other.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.keys.Refresh(); err != nil {
		t.Fatal(err)
	}
	fresh, _ := w.mint(t, Claims{})
	hdr, _, _ := jwt.NewParser().ParseUnverified(fresh, jwt.MapClaims{})
	if hdr.Header["kid"] != kid {
		t.Errorf("new tokens signed by %v, want the rotated key %s", hdr.Header["kid"], kid)
	}
	for _, tok := range []string{old, fresh} {
		if _, err := w.ce.Scope(headers("Authorization", "Bearer "+tok)); err != nil {
			t.Errorf("after rotation: %v", err)
		}
	}
	var set jwkSet
	if err := json.Unmarshal(w.keys.JWKS(), &set); err != nil || len(set.Keys) != 2 {
		t.Fatalf("jwks: %v, %d keys", err, len(set.Keys))
	}
	for _, k := range set.Keys {
		if k.Kty != "OKP" || k.X == "" || k.Kid == "" {
			t.Errorf("jwk %+v", k)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(w.dir, "keys", kid+".pem")); !strings.Contains(string(b), "PRIVATE KEY") {
		t.Error("key file not PEM")
	}
	if st, _ := os.Stat(filepath.Join(w.dir, "keys", kid+".pem")); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
}

func TestJWKSRoundTrip(t *testing.T) {
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	for _, pub := range []crypto.PublicKey{ed.Public(), rk.Public()} {
		j, err := publicJWK("k", pub)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := parseJWKS(mustJSON(jwkSet{Keys: []jwk{j}}))
		if err != nil || thumbprint(keys["k"]) != thumbprint(pub) {
			t.Errorf("%T: %v", pub, err)
		}
	}
	for _, bad := range []string{`{"keys":[]}`, `{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"h"}]}`, `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA","kid":"s"}]}`, `nope`} {
		if _, err := parseJWKS([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
