package discordtest

import (
	"strings"

	api "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// looseProbe stands in for a malformed id while looking for the template a
// path was aimed at; no seeded or created id is this value.
const looseProbe = "1000000000000000001"

// matchLoose finds the served row a path would reach if its one malformed
// id were a snowflake. route.Parse only matches ids to id placeholders, but
// Discord routes /channels/abc to the channel route and answers 50035
// naming channel_id; the row's handler does that when it reads the
// parameter, so the malformed value is put back into the parsed route.
func matchLoose(method, path string) (*route, api.Route, bool) {
	segs := strings.Split(path, "/")
	for i := 2; i < len(segs); i++ { // segs[0] is "", segs[1] the resource
		bad := segs[i]
		if bad == "" || isDigits(bad) {
			continue
		}
		segs[i] = looseProbe
		r, rt, _ := match(method, strings.Join(segs, "/"))
		segs[i] = bad
		if r == nil {
			continue
		}
		for j := 0; j < rt.NParams; j++ {
			if rt.Params[j].Value == looseProbe && strings.HasSuffix(rt.Params[j].Name, "_id") {
				rt.Params[j].Value = bad
				return r, rt, true
			}
		}
	}
	return nil, api.Route{}, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
