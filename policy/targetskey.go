package policy

import "strings"

// TargetsKey names the scope's X-Target-Guilds, -Channels and -Users sets
// as one stable string: two scopes with the same key see the same
// filtered answers, so a cache of filtered answers may key on it.
func (s *Scope) TargetsKey() string {
	var b strings.Builder
	for i, set := range [...]idSet{s.guilds, s.channels, s.users} {
		if i > 0 {
			b.WriteByte('|')
		}
		if set.any {
			b.WriteByte('*')
			continue
		}
		b.WriteString(strings.Join(set.sorted(), ","))
	}
	return b.String()
}
