package proxy

import (
	"fmt"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// DryRun is the kind of a write --dry-run kept from Discord.
const DryRun Kind = "DryRunError"

// writeMode applies --read-only and --dry-run to every request that
// reaches the choke point, so the raw passthrough and the raw request
// tool obey them as the catalog's tools do (the catalog also previews
// before it gets here). It runs after policy, so a write the caller may
// not make is refused as such, and before the limiter: nothing is sent.
func (p *Proxy) writeMode(r *route.Route, body []byte) error {
	if reads(r.Method) || !p.cfg.ReadOnly && !p.cfg.DryRun {
		return nil
	}
	what := fmt.Sprintf("%s %s", r.Method, r.Label())
	if len(body) > 0 {
		what += fmt.Sprintf(" with a %d-byte body", len(body))
	}
	if p.cfg.ReadOnly {
		return &Error{Kind: PermissionDenied, Status: 403,
			Msg:        "the proxy is read-only (--read-only): " + what + " was refused and not sent",
			Resolution: "Only GET requests pass; ask the operator if this caller should write."}
	}
	return &Error{Kind: DryRun, Status: 403,
		Msg:        "dry run (--dry-run): nothing was sent; it would send " + what,
		Resolution: "The operator runs this proxy with --dry-run; writes are previewed only."}
}

// reads: methods that change nothing on Discord's side.
func reads(method string) bool { return method == "GET" || method == "HEAD" }
