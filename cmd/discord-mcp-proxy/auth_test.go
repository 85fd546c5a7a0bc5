package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// helperToken is a second bot's token; the emulator does not accept it,
// so a request made as that bot shows up as Discord's 401.
const helperToken = "helper-bot.not-known-to-the-emulator.0123456789"

// bearerStack is the real server with --auth bearer, two bots, the raw
// passthrough on and a one-guild ceiling; dir is its data directory.
type bearerStack struct {
	*stack
	dir  string
	keys *policy.Keyring
}

func startBearerStack(t *testing.T, env map[string]string) *bearerStack {
	t.Helper()
	dir := t.TempDir()
	vals := map[string]string{
		"DMP_AUTH": "bearer", "DMP_DATA_DIR": dir, "DMP_ENABLE_PASSTHROUGH": "true",
		"DMP_TARGET_GUILDS": discordtest.GuildID.String(), "DMP_BOTS": "helper=HELPER_TOKEN", "HELPER_TOKEN": helperToken,
		"DMP_REVOCATION_POLL": "20ms",
	}
	for k, v := range env {
		vals[k] = v
	}
	st := startStack(t, vals)
	keys, err := policy.OpenKeyring(dir, "", policy.AlgEdDSA, false)
	if err != nil {
		t.Fatal(err)
	}
	return &bearerStack{stack: st, dir: dir, keys: keys}
}

func (b *bearerStack) mint(t *testing.T, cl policy.Claims) (string, string) {
	t.Helper()
	tok, jti, err := b.keys.Mint(policy.MintOptions{Subject: "agent-7", Issuer: "discord-mcp-proxy", Audience: "discord-mcp-proxy", TTL: time.Hour, Claims: cl})
	if err != nil {
		t.Fatal(err)
	}
	return tok, jti
}

// signingKey reads the stack's signing key file, as an attacker who got
// hold of the disk would, to forge tokens that differ in one way only.
func (b *bearerStack) signingKey(t *testing.T) (string, ed25519.PrivateKey) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(b.dir, "keys", "*.pem"))
	if len(files) != 1 {
		t.Fatalf("want one key file, got %v", files)
	}
	raw, _ := os.ReadFile(files[0])
	blk, _ := pem.Decode(raw)
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(filepath.Base(files[0]), ".pem"), k.(ed25519.PrivateKey)
}

