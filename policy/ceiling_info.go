package policy

// PassthroughEnabled reports the operator's --enable-passthrough.
func (c *Ceiling) PassthroughEnabled() bool { return c.passthroughEnabled }

// Summary describes the ceiling in one line for the startup log: what is
// restricted, never the token.
func (c *Ceiling) Summary() string {
	s := &c.base
	out := ""
	add := func(name string, restricted bool) {
		if restricted {
			if out != "" {
				out += ","
			}
			out += name
		}
	}
	add("methods", s.methods != allMethods)
	add("paths", len(s.paths) > 0)
	add("guilds", !s.guilds.any)
	add("channels", !s.channels.any)
	add("users", !s.users.any)
	add("permission-bits", s.perms != allPerms)
	add("intents", s.intents != allIntents)
	if out == "" {
		return "unrestricted"
	}
	return "restricted: " + out
}
