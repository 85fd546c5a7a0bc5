package proxy

import (
	"context"
	"errors"
	"time"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

type toolKey struct{}

// WithTool names the tool a request is made for, so a refusal at the
// choke point is audited with it.
func WithTool(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, toolKey{}, name)
}

// SetAudit installs the audit trail (nil: none); call it while wiring.
func (p *Proxy) SetAudit(w *audit.Writer) { p.audit = w }

// subjectOf names the caller for the audit trail: the bearer token's sub,
// or a fingerprint of the Discord token (never the token).
func subjectOf(s *policy.Scope) string {
	switch {
	case s == nil:
		return ""
	case s.Subject() != "":
		return s.Subject()
	case s.Fingerprint() != "":
		return "fp:" + s.Fingerprint()
	}
	return ""
}

// auditRequest records a passthrough request (answered or refused) and a
// refusal of any caller's request at the choke point. A tool's requests
// that went through are covered by its tool line (AuditTool).
func (p *Proxy) auditRequest(ctx context.Context, req *Request, resp *Response, err error, start time.Time) {
	if p.audit == nil || req.internal || (!req.Passthrough && err == nil) {
		return
	}
	s := policy.FromContext(ctx)
	e := audit.Entry{
		Kind: "refusal", Subject: subjectOf(s), Bot: s.Bot(), Method: req.Method,
		Duration: time.Since(start), Source: "mcp", Outcome: "ok",
	}
	if req.Passthrough {
		e.Kind, e.Tool = "passthrough", "passthrough"
	} else {
		e.Tool, _ = ctx.Value(toolKey{}).(string)
	}
	var r route.Route
	if resp != nil {
		r, e.Status, e.Source, e.Wait = resp.Route, resp.Status, "discord", resp.Waited
		if !resp.OK() {
			e.Outcome = "discord_error"
		}
	} else if parsed, perr := route.Parse(req.Method, req.Path); perr == nil {
		r = parsed
	}
	// The template, never the raw path (a webhook path holds its token),
	// and (unknown) for a template built from the path.
	e.Route, e.Guild, e.Channel = r.Label(), r.Param("guild_id"), r.Param("channel_id")
	var pe *Error
	if errors.As(err, &pe) {
		e.Status, e.Outcome, e.Rule = pe.Status, string(pe.Kind), string(pe.Kind)
		var d *policy.Denied
		if errors.As(err, &d) {
			e.Rule = d.Rule
		}
	} else if err != nil {
		e.Outcome = "error"
	}
	if p.audit.Content() {
		e.Content = gjson.GetBytes(req.Body, "content").String()
	}
	p.recordAudit(e)
}

// AuditTool records one finished tool call for the caller s. The catalog
// fills tool, target, outcome, source and duration.
func (p *Proxy) AuditTool(s *policy.Scope, e audit.Entry) {
	if p.audit == nil {
		return
	}
	e.Kind, e.Subject = "tool", subjectOf(s)
	if s != nil {
		e.Bot = s.Bot()
	}
	p.recordAudit(e)
}

func (p *Proxy) recordAudit(e audit.Entry) {
	if err := p.audit.Record(e); err != nil {
		p.log.Error().Err(err).Msg("audit line not written")
	}
}
