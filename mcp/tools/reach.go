package tools

import (
	"math"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// refusedByReach says why the firewall would refuse every call of sp
// under s, whatever its arguments, read from the route facts policy
// applies (policy/reach.go): the audit log while users are restricted, a
// role grant by path while X-Permission-Bits is set, a webhook while
// channels are. Such a tool is not listed, and a call says why. ""
// when some call could pass. What it reads from s is in appendListKey.
//
// It applies to the administration toolsets for now: the other toolsets'
// firewall tests call their always-refused tools through /v1/tools/call,
// which answers "unknown tool" for a tool not listed.
func refusedByReach(s *policy.Scope, sp *spec) string {
	if sp.local || sp.method == anyMethod || !hidesByReach[sp.toolset] {
		return ""
	}
	f := route.Lookup(sp.method, sp.path)
	places, rule := s.FiltersChannels() || s.FiltersGuilds(), "X-Target-Channels"
	if !s.FiltersChannels() {
		rule = "X-Target-Guilds"
	}
	switch {
	case places && (f.Has(route.Unresolvable) || f.Has(route.Untargeted)):
		return sp.name + " cannot be tied to one guild or channel; refused while " + rule + " is restricted"
	case s.FiltersUsers() && (f.Has(route.UnnamedUsers) || f.Has(route.HidesUsers)):
		return sp.name + " reaches users it does not name; refused while X-Target-Users is restricted"
	case s.FiltersChannels() && (f.Has(route.ObjectInChannel) || f.Has(route.HidesChannels)):
		return sp.name + " reaches channels it does not name; refused while X-Target-Channels is restricted"
	case f.Has(route.GrantsRoles) && !s.HasPermissions(math.MaxInt64):
		return sp.name + " hands out or reorders roles, whose bits the proxy cannot see; refused while X-Permission-Bits is set"
	}
	return ""
}

// hidesByReach are the toolsets whose always-refused tools are not listed.
var hidesByReach = map[string]bool{tsGuild: true, tsMembers: true, tsModeration: true, tsRoles: true, tsUsers: true}
