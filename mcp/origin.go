package mcp

import (
	"net/url"
	"strings"
)

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

// OriginAllowed applies the same DNS-rebinding check to other handlers on
// this listener (the raw passthrough), so no path is left unguarded.
func (s *Server) OriginAllowed(origin []byte) bool { return s.originAllowed(origin) }
