package policy

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestRemoteJWKSWithES256: an issuer's EC P-256 key, served as a JWKS on
// loopback, verifies its ES256 tokens; the scope claim is read under its
// configured name; when the issuer fails, tokens are refused.
func TestRemoteJWKSWithES256(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pub, _ := key.PublicKey.Bytes() // 0x04 || X || Y
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "no", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, `{"keys":[{"kty":"EC","crv":"P-256","kid":"ec1","use":"sig","x":%q,"y":%q}]}`, b64.EncodeToString(pub[1:33]), b64.EncodeToString(pub[33:]))
	}))
	defer srv.Close()
	jw := NewRemoteJWKS(srv.URL)
	v := &Verifier{Keys: jw.Lookup, Algs: []string{"ES256", "RS256"}, Issuer: "https://idp", Audience: "api", Claim: "discord"}
	scope := map[string]any{"channels": []string{"10"}, "bot": "default"}
	tok := func(kid string) string {
		tk := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"iss": "https://idp", "aud": "api", "sub": "u1",
			"exp": time.Now().Add(time.Minute).Unix(), "discord": scope})
		tk.Header["kid"] = kid
		s, err := tk.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	id, err := v.Verify(tok("ec1"))
	if err != nil || id.Subject != "u1" || len(id.Claims.Channels) != 1 || id.Claims.Channels[0] != "10" {
		t.Fatalf("%+v %v", id, err)
	}
	// The issuer's scope claim is read as strictly as ours: a misspelled
	// restriction is refused, not ignored.
	scope = map[string]any{"chanels": []string{"10"}}
	if _, err := v.Verify(tok("ec1")); err == nil {
		t.Error("a scope claim with a misspelled field was accepted")
	}
	scope = map[string]any{"channels": []string{"10"}, "bot": "default"}
	down.Store(true)
	_, err = v.Verify(tok("ec2")) // unknown kid; the refetch fails (and is rate-limited anyway)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != AuthInvalidToken {
		t.Errorf("unknown kid with the issuer down: %v", err)
	}
	if _, err := v.Verify(tok("ec1")); err != nil {
		t.Errorf("known kid while the issuer is down: %v", err)
	}
}