func sign(t *testing.T, m jwt.SigningMethod, key any, kid string, c jwt.MapClaims) string {
	t.Helper()
	tk := jwt.NewWithClaims(m, c)
	if kid != "" {
		tk.Header["kid"] = kid
	}
	s, err := tk.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// entry is one way in: the passthrough, streamable MCP, the helper and
// the seed-compatible endpoint.
type entry struct {
	name, method, path, body string
	headers                  [][2]string
}

func entries() []entry {
	call := `{"name":"get_channel_info","arguments":{"channel_id":"` + general + `"}}`
	return []entry{
		{"passthrough", "GET", "/api/v10/channels/" + general + "/messages", "", [][2]string{{"X-Privileged-Call", "1"}}},
		{"mcp initialize", "POST", "/mcp", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
			[][2]string{{"Accept", "application/json, text/event-stream"}}},
		{"tools/call helper", "POST", "/v1/tools/call", call, nil},
		{"tools/invoke", "POST", "/mcp/v1/tools/invoke", `{"method":"get_channel_info","params":{"channel_id":"` + general + `"}}`, nil},
	}
}

// TestTokenAttacks: every refusal the issue lists, as real requests through
// the real server on each way in; each is a 401 with a Bearer challenge
// from the proxy, and the emulator receives nothing.
func TestTokenAttacks(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, nil)
	kid, priv := st.signingKey(t)
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "discord-mcp-proxy", "aud": "discord-mcp-proxy", "sub": "mallory", "jti": "j-1",
			"exp": now.Add(time.Hour).Unix(), "nbf": now.Unix(), "iat": now.Unix()}
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	pubDER, _ := x509.MarshalPKIXPublicKey(priv.Public())
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	revoked, jti := st.mint(t, policy.Claims{Privileged: true})
	if code := status(t, st.base, "Bearer "+revoked); code != 200 {
		t.Fatalf("the token before revocation: %d", code)
	}
	if err := run(context.Background(), []string{"token", "revoke", jti, "--data-dir", st.dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	// Another proxy: its own data directory, its own key, the same iss/aud.
	otherProxy, err := policy.OpenKeyring(t.TempDir(), "", policy.AlgEdDSA, true)
	if err != nil {
		t.Fatal(err)
	}
	foreign, _, _ := otherProxy.Mint(policy.MintOptions{Subject: "agent-7", Issuer: "discord-mcp-proxy", Audience: "discord-mcp-proxy", TTL: time.Hour})
	unsigned := func(c jwt.MapClaims) string {
		s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
		return s
	}
	cases := []struct {
		name, auth string
		code       string // the challenge's error attribute; "" = none
	}{
		{"no Authorization", "", ""},
		{"the bot's own token", "Bot " + st.emu.Token(), "invalid_request"},
		{"expired", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, with("exp", now.Add(-time.Minute).Unix())), "invalid_token"},
		{"no exp", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, func() jwt.MapClaims { c := good(); delete(c, "exp"); return c }()), "invalid_token"},
		{"not yet valid", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, with("nbf", now.Add(time.Hour).Unix())), "invalid_token"},
		{"wrongly signed", "Bearer " + sign(t, jwt.SigningMethodEdDSA, otherPriv, kid, good()), "invalid_token"},
		{"alg none", "Bearer " + unsigned(good()), "invalid_token"},
		{"HS256 signed with the public key", "Bearer " + sign(t, jwt.SigningMethodHS256, pubPEM, kid, good()), "invalid_token"},
		{"RS256 under our kid", "Bearer " + sign(t, jwt.SigningMethodRS256, rsaKey, kid, good()), "invalid_token"},
		{"wrong audience", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, with("aud", "another-proxy")), "invalid_token"},
		{"wrong issuer", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, with("iss", "someone-else")), "invalid_token"},
		{"revoked", "Bearer " + revoked, "invalid_token"},
		{"unknown bot", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, with(policy.ClaimName, map[string]any{"bot": "nosuchbot"})), "invalid_token"},
		{"another proxy's key", "Bearer " + foreign, "invalid_token"},
		{"claims that are not a scope", "Bearer " + sign(t, jwt.SigningMethodEdDSA, priv, kid, with(policy.ClaimName, map[string]any{"guilds": "*"})), "invalid_token"},
		{"garbage", "Bearer not-a-jwt", "invalid_token"},
	}
	// The revocation reaches the running proxy by polling (20 ms here).
	waitFor(t, func() bool { return status(t, st.base, "Bearer "+revoked) == 401 })
	for _, c := range cases {
		for _, e := range entries() {
			st.emu.ResetStats()
			h := append([][2]string{{"Content-Type", "application/json"}}, e.headers...)
			if c.auth != "" {
				h = append(h, [2]string{"Authorization", c.auth})
			}
			resp, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), e.method, e.path, h, e.body)
			ch := resp.Header.Get("WWW-Authenticate")
			if resp.StatusCode != 401 || !strings.HasPrefix(ch, `Bearer realm="discord-mcp-proxy"`) || resp.Header.Get("X-Response-Src") != "mcp" {
				t.Errorf("%s via %s: %d, WWW-Authenticate %q, src %q: %s", c.name, e.name, resp.StatusCode, ch, resp.Header.Get("X-Response-Src"), body)
			}
			if c.code != "" && !strings.Contains(ch, `error="`+c.code+`"`) || c.code == "" && strings.Contains(ch, "error=") {
				t.Errorf("%s via %s: challenge %q, want error %q", c.name, e.name, ch, c.code)
			}
			if tok := strings.TrimPrefix(strings.TrimPrefix(c.auth, "Bearer "), "Bot "); len(tok) > 8 && (strings.Contains(body, tok) || strings.Contains(ch, tok)) {
				t.Errorf("%s via %s: the answer quotes the token", c.name, e.name)
			}
			if n := st.emu.Stats().Total; n != 0 {
				t.Errorf("%s via %s: the emulator received %d requests", c.name, e.name, n)
			}
		}
	}
}

