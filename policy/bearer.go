package policy

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// AuthCode says what kind of authorization failure an AuthError is; it
// becomes the error attribute of WWW-Authenticate (RFC 6750 section 3.1).
type AuthCode string

const (
	AuthMissing        AuthCode = ""                // no credentials: the challenge names no error
	AuthInvalidRequest AuthCode = "invalid_request" // malformed or the wrong scheme
	AuthInvalidToken   AuthCode = "invalid_token"   // expired, forged, revoked, …
)

// AuthError is a refused credential: answer 401 with a Bearer challenge.
// Reason is fixed text; it never contains the token.
type AuthError struct {
	Code   AuthCode
	Reason string
	Err    error // the cause, for errors.Is (jwt's sentinel errors)
}

func (e *AuthError) Error() string { return "Authorization: " + e.Reason }
func (e *AuthError) Unwrap() error { return e.Err }

func authErr(code AuthCode, reason string, err error) error {
	return &AuthError{Code: code, Reason: reason, Err: err}
}

// maxTokenBytes bounds what the JWT parser is given.
const maxTokenBytes = 8 << 10

// Identity is a verified bearer token.
type Identity struct {
	Subject, JTI string
	Expires      time.Time
	Claims       Claims
}

// Verifier checks bearer JWTs: signature by a known kid with an allowed
// algorithm, exp required and in the future, nbf not in the future, iss
// and aud as configured, jti not revoked, and the scope claim well formed.
type Verifier struct {
	Keys     func(kid string) (crypto.PublicKey, bool)
	Algs     []string // allow-list, e.g. EdDSA, RS256
	Issuer   string
	Audience string
	// Claim names the JSON object claim holding the scope (Claims); when
	// absent from a token, the token narrows nothing.
	Claim   string
	Revoked func(jti string) bool // nil: nothing is revoked
	// RequireJTI refuses tokens without a jti (this proxy's own always
	// carry one, so they can be revoked).
	RequireJTI bool
	Now        func() time.Time // nil: time.Now
}

var (
	errUnknownKid     = errors.New("unknown kid")
	errClaimNotObject = errors.New("the scope claim is not a JSON object")
)

// Verify returns the token's identity, or an *AuthError.
func (v *Verifier) Verify(raw string) (*Identity, error) {
	if len(raw) > maxTokenBytes {
		return nil, authErr(AuthInvalidRequest, "the token is too long", nil)
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(v.Algs), jwt.WithExpirationRequired(),
		jwt.WithIssuer(v.Issuer), jwt.WithAudience(v.Audience), jwt.WithLeeway(5 * time.Second),
	}
	if v.Now != nil {
		opts = append(opts, jwt.WithTimeFunc(v.Now))
	}
	m := jwt.MapClaims{}
	_, err := jwt.NewParser(opts...).ParseWithClaims(raw, m, v.keyFor)
	if err != nil {
		return nil, authErr(AuthInvalidToken, jwtReason(err), err)
	}
	id := &Identity{}
	id.Subject, _ = m["sub"].(string)
	id.JTI, _ = m["jti"].(string)
	if exp, err := m.GetExpirationTime(); err == nil && exp != nil {
		id.Expires = exp.Time
	}
	if id.Subject == "" {
		return nil, authErr(AuthInvalidToken, "the token has no sub", nil)
	}
	if id.JTI == "" && v.RequireJTI {
		return nil, authErr(AuthInvalidToken, "the token has no jti", nil)
	}
	if id.JTI != "" && v.Revoked != nil && v.Revoked(id.JTI) {
		return nil, authErr(AuthInvalidToken, "the token is revoked", nil)
	}
	if raw, ok := m[v.Claim]; ok {
		if err := decodeClaims(raw, &id.Claims); err != nil {
			return nil, authErr(AuthInvalidToken, "claim "+v.Claim+" is not a scope object", err)
		}
		if bad := id.Claims.validate(); bad != "" {
			return nil, authErr(AuthInvalidToken, bad, nil)
		}
	}
	return id, nil
}

// decodeClaims reads the scope claim strictly: it must be a JSON object,
// and a field this proxy does not know is refused, since a misspelled
// restriction ("chanels") silently ignored would widen the scope.
func decodeClaims(raw any, c *Claims) error {
	if _, ok := raw.(map[string]any); !ok {
		return errClaimNotObject
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(c)
}

// keyFor picks the key by kid and makes sure the algorithm fits it, so an
// RSA public key can never be used as an HMAC secret or the like.
func (v *Verifier) keyFor(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, errUnknownKid
	}
	k, ok := v.Keys(kid)
	if !ok {
		return nil, errUnknownKid
	}
	var fits bool
	switch k.(type) {
	case ed25519.PublicKey:
		fits = t.Method == jwt.SigningMethodEdDSA
	case *rsa.PublicKey:
		fits = t.Method == jwt.SigningMethodRS256 || t.Method == jwt.SigningMethodPS256
	case *ecdsa.PublicKey:
		fits = t.Method == jwt.SigningMethodES256
	}
	if !fits {
		return nil, jwt.ErrTokenSignatureInvalid
	}
	return k, nil
}

// jwtReason names a verification failure by the library's sentinel
// errors, never by their text (which is not an API).
func jwtReason(err error) string {
	for _, r := range []struct {
		err    error
		reason string
	}{
		{errUnknownKid, "the token is signed by an unknown key"},
		{jwt.ErrTokenMalformed, "the token is malformed"},
		{jwt.ErrTokenRequiredClaimMissing, "the token lacks a required claim (exp)"},
		{jwt.ErrTokenExpired, "the token has expired"},
		{jwt.ErrTokenNotValidYet, "the token is not valid yet"},
		{jwt.ErrTokenInvalidAudience, "the token is for another audience"},
		{jwt.ErrTokenInvalidIssuer, "the token is from another issuer"},
		{jwt.ErrTokenSignatureInvalid, "bad signature or an algorithm that is not allowed"},
		{jwt.ErrTokenUnverifiable, "the token cannot be verified"},
	} {
		if errors.Is(err, r.err) {
			return r.reason
		}
	}
	return "the token is invalid"
}
