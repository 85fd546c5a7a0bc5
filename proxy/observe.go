package proxy

import (
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Observer sees what crosses the choke point, for metrics. Label values
// it is given are bounded: route templates, never raw paths or ids.
// Methods are called on hot paths and must not block.
type Observer interface {
	// Upstream is one round trip to Discord: status 0 when no answer came.
	// scope429 is Discord's X-RateLimit-Scope on a 429 ("" otherwise);
	// source is "tool", "passthrough" or "internal".
	Upstream(source, method, template string, status int, scope429 string, latency time.Duration)
	// Waited is the time one request spent in the limiter, granted or not.
	Waited(d time.Duration)
	// Refused is a request the proxy answered itself, by error kind.
	Refused(kind Kind)
	// CacheLookup is one channel metadata lookup.
	CacheLookup(hit bool)
	// ToolCall is one finished tool call; outcome is "ok" or an error type.
	ToolCall(tool, outcome string, d time.Duration)
}

type nopObserver struct{}

func (nopObserver) Upstream(string, string, string, int, string, time.Duration) {}
func (nopObserver) Waited(time.Duration)                                        {}
func (nopObserver) Refused(Kind)                                                {}
func (nopObserver) CacheLookup(bool)                                            {}
func (nopObserver) ToolCall(string, string, time.Duration)                      {}

// SetObserver installs o; call it while wiring, before serving.
func (p *Proxy) SetObserver(o Observer) {
	if o == nil {
		o = nopObserver{}
	}
	p.obs = o
}

// Observer returns the installed Observer (a no-op by default), so the
// catalog can report tool calls to the same place.
func (p *Proxy) Observer() Observer { return p.obs }

// source names where a request came from, for metrics.
func (r *Request) source() string {
	switch {
	case r.internal:
		return "internal"
	case r.Passthrough:
		return "passthrough"
	}
	return "tool"
}

func (p *Proxy) observeUpstream(source string, r *route.Route, resp *Response, d time.Duration) {
	status, scope := 0, ""
	if resp != nil {
		status = resp.Status
		if status == 429 {
			scope = resp.RateLimit.Scope
		}
	}
	p.obs.Upstream(source, r.Method, r.Label(), status, scope, d)
}
