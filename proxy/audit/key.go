package audit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// keyBytes is the size of a generated chain key.
const keyBytes = 32

// The chain is keyed: each line's prev is HMAC-SHA256(key, the line
// before), so whoever can write the audit file but cannot read the key
// cannot edit a line and recompute the links after it. Whoever holds the
// key can; keep it apart from the file (another volume, or off the host).

// Key is the secret the chain is computed with.
type Key []byte

// LoadOrCreateKey reads the key file at path (hex), or creates it with a
// random key, mode 0600, when there is none. A key file that others can
// read is refused: the key is all that protects the chain.
func LoadOrCreateKey(path string) (Key, error) {
	k, err := LoadKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	k = make(Key, keyBytes)
	_, _ = rand.Read(k) // crypto/rand.Read never fails (Go 1.24+)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadKey(path) // another process made it first
	}
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	_, werr := f.WriteString(hex.EncodeToString(k) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path) // never leave a partial key behind
		return nil, fmt.Errorf("key file: %w", werr)
	}
	return k, nil
}

// LoadKey reads an existing key file.
func LoadKey(path string) (Key, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file: %s is readable by others (mode %v): chmod 600 it", path, st.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(k) < 16 {
		return nil, fmt.Errorf("key file: %s: want at least 16 bytes as hex", path)
	}
	return k, nil
}

// link is the prev of the line after line.
func (k Key) link(line []byte) string {
	m := hmac.New(sha256.New, k)
	m.Write(line)
	return hex.EncodeToString(m.Sum(nil))
}