// status is the passthrough's status for one Authorization value.
func status(t *testing.T, base, auth string) int {
	t.Helper()
	resp, _ := rawRequest(t, strings.TrimPrefix(base, "http://"), "GET", "/api/v10/channels/"+general,
		[][2]string{{"Authorization", auth}, {"X-Privileged-Call", "1"}}, "")
	return resp.StatusCode
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 5 s")
}

// TestClaimsCannotWidenTheCeiling: a valid token whose claims name a guild
// outside the operator's ceiling gets nothing there; the request is
// refused by the firewall and the emulator sees nothing.
func TestClaimsCannotWidenTheCeiling(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, nil)
	wide, _ := st.mint(t, policy.Claims{Guilds: []string{discordtest.GuildID.String(), discordtest.SecondGuildID.String()}, Privileged: true, Methods: []string{"GET"}})
	addr := strings.TrimPrefix(st.base, "http://")
	for _, c := range []struct {
		name, method, uri string
		headers           [][2]string
	}{
		{"guild in the claim, outside the ceiling", "GET", "/api/v10/guilds/" + discordtest.SecondGuildID.String(), nil},
		{"method outside the claim", "DELETE", "/api/v10/channels/" + general + "/messages/1085503155732611072", [][2]string{{"X-Allowed-Methods", "*"}}},
		{"header asks for any guild", "GET", "/api/v10/guilds/" + discordtest.SecondGuildID.String(), [][2]string{{"X-Target-Guilds", "*"}}},
	} {
		st.emu.ResetStats()
		h := append([][2]string{{"Authorization", "Bearer " + wide}, {"X-Privileged-Call", "1"}}, c.headers...)
		resp, body := rawRequest(t, addr, c.method, c.uri, h, "")
		if resp.StatusCode != 403 || resp.Header.Get("X-Response-Src") != "mcp" {
			t.Errorf("%s: %d %s", c.name, resp.StatusCode, body)
		}
		if s := st.emu.Stats(); s.Total != s.Routes["GET /channels/{channel_id}"] {
			t.Errorf("%s: the emulator saw %v", c.name, s.Routes)
		}
	}
	// Without the privileged claim, X-Privileged-Call does not open the passthrough.
	plain, _ := st.mint(t, policy.Claims{})
	st.emu.ResetStats()
	if resp, body := rawRequest(t, addr, "GET", "/api/v10/channels/"+general, [][2]string{{"Authorization", "Bearer " + plain}, {"X-Privileged-Call", "1"}}, ""); resp.StatusCode != 403 || st.emu.Stats().Total != 0 {
		t.Errorf("passthrough without the privileged claim: %d %s", resp.StatusCode, body)
	}
}

// TestBearerActsAsTheNamedBot: a token naming the helper bot reaches
// Discord with the helper's token (the emulator, knowing only the default
// bot, answers 401); one naming no bot uses DISCORD_TOKEN.
func TestBearerActsAsTheNamedBot(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, nil)
	def, _ := st.mint(t, policy.Claims{Privileged: true})
	helper, _ := st.mint(t, policy.Claims{Privileged: true, Bot: "helper"})
	if code := status(t, st.base, "Bearer "+def); code != 200 {
		t.Errorf("default bot: %d", code)
	}
	st.emu.ResetStats()
	resp, _ := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "GET", "/api/v10/channels/"+general,
		[][2]string{{"Authorization", "Bearer " + helper}, {"X-Privileged-Call", "1"}}, "")
	if resp.StatusCode != 401 || resp.Header.Get("X-Response-Src") != "discord" || st.emu.Stats().Statuses[401] == 0 {
		t.Errorf("helper bot: %d from %q, emulator %v", resp.StatusCode, resp.Header.Get("X-Response-Src"), st.emu.Stats().Statuses)
	}
}

