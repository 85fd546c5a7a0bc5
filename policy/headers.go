package policy

import "bytes"

// securityHeader reports whether a header name is one policy reads or
// may read: Authorization and every X-* header.
func securityHeader(name []byte) bool {
	return bytes.EqualFold(name, []byte(hAuthorization)) ||
		len(name) > 2 && (name[0] == 'X' || name[0] == 'x') && name[1] == '-'
}

// CheckRawHeaders refuses obsolete line folding (RFC 9112 §5.2) in a
// security header. fasthttp joins a folded value into one line, so
// "X-Target-Channels: a,\r\n b" reaches policy as "a, b": a value the
// sender may have meant as one id and a stray. Folding is refused rather
// than read. raw is the request's header block as received (fasthttp's
// RequestHeader.RawHeaders), without the request line.
func CheckRawHeaders(raw []byte) error {
	var prev []byte
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			break // end of the header block
		}
		if line[0] == ' ' || line[0] == '\t' {
			if prev != nil && securityHeader(prev) {
				return &HeaderError{Header: headerLabel(prev), Reason: "folded across lines (obsolete line folding); send the value on one line"}
			}
			continue
		}
		name, _, _ := bytes.Cut(line, []byte{':'})
		prev = bytes.TrimSpace(name)
	}
	return nil
}

// headerLabel names a header in an error: its canonical spelling when it
// is one policy knows, else a generic label (the name is caller input).
func headerLabel(name []byte) string {
	for _, h := range securityHeaders {
		if bytes.EqualFold(name, []byte(h)) {
			return h
		}
	}
	return "X-* header"
}

// securityHeaders is every header Scope reads.
var securityHeaders = [...]string{
	hAuthorization, hAllowedMethods, hAllowedPaths, hTargetGuilds, hTargetChannels, hTargetUsers,
	hPermissionBits, hPrivilegedIntents, hAllowedMentions, hCurrentUser, hCurrentGuild,
	hCurrentChannel, hCurrentMessage, hOwnerAccess, hPrivilegedCall, hDebugMode, hToolsets, hImageModel,
}

// checkControls refuses a security header value holding a control
// character (CR, LF, tab, NUL, DEL…): whatever joined or split it, reading
// it as a list would be a guess. The value is not echoed (it may be a
// token).
func checkControls(hv *headerViews) error {
	for i, h := range &securityHeaders {
		sp := hv.span[i]
		for _, v := range hv.vals[sp[0]:sp[1]] {
			for i := 0; i < len(v); i++ {
				if v[i] < ' ' || v[i] == 0x7f {
					return &HeaderError{Header: h, Reason: "contains a control character (CR, LF, tab or similar)"}
				}
			}
		}
	}
	return nil
}
