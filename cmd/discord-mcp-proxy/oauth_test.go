package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// issuer is an OAuth authorization server as far as a resource server
// sees one: an RSA key whose public half it serves as a JWKS on loopback.
type issuer struct {
	url  string // iss
	key  *rsa.PrivateKey
	kid  string
	jwks *httptest.Server
	hits atomic.Int64
}

func startIssuer(t *testing.T) *issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{url: "https://auth.example.test", key: key, kid: "issuer-key-1"}
	b64 := base64.RawURLEncoding.EncodeToString
	body := fmt.Sprintf(`{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":%q,"n":%q,"e":%q},{"kty":"oct","kid":"hmac","k":"c2VjcmV0"}]}`,
		is.kid, b64(key.N.Bytes()), b64(big.NewInt(int64(key.E)).Bytes()))
	is.jwks = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		is.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(is.jwks.Close)
	return is
}

func (is *issuer) token(t *testing.T, edit func(jwt.MapClaims)) string {
	t.Helper()
	now := time.Now()
	c := jwt.MapClaims{"iss": is.url, "aud": "discord-mcp-proxy-resource", "sub": "user@example.test", "jti": "oauth-1",
		"exp": now.Add(time.Hour).Unix(), "iat": now.Unix(),
		"discord": map[string]any{"guilds": []string{discordtest.GuildID.String()}, "privileged": true}}
	if edit != nil {
		edit(c)
	}
	return sign(t, jwt.SigningMethodRS256, is.key, is.kid, c)
}

// TestOAuthResourceServer: --auth oauth accepts the issuer's tokens (keys
// from its JWKS on loopback), maps the configured claim onto the scope,
// and answers the rest with 401 and a resource_metadata challenge whose
// URL serves RFC 9728 metadata.
func TestOAuthResourceServer(t *testing.T) {
	t.Parallel()
	is := startIssuer(t)
	st := startStack(t, map[string]string{
		"DMP_AUTH": "oauth", "DMP_OAUTH_ISSUER": is.url, "DMP_OAUTH_AUDIENCE": "discord-mcp-proxy-resource",
		"DMP_OAUTH_JWKS_URL": is.jwks.URL + "/jwks", "DMP_DATA_DIR": t.TempDir(), "DMP_ENABLE_PASSTHROUGH": "true",
	})
	addr := strings.TrimPrefix(st.base, "http://")
	get := func(auth, uri string) (*http.Response, string) {
		h := [][2]string{{"X-Privileged-Call", "1"}}
		if auth != "" {
			h = append(h, [2]string{"Authorization", auth})
		}
		return rawRequest(t, addr, "GET", uri, h, "")
	}
	if resp, body := get("Bearer "+is.token(t, nil), "/api/v10/channels/"+general); resp.StatusCode != 200 {
		t.Fatalf("issuer's token: %d %s", resp.StatusCode, body)
	}
	// The claim narrows: the second guild is outside it.
	if resp, _ := get("Bearer "+is.token(t, nil), "/api/v10/guilds/"+discordtest.SecondGuildID.String()); resp.StatusCode != 403 {
		t.Errorf("guild outside the claim: %d", resp.StatusCode)
	}
	metadata := st.base + "/.well-known/oauth-protected-resource/mcp"
	hitsBefore := is.hits.Load()
	for _, c := range []struct{ name, auth string }{
		{"no token", ""},
		{"wrong issuer", "Bearer " + is.token(t, func(c jwt.MapClaims) { c["iss"] = "https://evil.example.test" })},
		{"wrong audience", "Bearer " + is.token(t, func(c jwt.MapClaims) { c["aud"] = "another-api" })},
		{"expired", "Bearer " + is.token(t, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })},
		{"unknown kid", "Bearer " + sign(t, jwt.SigningMethodRS256, is.key, "not-published", jwt.MapClaims{"iss": is.url, "aud": "discord-mcp-proxy-resource", "sub": "x", "exp": time.Now().Add(time.Hour).Unix()})},
		{"HS256 under the oct key", "Bearer " + sign(t, jwt.SigningMethodHS256, []byte("secret"), "hmac", jwt.MapClaims{"iss": is.url, "aud": "discord-mcp-proxy-resource", "sub": "x", "exp": time.Now().Add(time.Hour).Unix()})},
		{"this proxy's Bot scheme", "Bot " + st.emu.Token()},
	} {
		st.emu.ResetStats()
		resp, body := get(c.auth, "/api/v10/channels/"+general)
		ch := resp.Header.Get("WWW-Authenticate")
		if resp.StatusCode != 401 || !strings.Contains(ch, `resource_metadata="`+metadata+`"`) || st.emu.Stats().Total != 0 {
			t.Errorf("%s: %d, challenge %q, emulator saw %d: %s", c.name, resp.StatusCode, ch, st.emu.Stats().Total, body)
		}
	}
	// Unknown kids refetch the JWKS at most once per 10 s, however many come.
	if n := is.hits.Load() - hitsBefore; n > 1 {
		t.Errorf("the JWKS was fetched %d times for unknown kids", n)
	}
	for _, path := range []string{"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"} {
		resp, body := get("", path)
		var prm struct {
			Resource             string   `json:"resource"`
			AuthorizationServers []string `json:"authorization_servers"`
		}
		if err := json.Unmarshal([]byte(body), &prm); err != nil || resp.StatusCode != 200 || prm.Resource != st.base+"/mcp" ||
			len(prm.AuthorizationServers) != 1 || prm.AuthorizationServers[0] != is.url || resp.Header.Get("X-Response-Src") != "mcp" {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	// The MCP endpoint gives the same challenge.
	resp, _ := rawRequest(t, addr, "POST", "/mcp", [][2]string{{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"}},
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "resource_metadata=") {
		t.Errorf("/mcp without a token: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
}
