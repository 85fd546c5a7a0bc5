package proxy

import (
	"context"
	"errors"
	"fmt"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// checked is a request body after policy: what goes upstream.
type checked struct {
	body  []byte
	ctype string // "" for JSON (or no body); a multipart form's own type
}

// checkBody runs policy over req: the path and query, and the body, which
// is JSON or a multipart form whose JSON (payload_json) policy reads like
// a JSON body. A form is re-encoded with the rewritten JSON and the same
// files, so Discord reads exactly what was checked.
func (p *Proxy) checkBody(ctx context.Context, s *policy.Scope, r *route.Route, req *Request) (checked, error) {
	body := req.Body
	var form *policy.Form
	if policy.IsMultipart(req.ContentType) {
		var err error
		if form, err = policy.ReadForm(r, req.ContentType, req.Body); err != nil {
			return checked{}, policyError(err)
		}
		body = form.JSON
	}
	err := s.Check(ctx, r, body, p.cache)
	if err == nil {
		err = s.CheckQuery(ctx, r, req.Query, p.cache)
	}
	if err != nil {
		return checked{}, policyError(err)
	}
	if body, err = s.Rewrite(r, body); err != nil {
		return checked{}, &Error{Kind: InvalidInput, Status: 400, Err: err, Msg: err.Error(),
			Resolution: "Send a valid JSON object body."}
	}
	if form == nil {
		return checked{body: body}, nil
	}
	out, ctype, err := form.Encode(r, body)
	if err != nil {
		return checked{}, fmt.Errorf("proxy: re-encode form: %w", err)
	}
	return checked{body: out, ctype: ctype}, nil
}

// policyError turns policy's refusals into the proxy's errors.
func policyError(err error) error {
	var d *policy.Denied
	if errors.As(err, &d) {
		return &Error{Kind: PermissionDenied, Status: 403, Err: err, Msg: d.Error(),
			Resolution: "The operator's scope for this caller does not allow it; ask for a wider scope or pick an allowed target."}
	}
	var bf *policy.BadForm
	if errors.As(err, &bf) {
		return &Error{Kind: InvalidInput, Status: 400, Err: err, Msg: bf.Error(),
			Resolution: "Send multipart/form-data with the JSON fields in one payload_json part and files as files[n]."}
	}
	return fmt.Errorf("proxy: policy check: %w", err)
}
