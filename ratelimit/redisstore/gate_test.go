package redisstore

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore/redistest"
)

// TestAdmitGlobalWait: Admit reserves the global slot with the bucket's:
// the 51st of 50 per second waits a window, and each counts in its
// route's own window until a hash is known.
func TestAdmitGlobalWait(t *testing.T) {
	url, prefix := redistest.Shared(t), redistest.Prefix(t)
	s := newStore(t, url, prefix, Options{})
	now := time.Now()
	for i := 0; i < 51; i++ {
		major := "m" + strconv.Itoa(i)
		k := ratelimit.RouteKey{Token: "tok", Method: "GET", Route: "/x", Major: major}
		v := s.Admit(ratelimit.Admission{Key: k, Global: true, PerSecond: 50, Now: now, MaxWait: time.Minute})
		if !v.OK || !strings.HasSuffix(v.Ticket.Window, "r:GET /x "+major) {
			t.Fatalf("admission %d: %+v", i, v)
		}
		if want := time.Duration(0); i == 50 {
			want = ratelimit.GlobalWindow
			if v.GlobalWait < want-time.Millisecond || v.GlobalWait > want+time.Millisecond {
				t.Errorf("the 51st waits %v, want %v", v.GlobalWait, want)
			}
		} else if v.GlobalWait != 0 {
			t.Errorf("admission %d waits %v", i, v.GlobalWait)
		}
	}
}
