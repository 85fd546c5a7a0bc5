package policy

import (
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MintOptions describe one token of this proxy's.
type MintOptions struct {
	Subject, Issuer, Audience string
	TTL                       time.Duration
	Claims                    Claims
	Now                       time.Time // zero: time.Now
}

// ClaimName is the private claim that carries the scope in this proxy's
// own tokens.
const ClaimName = "dmp"

// Mint signs a token with the ring's newest key. It carries no Discord
// token: only who (sub), for how long, which bot by name, and the scope.
func (k *Keyring) Mint(o MintOptions) (token, jti string, err error) {
	if o.Subject == "" || o.TTL <= 0 {
		return "", "", errors.New("mint: need a subject and a positive ttl")
	}
	if bad := o.Claims.validate(); bad != "" {
		return "", "", errors.New("mint: " + bad)
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("mint: %w", err)
	}
	jti = hex.EncodeToString(b[:])
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := jwt.MapClaims{
		"iss": o.Issuer, "aud": o.Audience, "sub": o.Subject, "jti": jti,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(o.TTL).Unix(),
		ClaimName: o.Claims,
	}
	token, err = k.Sign(c)
	return token, jti, err
}

// Verifier returns a verifier of this ring's tokens.
func (k *Keyring) Verifier(issuer, audience string, revoked func(string) bool) *Verifier {
	return &Verifier{
		Keys: func(kid string) (crypto.PublicKey, bool) {
			pub, _, ok := k.lookup(kid)
			return pub, ok
		},
		Algs: []string{AlgEdDSA, AlgRS256}, Issuer: issuer, Audience: audience,
		Claim: ClaimName, Revoked: revoked, RequireJTI: true,
	}
}
