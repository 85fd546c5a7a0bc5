package main

import (
	"encoding/json"
	"strings"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// isWellKnown reports whether path is one of the auth documents.
func isWellKnown(path string) bool {
	return path == wellKnownJWKS || path == wellKnownPRM || strings.HasPrefix(path, wellKnownPRM+"/")
}

// serveWellKnown answers /.well-known/jwks.json (bearer mode: the public
// keys of this proxy's tokens) and /.well-known/oauth-protected-resource
// (oauth mode: RFC 9728 metadata naming the authorization server).
func (a *app) serveWellKnown(rc *fasthttp.RequestCtx, path string) {
	rc.Response.Header.Set("X-Response-Src", "mcp")
	rc.SetContentType("application/json")
	if !rc.IsGet() && !rc.IsHead() {
		rc.SetStatusCode(fasthttp.StatusMethodNotAllowed)
		rc.SetBodyString(`{"error":"use GET"}`)
		return
	}
	as := a.authn
	switch {
	case path == wellKnownJWKS && as.keys != nil:
		rc.Response.Header.Set("Cache-Control", "max-age=60")
		rc.SetBody(as.keys.JWKS())
	case path != wellKnownJWKS && as.cfg.Mode == policy.AuthOAuth:
		body, _ := json.Marshal(map[string]any{
			"resource":                 as.resource(string(rc.Host())),
			"authorization_servers":    []string{as.cfg.OAuthIssuer},
			"bearer_methods_supported": []string{"header"},
			"resource_name":            "discord-mcp-proxy",
		})
		rc.SetBody(body)
	default:
		rc.SetStatusCode(fasthttp.StatusNotFound)
		rc.SetBodyString(`{"error":"not served in --auth ` + as.cfg.Mode + ` mode"}`)
	}
}
