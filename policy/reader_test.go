package policy

import (
	"net/textproto"
	"reflect"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// scribbler is a Headers that holds fasthttp's contract at its strictest:
// each PeekAll reuses (and overwrites) the slice it returned before, as
// fasthttp's does, and scribble overwrites every value it ever lent. A
// scope that kept a view instead of a copy then reads '#'s.
type scribbler struct {
	vals map[string][]string
	lent [][]byte
	out  [][]byte // reused by every PeekAll
}

func newScribbler(kv ...string) *scribbler {
	s := &scribbler{vals: map[string][]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		k := textproto.CanonicalMIMEHeaderKey(kv[i])
		s.vals[k] = append(s.vals[k], kv[i+1])
	}
	return s
}

func (s *scribbler) PeekAll(name string) [][]byte {
	for i := range s.out {
		s.out[i] = []byte("#")
	}
	s.out = s.out[:0]
	for _, v := range s.vals[textproto.CanonicalMIMEHeaderKey(name)] {
		b := []byte(v)
		s.lent = append(s.lent, b)
		s.out = append(s.out, b)
	}
	return s.out
}

func (s *scribbler) scribble() {
	for _, b := range s.lent {
		for i := range b {
			b[i] = '#'
		}
	}
}

// everyHeader sets every header Scope reads, narrowing and otherwise.
var everyHeader = []string{
	"Authorization", "Bot MTEw.Gx.fake",
	"X-Target-Guilds", "100,200", "X-Target-Channels", "10,12", "X-Target-Users", "5,6",
	"X-Allowed-Methods", "GET,POST", "X-Allowed-Paths", "/channels/**", "X-Permission-Bits", "3072",
	"X-Privileged-Intents", "presence", "X-Allowed-Mentions", `{"parse":["users"]}`,
	"X-Current-User", "5", "X-Current-Guild", "100", "X-Current-Channel", "10", "X-Current-Message", "77",
	"X-Toolsets", "messages,guilds", "X-Image-Model", "gpt-image-1", "X-Debug-Mode", "true",
	"X-Privileged-Call", "1", "X-Owner-Access", "0",
}

// TestScopeKeepsNoViewOfTheHeaders: a scope built from headers whose
// buffers are overwritten under it is exactly the scope built from
// strings that never change.
func TestScopeKeepsNoViewOfTheHeaders(t *testing.T) {
	ce := ceiling(t, config.Config{EnablePassthrough: true, AllowedMentions: `{"parse":["users","roles"]}`})
	h := newScribbler(everyHeader...)
	got, err := ce.ScopeOf(h)
	if err != nil {
		t.Fatal(err)
	}
	h.scribble()
	want := scope(t, ce, everyHeader...)
	if !reflect.DeepEqual(*got, *want) {
		t.Errorf("scope read through overwritten buffers differs:\n got %+v\nwant %+v", *got, *want)
	}
	if got.CurrentChannel != "10" || got.ImageModel != "gpt-image-1" || !got.AllowsChannel("12") ||
		got.Token() != "Bot MTEw.Gx.fake" || !got.PrivilegedCall() || !got.AllowsToolset("guilds") {
		t.Errorf("scope lost a value: %+v", *got)
	}
}

// staticHeaders lends the same prepared values every time, as fasthttp
// does for a parsed request.
type staticHeaders map[string][][]byte

func (s staticHeaders) PeekAll(name string) [][]byte { return s[name] }

// TestScopeOfAllocatesOnlyTheScope: the load tools' request (a Bot token
// and the privileged switch) costs one allocation, the Scope itself.
func TestScopeOfAllocatesOnlyTheScope(t *testing.T) {
	ce := ceiling(t, config.Config{EnablePassthrough: true})
	h := staticHeaders{"Authorization": {[]byte("Bot MTEw.Gx.fake")}, "X-Privileged-Call": {[]byte("1")}}
	if _, err := ce.ScopeOf(h); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ce.ScopeOf(h) }); n > 1 {
		t.Errorf("%v allocations per ScopeOf, want 1", n)
	}
}

// BenchmarkScopeOf is BenchmarkScope as HTTP requests run it: headers
// read in place.
func BenchmarkScopeOf(b *testing.B) {
	ce := ceiling(b, config.Config{TargetGuilds: "100,200"})
	h := staticHeaders{"Authorization": {[]byte("Bot abc.def.ghi")}, "X-Target-Guilds": {[]byte("100")}, "X-Allowed-Methods": {[]byte("GET,POST")}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ce.ScopeOf(h); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSecurityIndexMatchesTheList: the switch and the list agree, so
// every header Scope reads is one checkControls checks.
func TestSecurityIndexMatchesTheList(t *testing.T) {
	for i, name := range securityHeaders {
		if got := securityIndex(name); got != i {
			t.Errorf("securityIndex(%s) = %d, want %d", name, got, i)
		}
	}
}
