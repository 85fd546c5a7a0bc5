package policy

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
)

// jwk is one JSON Web Key (RFC 7517) with the members the key types this
// proxy reads need: OKP/Ed25519 (RFC 8037), RSA and EC P-256 (RFC 7518).
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
}

// jwkSet is a JWKS document.
type jwkSet struct {
	Keys []jwk `json:"keys"`
}

var b64 = base64.RawURLEncoding

// errUnsupportedKey is a key type or curve this proxy does not verify with.
var errUnsupportedKey = errors.New("unsupported key type")

// publicJWK describes pub for /.well-known/jwks.json.
func publicJWK(kid string, pub crypto.PublicKey) (jwk, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return jwk{Kty: "OKP", Crv: "Ed25519", X: b64.EncodeToString(k), Kid: kid, Use: "sig", Alg: "EdDSA"}, nil
	case *rsa.PublicKey:
		e := big.NewInt(int64(k.E)).Bytes()
		return jwk{Kty: "RSA", N: b64.EncodeToString(k.N.Bytes()), E: b64.EncodeToString(e), Kid: kid, Use: "sig", Alg: "RS256"}, nil
	}
	return jwk{}, fmt.Errorf("jwk %s: %w", kid, errUnsupportedKey)
}

// key decodes a JWK into a public key. Keys for encryption (use "enc")
// are refused: a token must be verified only with signing keys.
func (j jwk) key() (crypto.PublicKey, error) {
	if j.Use != "" && j.Use != "sig" {
		return nil, fmt.Errorf("jwk %q: use %q: %w", j.Kid, j.Use, errUnsupportedKey)
	}
	switch {
	case j.Kty == "OKP" && j.Crv == "Ed25519":
		x, err := b64.DecodeString(j.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("jwk %q: bad Ed25519 x", j.Kid)
		}
		return ed25519.PublicKey(x), nil
	case j.Kty == "RSA":
		n, err1 := b64.DecodeString(j.N)
		e, err2 := b64.DecodeString(j.E)
		if err1 != nil || err2 != nil || len(n) < 256 || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("jwk %q: bad RSA n or e (at least 2048 bits)", j.Kid)
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
	case j.Kty == "EC" && j.Crv == "P-256":
		x, err1 := b64.DecodeString(j.X)
		y, err2 := b64.DecodeString(j.Y)
		if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
			return nil, fmt.Errorf("jwk %q: bad P-256 x or y", j.Kid)
		}
		return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
	}
	return nil, fmt.Errorf("jwk %q: kty %q crv %q: %w", j.Kid, j.Kty, j.Crv, errUnsupportedKey)
}

// parseJWKS decodes a JWKS document into keys by kid, skipping keys of
// types this proxy does not use (an issuer may publish encryption keys
// too). A key without a kid cannot be chosen and is skipped.
func parseJWKS(body []byte) (map[string]crypto.PublicKey, error) {
	var set jwkSet
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	keys := map[string]crypto.PublicKey{}
	for _, j := range set.Keys {
		k, err := j.key()
		if err != nil || j.Kid == "" {
			continue
		}
		keys[j.Kid] = k
	}
	if len(keys) == 0 {
		return nil, errors.New("jwks: no usable signing key with a kid")
	}
	return keys, nil
}
