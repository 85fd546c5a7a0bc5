package policy

import (
	"crypto"
	"fmt"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// RemoteJWKS is an OAuth issuer's key set, fetched from its jwks_uri and
// cached. An unknown kid triggers a refetch (the issuer may have rotated),
// at most once per minRefetch, so forged kids cannot make the proxy hammer
// the issuer.
type RemoteJWKS struct {
	url    string
	client *fasthttp.Client
	ttl    time.Duration

	mu      sync.Mutex // guards keys, fetched, tried; never held during a fetch
	keys    map[string]crypto.PublicKey
	fetched time.Time // last successful fetch
	tried   time.Time // last attempt
}

const (
	jwksTTL        = 10 * time.Minute
	jwksMinRefetch = 10 * time.Second
	jwksTimeout    = 5 * time.Second
	jwksMaxBytes   = 1 << 20
)

// NewRemoteJWKS returns a cache of the key set at url; the first lookup
// fetches it.
func NewRemoteJWKS(url string) *RemoteJWKS {
	return &RemoteJWKS{url: url, ttl: jwksTTL, client: &fasthttp.Client{
		Name: "discord-mcp-proxy", MaxResponseBodySize: jwksMaxBytes, ReadTimeout: jwksTimeout, WriteTimeout: jwksTimeout,
	}}
}

// Fetch loads the key set now (for a check at start).
func (r *RemoteJWKS) Fetch() error {
	r.mu.Lock()
	r.tried = time.Now()
	r.mu.Unlock()
	return r.refresh()
}

// refresh fetches the key set without holding mu, so verifications go on
// with the old keys while the issuer answers.
func (r *RemoteJWKS) refresh() error {
	keys, err := r.fetch()
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.keys, r.fetched = keys, time.Now()
	r.mu.Unlock()
	return nil
}

func (r *RemoteJWKS) fetch() (map[string]crypto.PublicKey, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(r.url)
	req.Header.Set("Accept", "application/json")
	if err := r.client.DoTimeout(req, resp, jwksTimeout); err != nil {
		return nil, fmt.Errorf("oauth jwks %s: %w", r.url, err)
	}
	if resp.StatusCode() != fasthttp.StatusOK {
		return nil, fmt.Errorf("oauth jwks %s: status %d", r.url, resp.StatusCode())
	}
	keys, err := parseJWKS(resp.Body())
	if err != nil {
		return nil, fmt.Errorf("oauth jwks %s: %w", r.url, err)
	}
	return keys, nil
}

// Lookup returns the key of kid, refetching when the set is stale or the
// kid unknown (at most once per jwksMinRefetch; one fetch at a time,
// which this caller waits for while others use the old keys). A failed
// refetch keeps the old keys.
func (r *RemoteJWKS) Lookup(kid string) (crypto.PublicKey, bool) {
	r.mu.Lock()
	k, ok := r.keys[kid]
	stale := time.Since(r.fetched) > r.ttl
	need := (!ok || stale) && time.Since(r.tried) >= jwksMinRefetch
	if need {
		r.tried = time.Now()
	}
	r.mu.Unlock()
	if !need || r.refresh() != nil {
		return k, ok
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k, ok = r.keys[kid]
	return k, ok
}
