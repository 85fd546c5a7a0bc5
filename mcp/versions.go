package mcp

import "slices"

// Protocol revisions this server speaks, newest first.
const (
	version20260728 = "2026-07-28" // stateless: server/discover, no sessions
	version20251125 = "2025-11-25"
	version20250618 = "2025-06-18"
	version20250326 = "2025-03-26" // the only streamable revision with batches
	version20241105 = "2024-11-05" // HTTP+SSE transport
)

// sessionedVersions can be negotiated by initialize, newest first.
var sessionedVersions = []string{version20251125, version20250618, version20250326, version20241105}

// allVersions is advertised in -32022 errors and server/discover.
var allVersions = []string{version20260728, version20251125, version20250618, version20250326, version20241105}

// modernVersions are the stateless revisions.
var modernVersions = []string{version20260728}

// negotiate answers initialize: the client's version when we speak it,
// otherwise our newest sessioned one (the client then decides).
func negotiate(requested string) string {
	if slices.Contains(sessionedVersions, requested) {
		return requested
	}
	return sessionedVersions[0]
}

// isModern reports a stateless revision (or a newer, unknown one, which
// must be answered with -32022 in the stateless way).
func isModern(v string) bool { return v >= version20260728 }

// validHeaderVersion reports whether an MCP-Protocol-Version header value
// is one we accept on a sessioned request.
func validHeaderVersion(v string) bool { return slices.Contains(sessionedVersions, v) }

// headerVersion is an MCP-Protocol-Version header's value as a string:
// a revision we know is our constant (no copy per request), anything
// else a copy.
func headerVersion(b []byte) string {
	for _, v := range allVersions {
		if string(b) == v {
			return v
		}
	}
	return string(b)
}
