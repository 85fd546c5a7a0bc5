package policy

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Signing algorithms for this proxy's own tokens.
const (
	AlgEdDSA = "EdDSA"
	AlgRS256 = "RS256"
)

// Keyring holds this proxy's token keys: the newest signs, every key
// verifies, so a rotated-out key keeps its tokens valid until they expire
// or it is deleted. Keys live in <data-dir>/keys as PKCS#8 PEM files named
// <kid>.pem (kid = UTC creation time + a digest of the public key, so the
// newest sorts last), or in one file the operator configured.
type Keyring struct {
	dir, file string // exactly one is set
	alg       string // for keys this ring generates
	cur       atomic.Pointer[keySnapshot]
}

type signingKey struct {
	kid  string
	priv crypto.Signer
	alg  string
}

// keySnapshot is the ring's content at one reading of the directory.
type keySnapshot struct {
	keys   map[string]signingKey
	newest signingKey
	stamp  string // names, sizes and mtimes: what Refresh compares
}

// OpenKeyring opens the keys in dataDir/keys (or keyFile when set). With
// create and no key yet, it generates one of alg (EdDSA or RS256).
func OpenKeyring(dataDir, keyFile, alg string, create bool) (*Keyring, error) {
	if alg != AlgEdDSA && alg != AlgRS256 {
		return nil, fmt.Errorf("keys: algorithm %q: want EdDSA or RS256", alg)
	}
	k := &Keyring{file: keyFile, alg: alg}
	if keyFile == "" {
		if dataDir == "" {
			return nil, errors.New("keys: no data directory: set --data-dir (env DMP_DATA_DIR)")
		}
		k.dir = filepath.Join(dataDir, "keys")
		if err := os.MkdirAll(k.dir, 0o700); err != nil {
			return nil, fmt.Errorf("keys: %w", err)
		}
	}
	if err := k.load(); err != nil {
		return nil, err
	}
	if k.cur.Load().newest.kid == "" {
		if !create || k.file != "" {
			return nil, fmt.Errorf("keys: no signing key in %s", k.where())
		}
		if _, err := k.Rotate(); err != nil {
			return nil, err
		}
	}
	return k, nil
}

func (k *Keyring) where() string {
	if k.file != "" {
		return k.file
	}
	return k.dir
}

// Rotate generates a new key that signs from now on and returns its kid.
func (k *Keyring) Rotate() (string, error) {
	if k.file != "" {
		return "", errors.New("keys: the signing key is a configured file; replace the file to rotate")
	}
	var priv crypto.Signer
	var err error
	if k.alg == AlgRS256 {
		priv, err = rsa.GenerateKey(rand.Reader, 3072)
	} else {
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	}
	if err != nil {
		return "", fmt.Errorf("keys: generate: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("keys: encode: %w", err)
	}
	kid := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + thumbprint(priv.Public())[:8]
	if err := writeFileAtomic(filepath.Join(k.dir, kid+".pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return "", fmt.Errorf("keys: %w", err)
	}
	return kid, k.load()
}

// load reads every key; a file that is not a key is an error, never
// skipped, so a damaged key is noticed at start.
func (k *Keyring) load() error {
	snap := &keySnapshot{keys: map[string]signingKey{}}
	files := []string{k.file}
	if k.file == "" {
		var err error
		if files, err = filepath.Glob(filepath.Join(k.dir, "*.pem")); err != nil {
			return fmt.Errorf("keys: %w", err)
		}
		sort.Strings(files)
	}
	var stamp strings.Builder
	for _, f := range files {
		sk, st, err := readKey(f)
		if err != nil {
			return err
		}
		if k.file == "" {
			sk.kid = strings.TrimSuffix(filepath.Base(f), ".pem")
		}
		snap.keys[sk.kid], snap.newest = sk, sk
		fmt.Fprintf(&stamp, "%s %d %d\n", f, st.Size(), st.ModTime().UnixNano())
	}
	snap.stamp = stamp.String()
	k.cur.Store(snap)
	return nil
}

func readKey(path string) (signingKey, os.FileInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return signingKey{}, nil, fmt.Errorf("keys: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return signingKey{}, nil, fmt.Errorf("keys: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return signingKey{}, nil, fmt.Errorf("keys: %s: want a PKCS#8 PEM \"PRIVATE KEY\"", path)
	}
	p, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return signingKey{}, nil, fmt.Errorf("keys: %s: %w", path, err)
	}
	switch priv := p.(type) {
	case ed25519.PrivateKey:
		return signingKey{kid: thumbprint(priv.Public())[:16], priv: priv, alg: AlgEdDSA}, st, nil
	case *rsa.PrivateKey:
		if priv.N.BitLen() < 2048 {
			return signingKey{}, nil, fmt.Errorf("keys: %s: RSA keys need at least 2048 bits", path)
		}
		return signingKey{kid: thumbprint(priv.Public())[:16], priv: priv, alg: AlgRS256}, st, nil
	}
	return signingKey{}, nil, fmt.Errorf("keys: %s: want an Ed25519 or RSA key", path)
}

// Refresh re-reads the key directory when it changed, so a key made by
// `token rotate-key` verifies in a running proxy.
func (k *Keyring) Refresh() error {
	if k.file != "" {
		return nil
	}
	old := k.cur.Load()
	files, err := filepath.Glob(filepath.Join(k.dir, "*.pem"))
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	sort.Strings(files)
	var stamp strings.Builder
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return fmt.Errorf("keys: %w", err)
		}
		fmt.Fprintf(&stamp, "%s %d %d\n", f, st.Size(), st.ModTime().UnixNano())
	}
	if stamp.String() == old.stamp {
		return nil
	}
	return k.load()
}

// Sign signs claims with the newest key, setting kid.
func (k *Keyring) Sign(claims jwt.Claims) (string, error) {
	sk := k.cur.Load().newest
	m := jwt.GetSigningMethod(sk.alg)
	t := jwt.NewWithClaims(m, claims)
	t.Header["kid"] = sk.kid
	s, err := t.SignedString(sk.priv)
	if err != nil {
		return "", fmt.Errorf("keys: sign: %w", err)
	}
	return s, nil
}

// lookup returns the public key and algorithm of kid.
func (k *Keyring) lookup(kid string) (crypto.PublicKey, string, bool) {
	sk, ok := k.cur.Load().keys[kid]
	if !ok {
		return nil, "", false
	}
	return sk.priv.Public(), sk.alg, true
}

// JWKS is the public half of every key, for /.well-known/jwks.json.
func (k *Keyring) JWKS() []byte {
	snap := k.cur.Load()
	set := jwkSet{Keys: []jwk{}}
	kids := make([]string, 0, len(snap.keys))
	for kid := range snap.keys {
		kids = append(kids, kid)
	}
	sort.Strings(kids)
	for _, kid := range kids {
		if j, err := publicJWK(kid, snap.keys[kid].priv.Public()); err == nil {
			set.Keys = append(set.Keys, j)
		}
	}
	b, _ := json.Marshal(set)
	return b
}

// thumbprint is a hex SHA-256 of the public key's PKIX encoding.
func thumbprint(pub crypto.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// writeFileAtomic writes a temporary file and renames it over path, so a
// reader never sees half a file.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
