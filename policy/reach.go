package policy

import (
	"bytes"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/tidwall/gjson"
)

// checkReach applies the route facts about whom a request reaches:
//   - unresolvable routes (webhook and interaction tokens, invites,
//     lobbies: policy cannot learn their channel) while channels or guilds
//     are restricted;
//   - untargeted writes (renaming the bot, global commands, creating a
//     guild: they act wherever the bot is) while channels or guilds are
//     restricted;
//   - mass actions on users the request does not name (prune, clearing
//     reactions) while users are restricted;
//   - reads whose answers list channels or users in a form that cannot be
//     filtered (audit log, widget) while those are restricted;
//   - writes to an object in a channel the path does not name (scheduled
//     events, auto-moderation rules) while channels are restricted.
func (s *Scope) checkReach(r *route.Route, f route.Facts) error {
	places := !s.channels.any || !s.guilds.any
	rule := hTargetChannels
	if s.channels.any {
		rule = hTargetGuilds
	}
	switch {
	case places && f.Has(route.Unresolvable):
		return deny(rule, r.Label()+" cannot be tied to a channel; refused while "+rule+" is restricted")
	case places && f.Has(route.Untargeted):
		return deny(rule, r.Method+" "+r.Label()+" acts beyond any one guild or channel; refused while "+rule+" is restricted")
	case !s.users.any && f.Has(route.UnnamedUsers):
		return deny(hTargetUsers, r.Method+" "+r.Label()+" acts on users it does not name; refused while X-Target-Users is restricted")
	case !s.users.any && f.Has(route.HidesUsers):
		return deny(hTargetUsers, r.Label()+" answers with users that cannot be filtered; refused while X-Target-Users is restricted")
	case !s.channels.any && f.Has(route.ObjectInChannel):
		return deny(hTargetChannels, r.Method+" "+r.Label()+" acts on an object in a channel the path does not name; refused while X-Target-Channels is restricted")
	case !s.channels.any && f.Has(route.HidesChannels):
		return deny(hTargetChannels, r.Label()+" answers with channels that cannot be filtered; refused while X-Target-Channels is restricted")
	}
	return s.checkIntents(r, f)
}

// checkIntents refuses routes whose answer is what a missing privileged
// intent withholds: the member list (Discord gates it on server_members)
// and member presences (the widget's statuses and activities).
func (s *Scope) checkIntents(r *route.Route, f route.Facts) error {
	switch {
	case f.Has(route.NeedsMembersIntent) && !s.HasIntents("server_members"):
		return deny(hPrivilegedIntents, r.Label()+" lists members, which needs server_members in X-Privileged-Intents")
	case f.Has(route.NeedsPresenceIntent) && !s.HasIntents("presence"):
		return deny(hPrivilegedIntents, r.Label()+" answers with presences, which needs presence in X-Privileged-Intents")
	}
	return nil
}

// checkRoleGrants refuses, while X-Permission-Bits is set, the routes that
// hand out existing roles or reorder them (a role's bits are unknown here,
// so granting one could exceed the ceiling): always for routes that grant
// by their path, and for the others when the body names any role.
func (s *Scope) checkRoleGrants(f route.Facts, body []byte) error {
	if s.perms == allPerms {
		return nil
	}
	if f.Has(route.GrantsRoles) || f.Has(route.GrantsRolesByBody) && namesRoles(body) {
		return deny(hPermissionBits, "granting or reordering roles could exceed X-Permission-Bits")
	}
	return nil
}

// namesRoles reports whether a body has a "roles" or "role_ids" member
// other than null or [] at any depth, however the key is spelled (\u
// escapes are decoded). A body that is not JSON counts as naming roles:
// it cannot be read, so it is not trusted.
func namesRoles(body []byte) bool {
	if isBlank(body) {
		return false
	}
	if !gjson.ValidBytes(body) {
		return true
	}
	found := false
	var walk func(v gjson.Result, depth int)
	walk = func(v gjson.Result, depth int) {
		if depth > maxBodyDepth {
			found = true
			return
		}
		v.ForEach(func(k, val gjson.Result) bool {
			if (k.Str == "roles" || k.Str == "role_ids") && val.Type != gjson.Null && !isEmptyArray(val) {
				found = true
			} else if val.IsObject() || val.IsArray() {
				walk(val, depth+1)
			}
			return !found
		})
	}
	walk(gjson.ParseBytes(body), 0)
	return found
}

func isEmptyArray(v gjson.Result) bool {
	if !v.IsArray() {
		return false
	}
	empty := true
	v.ForEach(func(_, _ gjson.Result) bool { empty = false; return false })
	return empty
}

// checkStartNotification refuses a stage instance whose
// send_start_notification (any duplicate) is not false or null: it pings
// @everyone, which the scope's allowed mentions must allow.
func (s *Scope) checkStartNotification(root gjson.Result) error {
	if s.mentionsEveryone() {
		return nil
	}
	var err error
	root.ForEach(func(k, v gjson.Result) bool {
		if k.Str == "send_start_notification" && v.Type != gjson.False && v.Type != gjson.Null {
			err = deny(hAllowedMentions, "send_start_notification pings @everyone, which X-Allowed-Mentions does not allow")
		}
		return err == nil
	})
	return err
}

// mentionsEveryone reports whether the forced allowed_mentions lets
// @everyone ping (encode writes "everyone" only into parse).
func (s *Scope) mentionsEveryone() bool {
	return bytes.Contains(s.AllowedMentions, []byte(`"everyone"`))
}
