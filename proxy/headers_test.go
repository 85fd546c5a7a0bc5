package proxy

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

func TestForwardableHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"User-Agent": true, "Accept": true, "Accept-Language": true, "X-Audit-Log-Reason": false, // set by the proxy from Request.Reason
		"X-Discord-Locale": true, "x-ratelimit-precision": true,
		"Authorization": false, "Content-Type": false, "Content-Length": false, "Host": false,
		"Connection": false, "Keep-Alive": false, "Transfer-Encoding": false, "Upgrade": false, "TE": false, "Expect": false,
		"Proxy-Authorization": false, "Cookie": false, "Origin": false, "Accept-Encoding": false,
		"X-Privileged-Call": false, "X-Target-Channels": false, "X-Forwarded-For": false, "x-allowed-mentions": false,
		"Forwarded": false, "CF-Connecting-IP": false, "True-Client-IP": false,
	} {
		if got := ForwardableHeader([]byte(name)); got != want {
			t.Errorf("ForwardableHeader(%q) = %v, want %v", name, got, want)
		}
	}
	var h fasthttp.RequestHeader
	h.Set("Connection", "keep-alive, X-Named, Accept-Language")
	h.Set("Accept-Language", "de")
	h.Set("Accept", "application/json")
	got := AppendRequestHeaders(nil, &h)
	if len(got) != 1 || got[0].Name != "Accept" {
		t.Errorf("AppendRequestHeaders = %v: a header named in Connection went on", got)
	}
}

func TestWriteErrorIsDiscordShaped(t *testing.T) {
	for _, c := range []struct {
		err  *Error
		code int
	}{
		{&Error{Kind: PermissionDenied, Status: 403, Msg: "channel 1 is outside X-Target-Channels"}, 50013},
		{&Error{Kind: PermissionDenied, Status: 404, Msg: "raw passthrough is disabled"}, 0},
		{&Error{Kind: InvalidInput, Status: 400, Msg: "bad"}, 50035},
		{&Error{Kind: InvalidInput, Status: 413, Msg: "too large"}, 40005},
		{&Error{Kind: RateLimited, Status: 429, Msg: "wait", RetryAfter: 1500 * time.Millisecond}, 40062},
		{&Error{Kind: NotConnected, Status: 401, Msg: "no Discord bot token"}, 40001},
		{&Error{Kind: NotConnected, Status: 502, Msg: "unreachable"}, 0},
	} {
		var rc fasthttp.RequestCtx
		WriteError(&rc, c.err)
		var body map[string]any
		if err := json.Unmarshal(rc.Response.Body(), &body); err != nil {
			t.Fatal(err)
		}
		if body["message"] != c.err.Msg || body["code"] != float64(c.code) || body["type"] != string(c.err.Kind) ||
			rc.Response.StatusCode() != c.err.Status || string(rc.Response.Header.Peek("X-Response-Src")) != "mcp" {
			t.Errorf("%v: %d %s", c.err, rc.Response.StatusCode(), rc.Response.Body())
		}
		if c.err.Status == 429 && (body["retry_after"] != 1.5 || body["global"] != false) {
			t.Errorf("429 body %s", rc.Response.Body())
		}
	}
}

// TestCanonicalNameMatchesFasthttp: a name canonicalName accepts is one
// fasthttp would not change (so SetCanonical may take it as is), and one
// it refuses is one fasthttp would normalise, or not a token at all.
func TestCanonicalNameMatchesFasthttp(t *testing.T) {
	for _, name := range []string{
		"User-Agent", "user-agent", "USER-AGENT", "X-RateLimit-Precision", "X-Ratelimit-Precision", "Accept",
		"X-Discord-Locale", "Content-Type", "A", "a", "-", "X--Y", "X-1a", "X-1A", "Dnt", "DNT", "X_Y", "x_y",
		"Bad Name", "Bad\r\nName", "", "Ünicode", "X-Y.Z", "X-Y.z",
	} {
		var h fasthttp.RequestHeader
		h.Set(name, "v")
		normalised := ""
		for k := range h.All() {
			if !strings.EqualFold(string(k), "Host") {
				normalised = string(k)
			}
		}
		want := name != "" && normalised == name && !strings.ContainsAny(name, " \r\n") && isASCII(name)
		if got := canonicalName(name); got != want {
			t.Errorf("canonicalName(%q) = %v, fasthttp keeps it as %q", name, got, normalised)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestHeaderListsIgnoreCase: the lower-cased look-ups answer as a
// case-insensitive comparison with the lists does.
func TestHeaderListsIgnoreCase(t *testing.T) {
	for _, name := range []string{"CONNECTION", "keep-alive", "X-Audit-Log-Reason", "x-discord-locale", "X-DISCORD-LOCALE", "cookie", "Via"} {
		low := strings.ToLower(name)
		dropped := slices.ContainsFunc(append(slices.Clone(hopByHop), proxyOwned...), func(h string) bool { return strings.EqualFold(h, name) })
		wantFwd := !dropped && (!strings.HasPrefix(low, "x-") || slices.ContainsFunc(discordXHeaders, func(h string) bool { return strings.EqualFold(h, name) }))
		if got := ForwardableHeader([]byte(name)); got != wantFwd {
			t.Errorf("ForwardableHeader(%q) = %v", name, got)
		}
	}
	for _, c := range []struct {
		name string
		want int
	}{
		{"x-ratelimit-bucket", 6}, {"X-RATELIMIT-LIMIT", 2}, {"content-type", 0}, {"Date", classDropped}, {"SET-COOKIE", classDropped},
		{"Transfer-Encoding", classDropped}, {"Cf-Ray", classExtra}, {"X-Response-Src", classDropped},
		{"A-Very-Long-Header-Name-That-Is-Listed-Nowhere-At-All", classExtra},
	} {
		if got := answerClass([]byte(c.name)); got != c.want {
			t.Errorf("answerClass(%q) = %d, want %d", c.name, got, c.want)
		}
	}
}