// TestHealthNamesAuthAndBots: /healthz says which auth mode is on and how
// each bot fares, never a token.
func TestHealthNamesAuthAndBots(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, nil)
	resp, err := http.Get(st.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var h struct {
		Status, Discord, Auth string
		Bots                  map[string]string
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	if h.Auth != "bearer" || h.Discord != "connected" || h.Bots["default"] != "connected" || h.Bots["helper"] != "unauthorized" || len(h.Bots) != 2 {
		t.Errorf("/healthz: %s", raw)
	}
	if bytes.Contains(raw, []byte(helperToken)) || bytes.Contains(raw, []byte(st.emu.Token())) {
		t.Error("/healthz shows a token")
	}
}

// TestJWKSVerifiesIssuedTokens: `token issue` prints a JWT that the running
// proxy accepts, and that verifies with the key /.well-known/jwks.json
// publishes, as any third party would check it.
func TestJWKSVerifiesIssuedTokens(t *testing.T) {
	t.Parallel()
	st := startBearerStack(t, nil)
	var out bytes.Buffer
	err := run(context.Background(), []string{"token", "issue", "--sub", "ci", "--ttl", "10m", "--privileged", "--guilds", discordtest.GuildID.String(), "--data-dir", st.dir}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(out.String())
	if strings.Count(tok, ".") != 2 || strings.Contains(tok, st.emu.Token()) {
		t.Fatalf("token issue printed %q", tok)
	}
	if code := status(t, st.base, "Bearer "+tok); code != 200 {
		t.Errorf("issued token: %d", code)
	}
	resp, err := http.Get(st.base + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct{ Kty, Crv, X, Kid, Alg string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil || len(set.Keys) != 1 || resp.Header.Get("X-Response-Src") != "mcp" {
		t.Fatalf("jwks: %v %+v", err, set)
	}
	k := set.Keys[0]
	x, _ := jwtB64(k.X)
	parsed, err := jwt.Parse(tok, func(tk *jwt.Token) (any, error) { return ed25519.PublicKey(x), nil },
		jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience("discord-mcp-proxy"))
	if err != nil || parsed.Header["kid"] != k.Kid || k.Kty != "OKP" || k.Crv != "Ed25519" {
		t.Errorf("token does not verify with the published key: %v (kid %v vs %s)", err, parsed.Header["kid"], k.Kid)
	}
	claims, _ := parsed.Claims.(jwt.MapClaims)
	if dmp, _ := claims[policy.ClaimName].(map[string]any); dmp["privileged"] != true || claims["sub"] != "ci" {
		t.Errorf("claims %v", claims)
	}
}

func jwtB64(s string) ([]byte, error) { return jwt.NewParser().DecodeSegment(s) }

// TestReloadKeepsBotsAndAuth: SIGHUP's reload swaps the ceiling but keeps
// the bots and the auth mode of the start (both need a restart), so a
// reload never switches a bearer token's bot to another token.
func TestReloadKeepsBotsAndAuth(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"DISCORD_TOKEN": "default.tok.en", "DMP_BOTS": "helper=HELPER_TOKEN", "HELPER_TOKEN": "helper.tok.one",
		"DMP_AUTH": "bearer", "DMP_DATA_DIR": dir}
	load := func() (*config.Config, error) {
		return config.Load("serve", nil, func(k string) string { return env[k] })
	}
	cfg, err := load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	env["HELPER_TOKEN"], env["DMP_AUTH"], env["DMP_TARGET_GUILDS"] = "helper.tok.two", "none", discordtest.GuildID.String()
	restart, err := a.reload(load)
	if err != nil {
		t.Fatal(err)
	}
	ce := a.ceiling.Load()
	if got := ce.BotScope("helper").Token(); got != "Bot helper.tok.one" {
		t.Errorf("helper bot after reload: %q", got)
	}
	if ce.AuthMode() != "bearer" || ce.Default().AllowsGuild(discordtest.SecondGuildID.String()) {
		t.Errorf("auth %q after reload, or the new ceiling was not taken", ce.AuthMode())
	}
	if !slices.Contains(restart, "Bots") || !slices.Contains(restart, "Auth") {
		t.Errorf("need restart: %v", restart)
	}
}
