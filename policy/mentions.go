package policy

import (
	"slices"

	"github.com/tidwall/gjson"
)

// defaultMentions is DESIGN.md's default: nobody is pinged.
const defaultMentions = `{"parse":[]}`

// mentions is a parsed allowed_mentions object. For users and roles, all
// means parse contains the kind; otherwise list names the allowed ids.
type mentions struct {
	everyone           bool
	rolesAll, usersAll bool
	roles, users       idSet // never any; used when *All is false
	repliedUser        bool
}

// parseMentions validates an allowed_mentions object: only parse, roles,
// users and replied_user; parse ⊆ {roles, users, everyone}; at most 100
// snowflakes per list; a kind cannot be both parsed and listed (Discord
// refuses that); no duplicate keys (which parser wins would be a guess).
func parseMentions(v string) (mentions, string) {
	var m mentions
	m.roles.ids = map[string]struct{}{}
	m.users.ids = map[string]struct{}{}
	if !gjson.Valid(v) {
		return m, "not valid JSON"
	}
	root := gjson.Parse(v)
	if !root.IsObject() {
		return m, "want a JSON object such as {\"parse\":[]}"
	}
	var bad string
	seen := map[string]bool{}
	root.ForEach(func(k, val gjson.Result) bool {
		if seen[k.Str] {
			bad = "duplicate key " + quote(k.Str)
			return false
		}
		seen[k.Str] = true
		if val.Type == gjson.Null {
			return true
		}
		switch k.Str {
		case "parse":
			bad = m.readParse(val)
		case "roles":
			bad = readIDList(val, m.roles, "roles")
		case "users":
			bad = readIDList(val, m.users, "users")
		case "replied_user":
			if val.Type != gjson.True && val.Type != gjson.False {
				bad = "replied_user must be true or false"
			}
			m.repliedUser = val.Type == gjson.True
		default:
			bad = "unknown key " + quote(k.Str) + " (want parse, roles, users, replied_user)"
		}
		return bad == ""
	})
	if bad != "" {
		return m, bad
	}
	if m.rolesAll && len(m.roles.ids) > 0 {
		return m, `"roles" in parse and a roles list are mutually exclusive`
	}
	if m.usersAll && len(m.users.ids) > 0 {
		return m, `"users" in parse and a users list are mutually exclusive`
	}
	return m, ""
}

func (m *mentions) readParse(val gjson.Result) string {
	if !val.IsArray() {
		return "parse must be an array"
	}
	var bad string
	val.ForEach(func(_, t gjson.Result) bool {
		switch {
		case t.Type != gjson.String:
			bad = "parse items must be strings"
		case t.Str == "roles":
			m.rolesAll = true
		case t.Str == "users":
			m.usersAll = true
		case t.Str == "everyone":
			m.everyone = true
		default:
			bad = "parse item " + quote(t.Str) + " is not roles, users or everyone"
		}
		return bad == ""
	})
	return bad
}

func readIDList(val gjson.Result, into idSet, name string) string {
	if !val.IsArray() {
		return name + " must be an array of snowflakes"
	}
	var bad string
	n := 0
	val.ForEach(func(_, t gjson.Result) bool {
		n++
		switch {
		case n > 100:
			bad = name + " lists more than 100 ids"
		case t.Type != gjson.String || !isSnowflake(t.Str):
			bad = name + " items must be snowflake strings"
		default:
			into.ids[t.Str] = struct{}{}
		}
		return bad == ""
	})
	return bad
}

// narrowKind intersects one kind (roles or users): all ∩ X = X.
func narrowKind(aAll bool, a idSet, bAll bool, b idSet) (bool, idSet) {
	switch {
	case aAll && bAll:
		return true, b
	case aAll:
		return false, b
	case bAll:
		return false, a
	}
	return false, a.intersect(b)
}

// narrow returns m ∩ h: h can only take away.
func (m mentions) narrow(h mentions) mentions {
	r := mentions{
		everyone:    m.everyone && h.everyone,
		repliedUser: m.repliedUser && h.repliedUser,
	}
	r.rolesAll, r.roles = narrowKind(m.rolesAll, m.roles, h.rolesAll, h.roles)
	r.usersAll, r.users = narrowKind(m.usersAll, m.users, h.usersAll, h.users)
	return r
}

// setMentions forces m, kept within the scope's users, onto messages.
func (s *Scope) setMentions(m mentions) {
	m = m.withinUsers(s.users)
	// Clipped: scopes share the ceiling's encoding, so an append to one
	// must never write into another's.
	s.AllowedMentions = slices.Clip(m.encode())
	s.mentionsOpen = m.everyone && m.rolesAll && m.usersAll && m.repliedUser
}

// withinUsers keeps pings inside X-Target-Users: pinging someone is
// touching them. @everyone and role pings reach every member (or holder),
// whom the request does not name, so they go; so does a reply ping, which
// names a user we cannot see.
func (m mentions) withinUsers(users idSet) mentions {
	if users.any {
		return m
	}
	m.everyone, m.rolesAll, m.roles = false, false, idSet{}
	if m.usersAll {
		m.usersAll = false
		m.users = users
		if len(users.ids) > 100 { // Discord's limit: drop rather than widen
			m.users = idSet{}
		}
	} else {
		m.users = m.users.intersect(users)
	}
	m.repliedUser = false
	return m
}

// encode writes the canonical object forced onto messages.
func (m mentions) encode() []byte {
	b := []byte(`{"parse":[`)
	sep := ""
	for _, k := range [...]struct {
		on   bool
		name string
	}{{m.rolesAll, "roles"}, {m.usersAll, "users"}, {m.everyone, "everyone"}} {
		if k.on {
			b = append(b, sep+`"`+k.name+`"`...)
			sep = ","
		}
	}
	b = append(b, ']')
	for _, k := range [...]struct {
		all  bool
		set  idSet
		name string
	}{{m.rolesAll, m.roles, "roles"}, {m.usersAll, m.users, "users"}} {
		if k.all || len(k.set.ids) == 0 {
			continue
		}
		b = append(b, `,"`+k.name+`":[`...)
		for i, id := range k.set.sorted() {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, id...)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	if m.repliedUser {
		b = append(b, `,"replied_user":true`...)
	}
	return append(b, '}')
}
