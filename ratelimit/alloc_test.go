package ratelimit

import (
	"context"
	"testing"
)

// TestAcquireDoneAllocations: the fast path (a known bucket with room, a
// token Discord accepted) allocates nothing, and neither does parsing an
// answer whose bucket hash the limiter has seen.
func TestAcquireDoneAllocations(t *testing.T) {
	l := New(Options{GlobalPerSecond: 1 << 30})
	r := Request{Token: "t", Method: "POST", Route: "/channels/{channel_id}/messages", Major: "1", Global: true, ProvesToken: true}
	ctx := context.Background()
	headers := map[string][]byte{ // as a pooled response holds them
		HeaderLimit: []byte("1000000"), HeaderRemaining: []byte("999999"),
		HeaderResetAfter: []byte("3600.000"), HeaderBucket: []byte("abcd"),
	}
	get := func(name string) []byte { return headers[name] }
	cycle := func() {
		p, err := l.Acquire(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		p.Done(l.ParseHeaders(200, get, nil))
	}
	cycle() // learn the token, the bucket and its hash
	if n := testing.AllocsPerRun(1000, cycle); n != 0 {
		t.Errorf("Acquire+ParseHeaders+Done: %v allocations, want 0", n)
	}
}
