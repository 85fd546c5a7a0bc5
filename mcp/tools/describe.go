package tools

import "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"

// describeRequest spells a request as the examples and previews do:
// "METHOD /path?query body".
func describeRequest(r *proxy.Request) string {
	s := r.Method + " " + r.Path
	if r.Query != "" {
		s += "?" + r.Query
	}
	switch {
	case len(r.Body) > 0 && r.ContentType != "":
		s += " " + describeForm(r)
	case len(r.Body) > 0:
		s += " " + string(r.Body)
	}
	return s
}
