package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// TestTokenCommands: token issue's claims and flag forms, and the errors
// of every token action on bad input (never a partial write).
func TestTokenCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out bytes.Buffer
	err := run(context.Background(), []string{"token", "issue", "--sub=ops", "--ttl=2h", "--owner", "--methods", "get,post",
		"--data-dir", dir, "--channels", "1085503155732611072", "--bot", "helper", "--permission-bits", "3072"}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := jwt.NewParser().ParseUnverified(strings.TrimSpace(out.String()), jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	c := tok.Claims.(jwt.MapClaims)
	dmp, _ := c[policy.ClaimName].(map[string]any)
	if c["sub"] != "ops" || tok.Header["alg"] != "EdDSA" || dmp["owner"] != true || dmp["privileged"] != nil || dmp["bot"] != "helper" ||
		dmp["permission_bits"] != "3072" || len(dmp["methods"].([]any)) != 2 || dmp["methods"].([]any)[0] != "GET" || dmp["guilds"] != nil {
		t.Errorf("claims %v, header %v", c, tok.Header)
	}
	exp, _ := c.GetExpirationTime()
	iat, _ := c.GetIssuedAt()
	if exp.Sub(iat.Time).Hours() != 2 {
		t.Errorf("ttl %v", exp.Sub(iat.Time))
	}
	for _, args := range [][]string{
		{"token"},
		{"token", "bogus"},
		{"token", "issue", "--ttl", "1h", "--data-dir", dir},
		{"token", "issue", "--sub", "x", "--data-dir", dir},
		{"token", "issue", "--sub", "x", "--ttl", "1h", "--guilds", "general", "--data-dir", dir},
		{"token", "issue", "--sub", "x", "--ttl", "1h", "--bot", "Not A Name", "--data-dir", dir},
		{"token", "issue", "--sub", "x", "--ttl", "1h", "--data-dir", dir, "--token-alg", "HS256"},
		{"token", "revoke"},
		{"token", "revoke", "--data-dir", dir},
		{"token", "revoke", "has space", "--data-dir", dir},
		{"audit"},
		{"audit", "verify"},
	} {
		out.Reset()
		if err := run(context.Background(), args, &out, io.Discard); err == nil || out.Len() != 0 {
			t.Errorf("%v: err %v, printed %q", args, err, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "revoked")); !os.IsNotExist(err) {
		t.Errorf("a refused revoke wrote the list: %v", err)
	}
	keys, _ := filepath.Glob(filepath.Join(dir, "keys", "*.pem"))
	out.Reset()
	if err := run(context.Background(), []string{"token", "rotate-key", "--data-dir", dir, "--token-alg", "RS256"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if after, _ := filepath.Glob(filepath.Join(dir, "keys", "*.pem")); len(after) != len(keys)+1 {
		t.Errorf("rotate-key: %d keys before, %d after", len(keys), len(after))
	}
	out.Reset()
	if err := run(context.Background(), []string{"token", "issue", "--sub", "x", "--ttl", "1m", "--data-dir", dir}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if tok, _, _ := jwt.NewParser().ParseUnverified(strings.TrimSpace(out.String()), jwt.MapClaims{}); tok.Header["alg"] != "RS256" {
		t.Errorf("after rotating to RS256, tokens are %v", tok.Header["alg"])
	}
}
