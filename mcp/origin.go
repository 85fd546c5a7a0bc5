package mcp

import (
	"errors"
	"net/url"
	"strings"

	"github.com/valyala/fasthttp"
)

// Kinds of refusal from [Server.Admit].
var (
	ErrHostNotAllowed   = errors.New("forbidden: Host not allowed")
	ErrOriginNotAllowed = errors.New("forbidden: Origin not allowed")
)

// Admit is the DNS-rebinding defence for every request on this listener
// (MCP, helpers, health, passthrough): the Host header, and the host of an
// absolute-form request URI, must name this server (see hostPolicy), and
// a browser Origin must be allowed. nil admits the request; otherwise the
// error is ErrHostNotAllowed or ErrOriginNotAllowed, to be answered with
// 403 before anything else runs.
func (s *Server) Admit(ctx *fasthttp.RequestCtx) error { return s.admit(s.hosts, ctx) }

// AdmitOn returns Admit's check for another listener of this process
// (--metrics-listen, say): the same rule, with that listener's own
// address allowed besides the names Admit allows.
func (s *Server) AdmitOn(listen string) func(*fasthttp.RequestCtx) error {
	hosts := newHostPolicy(s.o.AllowedHosts, s.o.ListenAddr, listen)
	return func(ctx *fasthttp.RequestCtx) error { return s.admit(hosts, ctx) }
}

func (s *Server) admit(hosts *hostPolicy, ctx *fasthttp.RequestCtx) error {
	if !hosts.allowed(ctx.Request.Header.Host()) {
		return ErrHostNotAllowed
	}
	// "GET http://evil.example/ HTTP/1.1": the URI's authority overrides
	// Host (RFC 9112 3.2.2), so it must pass too.
	if uri := ctx.Request.Header.RequestURI(); len(uri) > 0 && uri[0] != '/' && !hosts.allowed(ctx.URI().Host()) {
		return ErrHostNotAllowed
	}
	if !s.originsAllowed(ctx) {
		return ErrOriginNotAllowed
	}
	return nil
}

// originsAllowed checks every Origin header the request carries: with
// two, which one a browser or an intermediary honours is not ours to
// guess, so one not allowed refuses the request.
func (s *Server) originsAllowed(ctx *fasthttp.RequestCtx) bool {
	for _, o := range ctx.Request.Header.PeekAll("Origin") {
		if !s.originAllowed(o) {
			return false
		}
	}
	return true
}

// originAllowed guards against DNS rebinding: a browser page on another
// site that resolves to this host sends its own Origin. Requests without
// an Origin (curl, SDK clients) are not from a browser and pass.
func (s *Server) originAllowed(origin []byte) bool {
	if len(origin) == 0 {
		return true
	}
	o := string(origin)
	for _, a := range s.o.AllowedOrigins {
		if a == "*" || strings.EqualFold(strings.TrimSuffix(a, "/"), o) {
			return true
		}
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false // includes the opaque "null" origin
	}
	switch strings.ToLower(u.Hostname()) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// OriginAllowed reports whether a browser Origin may reach this server;
// [Server.Admit] checks it together with Host.
func (s *Server) OriginAllowed(origin []byte) bool { return s.originAllowed(origin) }
