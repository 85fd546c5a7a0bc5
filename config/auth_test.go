package config

import (
	"strings"
	"testing"
)

func loadEnv(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	return Load("serve", args, func(k string) string { return env[k] })
}

// TestSecureByDefault: a bot on a non-loopback address needs auth, or
// the operator's explicit --allow-unauthenticated.
func TestSecureByDefault(t *testing.T) {
	tok := map[string]string{"DISCORD_TOKEN": "abc.def.ghi", "DMP_DATA_DIR": t.TempDir()}
	for _, c := range []struct {
		name string
		args []string
		ok   bool
	}{
		{"loopback, auth none", []string{"--listen", "127.0.0.1:8080"}, true},
		{"localhost, auth none", []string{"--listen", "localhost:8080"}, true},
		{"ipv6 loopback", []string{"--listen", "[::1]:8080"}, true},
		{"all interfaces, auth none", []string{"--listen", "0.0.0.0:8080"}, false},
		{"empty host, auth none", []string{"--listen", ":8080"}, false},
		{"a LAN address, auth none", []string{"--listen", "192.168.1.5:8080"}, false},
		{"all interfaces, explicitly allowed", []string{"--listen", "0.0.0.0:8080", "--allow-unauthenticated"}, true},
		{"all interfaces, bearer", []string{"--listen", "0.0.0.0:8080", "--auth", "bearer"}, true},
		{"stdio never listens", []string{"--listen", "0.0.0.0:8080", "--transport", "stdio"}, true},
	} {
		_, err := loadEnv(t, tok, c.args...)
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "--allow-unauthenticated") || strings.Contains(err.Error(), "abc.def.ghi")) {
			t.Errorf("%s: the error should name the way out and never the token: %v", c.name, err)
		}
	}
	// Without any bot there is nothing to run away with.
	if _, err := loadEnv(t, map[string]string{}, "--listen", "0.0.0.0:8080"); err != nil {
		t.Errorf("no bot configured: %v", err)
	}
}

func TestAuthSettingsAreChecked(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--auth", "basic"}, "--auth"},
		{[]string{"--auth", "oauth"}, "--oauth-issuer"},
		{[]string{"--auth", "oauth", "--oauth-issuer", "i", "--oauth-audience", "a", "--oauth-jwks-url", "ftp://x"}, "--oauth-jwks-url"},
		{[]string{"--token-alg", "HS256"}, "--token-alg"},
		{[]string{"--audit-max-mb", "0"}, "--audit-max-mb"},
		{[]string{"--revocation-poll", "0s"}, "--revocation-poll"},
	} {
		_, err := loadEnv(t, nil, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want one naming %s", c.args, err, c.want)
		}
	}
	c, err := loadEnv(t, map[string]string{"DMP_AUTH": "oauth", "DMP_OAUTH_ISSUER": "https://i", "DMP_OAUTH_AUDIENCE": "a",
		"DMP_OAUTH_JWKS_URL": "https://i/jwks", "DMP_AUDIT_FILE": "/tmp/a.log"}, "--audit-content")
	if err != nil || c.Auth.Mode != "oauth" || c.Auth.OAuthClaim != "discord" || !c.Audit.Content || c.Audit.MaxMB != 100 {
		t.Errorf("%+v %+v %v", c.Auth, c.Audit, err)
	}
}

// TestJWKSOverPlainHTTP: the issuer's keys decide who may call, so plain
// http is refused unless the host is this machine.
func TestJWKSOverPlainHTTP(t *testing.T) {
	for url, ok := range map[string]bool{
		"http://idp.example/jwks": false, "http://10.0.0.5:8080/jwks": false,
		"http://127.0.0.1:9000/jwks": true, "http://localhost/jwks": true, "http://[::1]:9/jwks": true, "https://idp.example/jwks": true,
	} {
		_, err := loadEnv(t, map[string]string{"DMP_AUTH": "oauth", "DMP_OAUTH_ISSUER": "https://i", "DMP_OAUTH_AUDIENCE": "a",
			"DMP_OAUTH_JWKS_URL": url})
		if got := err == nil; got != ok || !ok && !strings.Contains(err.Error(), "--oauth-jwks-url") {
			t.Errorf("%s: err = %v, want accepted %v", url, err, ok)
		}
	}
}
