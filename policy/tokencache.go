package policy

import (
	"crypto/subtle"
	"hash/maphash"
	"sync/atomic"
)

// tokenSlots is the size of a tokenCache: far more than the distinct Bot
// tokens a proxy serves at once, small enough (a few KiB of entries) to
// keep whatever callers send.
const tokenSlots = 128

// tokenCache remembers what a caller's Bot token turns into (the
// Authorization value sent upstream and its fingerprint), so a request
// does not hash its token again: SHA-256 and hex per request were a good
// part of the passthrough's allocations.
//
// It is direct-mapped: a token has one slot, chosen by a hash with a
// per-cache random seed, and a new token replaces whatever held its slot.
// A flood of bogus tokens therefore costs a hash each and never grows
// it, and a hit needs the whole token to match (compared in constant
// time), so the cache can only return what the token itself derives to.
// The Ceiling owns it, so a reload starts empty. Entries hold tokens:
// nothing here is ever logged or printed.
type tokenCache struct {
	seed  maphash.Seed
	slots [tokenSlots]atomic.Pointer[tokenEntry]
}

// tokenEntry is immutable once stored.
type tokenEntry struct {
	bare                         []byte
	token, fingerprint, callerID string
}

func newTokenCache() *tokenCache { return &tokenCache{seed: maphash.MakeSeed()} }

// lookup returns the entry for bare ("Bot "+bare, fingerprint(bare) and
// the caller id of that fingerprint), from the cache when bare was seen
// recently. Entries are shared: never modify one.
func (c *tokenCache) lookup(bare []byte) *tokenEntry {
	slot := &c.slots[maphash.Bytes(c.seed, bare)%tokenSlots]
	if e := slot.Load(); e != nil && len(e.bare) == len(bare) &&
		subtle.ConstantTimeCompare(e.bare, bare) == 1 {
		return e
	}
	b := string(bare)
	fp := fingerprint(b)
	e := &tokenEntry{bare: []byte(b), token: "Bot " + b, fingerprint: fp, callerID: botCallerID(fp)}
	slot.Store(e)
	return e
}
