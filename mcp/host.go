package mcp

import (
	"net"
	"net/netip"
	"strings"
	"unsafe"
)

// hostPolicy decides which names this server answers to. A browser page
// whose hostile name resolves to the proxy (DNS rebinding) makes
// same-origin requests that carry no Origin, but they do carry its name
// in Host, so every request's Host must be one we know.
//
// The port is not compared: a container port mapping or a reverse proxy
// changes it, and a rebinding page cannot choose our name whatever the port.
type hostPolicy struct {
	names map[string]bool // lower case, no trailing dot
	addrs []netip.Addr    // besides loopback
}

// newHostPolicy allows localhost names, loopback addresses, each listen
// host (every local interface address when it is unspecified, as with
// 0.0.0.0) and the operator's list. Entries that do not parse are
// ignored here; config rejects them at start.
func newHostPolicy(allowed []string, listens ...string) *hostPolicy {
	p := &hostPolicy{names: map[string]bool{}}
	for _, h := range allowed {
		p.add(h)
	}
	for _, listen := range listens {
		p.addListen(listen)
	}
	return p
}

// addListen allows the host of a listen address.
func (p *hostPolicy) addListen(listen string) {
	lh, _, err := net.SplitHostPort(listen)
	if err != nil {
		return
	}
	if a, err := netip.ParseAddr(lh); lh == "" || err == nil && a.IsUnspecified() {
		p.addInterfaces()
	} else {
		p.add(lh)
	}
}

func (p *hostPolicy) add(h string) {
	name, addr, ok := parseHost(h)
	switch {
	case !ok:
	case addr.IsValid():
		p.addrs = append(p.addrs, addr)
	default:
		p.names[name] = true
	}
}

// addInterfaces allows the machine's own addresses, which is what a
// client on the network types when the proxy listens on all of them.
func (p *hostPolicy) addInterfaces() {
	ifs, err := net.InterfaceAddrs()
	if err != nil {
		return
	}
	for _, ia := range ifs {
		if n, ok := ia.(*net.IPNet); ok {
			if a, ok := netip.AddrFromSlice(n.IP); ok {
				p.addrs = append(p.addrs, a.Unmap())
			}
		}
	}
}

// allowed reports whether a Host value names this server.
func (p *hostPolicy) allowed(host []byte) bool {
	// A view, not a copy (this runs on every request): parseHost's results
	// are only compared here, never kept.
	name, addr, ok := parseHost(unsafe.String(unsafe.SliceData(host), len(host)))
	if !ok {
		return false
	}
	if addr.IsValid() {
		if addr.IsLoopback() {
			return true
		}
		for _, a := range p.addrs {
			if a == addr {
				return true
			}
		}
		return false
	}
	// Only "localhost" itself: whether *.localhost stays on this machine
	// depends on the browser and resolver.
	return name == "localhost" || p.names[name]
}

// parseHost splits "name[:port]", "v4[:port]" or "[v6][:port]" and
// normalises the host: lower case, one trailing dot dropped. Anything
// else (userinfo, a bare IPv6 address, a bad port, empty labels, bytes a
// DNS name cannot hold) is not ok.
func parseHost(h string) (name string, addr netip.Addr, ok bool) {
	host, port := h, ""
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", addr, false
		}
		host, port = h[1:end], h[end+1:]
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" || !validPort(port) {
			return "", addr, false
		}
		return "", a.Unmap(), true
	}
	if i := strings.IndexByte(h, ':'); i >= 0 {
		host, port = h[:i], h[i:]
	}
	if !validPort(port) {
		return "", addr, false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if a, err := netip.ParseAddr(host); err == nil && a.Is4() {
		return "", a, true
	}
	return host, addr, validName(host)
}

// validPort accepts "" or ":" followed by 1-5 digits.
func validPort(p string) bool {
	if p == "" {
		return true
	}
	if p[0] != ':' || len(p) < 2 || len(p) > 6 {
		return false
	}
	for _, c := range p[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validName accepts lower-case DNS names: labels of [a-z0-9_-], none
// empty or over 63 bytes.
func validName(n string) bool {
	if n == "" || len(n) > 253 {
		return false
	}
	label := 0
	for i := 0; i < len(n); i++ {
		switch c := n[i]; {
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			if label++; label > 63 {
				return false
			}
		default:
			return false
		}
	}
	return label > 0
}
