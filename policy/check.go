package policy

import (
	"context"
	"strings"
	"unsafe"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
	"github.com/tidwall/gjson"
)

// Denied is a request outside the scope. Its message names the rule and the
// offending id only, never the rest of the scope (nor a path, which may
// hold a webhook token).
type Denied struct {
	Rule string // the header whose limit was hit, or "route" / "body"
	Msg  string
	err  error // a resolver failure behind the refusal, for errors.Is
}

func (d *Denied) Error() string { return d.Msg }
func (d *Denied) Unwrap() error { return d.err }

// ChannelInfo is what policy needs to know about a channel.
type ChannelInfo struct {
	ID, GuildID, ParentID, Name string
	Type                        int
	Overwrites                  []byte   // raw JSON
	Recipients                  []string // a DM's users (ids)
}

// Resolver answers "what is this channel?"; the proxy's metadata cache
// implements it. Check calls it only when a restriction needs the answer.
type Resolver interface {
	Channel(ctx context.Context, id string) (ChannelInfo, error)
}

// Discord channel types that matter to policy.
const (
	chanDM           = 1
	chanGroupDM      = 3
	chanNewsThread   = 10
	chanPublicThread = 11
	chanPrivThread   = 12
)

const (
	maxBodyDepth = 64  // deeper JSON is refused rather than walked
	maxResolves  = 500 // channel look-ups one request may cause
)

func deny(rule, msg string) error { return &Denied{Rule: rule, Msg: msg} }

// showID prints an id from the request only when it is a snowflake, so a
// caller cannot make the message say anything.
func showID(id string) string {
	if isSnowflake(id) {
		return id
	}
	return "(malformed id)"
}

// Check returns nil when the request is within the scope, or a *Denied.
//
// Order: method, route known, path patterns, then every guild, channel and
// user the request touches, from the path and from the body, and the
// permission bits a body would grant. Unknown routes are refused unless
// the operator allows them (see checkUnknown). body may be nil.
func (s *Scope) Check(ctx context.Context, r *route.Route, body []byte, res Resolver) error {
	if !s.methods.has(r.Method) {
		return deny(hAllowedMethods, "method "+methodName(r.Method)+" is outside X-Allowed-Methods")
	}
	if !r.Known {
		if err := s.checkUnknown(body); err != nil {
			return err
		}
	}
	for _, l := range s.paths {
		if !l.match(r.Path) {
			return deny(hAllowedPaths, r.Method+" "+r.Label()+" is outside X-Allowed-Paths")
		}
	}
	f := r.Facts()
	if f.Shape == route.ShapeForeignWebhook {
		return deny(hAllowedMentions, "Slack- and GitHub-compatible webhook bodies cannot carry a forced allowed_mentions")
	}
	if err := s.checkReach(r, f); err != nil {
		return err
	}
	if err := s.checkRoleGrants(f, body); err != nil {
		return err
	}
	c := checker{s: s, ctx: ctx, res: res}
	for i := 0; i < r.NParams && i < len(r.Params); i++ {
		if err := c.param(r.Params[i]); err != nil {
			return err
		}
	}
	return c.body(r, f.Shape, body)
}

// checkUnknown decides a path that is not one of Discord's published
// routes. Targets are read from a route's template, so such a path would
// escape the target rules, and its body has no known shape for the
// permission check or for forcing allowed_mentions, and its answer none
// for withholding message content: it passes only for a privileged caller
// when the operator gave --allow-unknown-routes and nothing of that is
// restricted (a body only while mentions are unrestricted).
func (s *Scope) checkUnknown(body []byte) error {
	switch {
	case !s.unknownRoutes || !s.privileged:
		return deny("route", "the path is not one of Discord's published routes")
	case !s.guilds.any || !s.channels.any || !s.users.any:
		return deny("route", "the path is not one of Discord's published routes; refused while targets are restricted")
	case s.perms != allPerms:
		return deny(hPermissionBits, "the path is not one of Discord's published routes; refused while X-Permission-Bits is set")
	case !isBlank(body) && !s.mentionsOpen:
		return deny(hAllowedMentions, "the path is not one of Discord's published routes: allowed_mentions cannot be forced onto a body of unknown shape, so a body is refused while mentions are restricted")
	case !s.HasIntents("message_content"):
		return deny(hPrivilegedIntents, "the path is not one of Discord's published routes: its answer cannot be stripped of message content, which needs message_content in X-Privileged-Intents")
	}
	return nil
}

func methodName(m string) string {
	if methodBit(m) != 0 {
		return m
	}
	return "(other)"
}

// checker carries one Check call.
type checker struct {
	s        *Scope
	ctx      context.Context
	res      Resolver
	resolves int
}

// param checks one path placeholder by its name in the template.
func (c *checker) param(p route.Param) error {
	switch {
	case p.Name == "guild_id":
		return c.guild(p.Value)
	case p.Name == "channel_id":
		return c.channel(p.Value)
	case p.Name == "user_id" || strings.HasPrefix(p.Name, "user_id_"):
		return c.user(p.Value)
	}
	return nil // overwrite_id depends on the body: see body
}

func (c *checker) guild(id string) error {
	if c.s.guilds.has(id) {
		return nil
	}
	return deny(hTargetGuilds, "guild "+showID(id)+" is outside X-Target-Guilds")
}

func (c *checker) user(id string) error {
	if id == "@me" || c.s.users.has(id) { // @me is the bot itself
		return nil
	}
	return deny(hTargetUsers, "user "+showID(id)+" is outside X-Target-Users")
}

func isThread(t int) bool { return t == chanNewsThread || t == chanPublicThread || t == chanPrivThread }

// channel checks a channel against X-Target-Channels (a thread passes by
// its parent), X-Target-Guilds (by the guild it is in; a DM is in none, so
// it fails) and X-Target-Users (a DM touches a user policy cannot see: it
// passes only when listed by id in X-Target-Channels). The resolver is
// asked at most once, and only when one of these is restricted and the
// id alone does not settle it.
func (c *checker) channel(id string) error {
	s := c.s
	if s.channels.any && s.guilds.any && s.users.any {
		return nil
	}
	if !isSnowflake(id) {
		// Not worth a look-up, and not something to pass on to the cache.
		rule := hTargetChannels
		switch {
		case !s.channels.any:
		case !s.guilds.any:
			rule = hTargetGuilds
		default:
			rule = hTargetUsers
		}
		return deny(rule, "channel (malformed id) cannot be checked against "+rule)
	}
	listed := !s.channels.any && s.channels.has(id)
	var info ChannelInfo
	have := false
	if !s.channels.any && !listed {
		var err error
		if info, err = c.resolve(id); err != nil {
			return err
		}
		have = true
		if !isThread(info.Type) || info.ParentID == "" || !s.channels.has(info.ParentID) {
			return deny(hTargetChannels, "channel "+showID(id)+" is outside X-Target-Channels")
		}
	}
	needUsers := !s.users.any && !(listed && s.AllowsDMs())
	if !have && (!s.guilds.any || needUsers) {
		var err error
		if info, err = c.resolve(id); err != nil {
			return err
		}
	}
	if !s.guilds.any {
		if info.GuildID == "" {
			return deny(hTargetGuilds, "channel "+showID(id)+" is in no guild; X-Target-Guilds is restricted")
		}
		if !s.guilds.has(info.GuildID) {
			return deny(hTargetGuilds, "channel "+showID(id)+" is in guild "+showID(info.GuildID)+", outside X-Target-Guilds")
		}
	}
	if needUsers && (info.Type == chanDM || info.Type == chanGroupDM) && !s.allowsAll(info.Recipients) {
		return deny(hTargetUsers, "channel "+showID(id)+" is a DM with a user outside X-Target-Users")
	}
	return nil
}

func (c *checker) resolve(id string) (ChannelInfo, error) {
	if c.res == nil {
		return ChannelInfo{}, deny("channel", "channel "+showID(id)+" cannot be looked up to check the target rules")
	}
	if c.resolves++; c.resolves > maxResolves {
		return ChannelInfo{}, deny("body", "the request names too many channels to check")
	}
	info, err := c.res.Channel(c.ctx, id)
	if err != nil {
		return info, &Denied{Rule: "channel", Msg: "channel " + showID(id) + " could not be looked up to check the target rules", err: err}
	}
	return info, nil
}

// b2s views body as a string without copying; Check never keeps it.
func b2s(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// body checks what the body touches and grants. It walks every member of
// every object, so duplicate keys (where Discord's parser keeps the last
// and gjson's Get the first) are all checked.
func (c *checker) body(r *route.Route, k route.Shape, body []byte) error {
	s := c.s
	restricted := !s.channels.any || !s.guilds.any || !s.users.any || s.perms != allPerms
	message := k == route.ShapeMessage || k == route.ShapeForumPost || k == route.ShapeCallback || k == route.ShapeStageInstance
	blank := isBlank(body)
	if k == route.ShapeDMCreate && !s.AllowsDMs() {
		return deny(hTargetUsers, "direct messages are outside X-Target-Users")
	}
	if blank {
		if k == route.ShapeDMCreate && !s.users.any {
			return deny(hTargetUsers, "a DM needs a recipient_id within X-Target-Users")
		}
		if k == route.ShapeOverwrite && !s.users.any {
			return c.user(r.Param("overwrite_id"))
		}
		return nil
	}
	js := b2s(body)
	if !gjson.Valid(js) {
		if !restricted && !message {
			return nil // nothing here is read, so nothing is guessed
		}
		// Multipart bodies land here too: their payload_json cannot be
		// checked, nor can mentions be forced into it.
		return deny("body", "the body is not JSON; only JSON bodies can be checked")
	}
	root := gjson.Parse(js)
	if err := unambiguous(root); err != nil {
		return err
	}
	if k == route.ShapeStageInstance {
		if err := s.checkStartNotification(root); err != nil {
			return err
		}
	}
	if !restricted {
		return nil
	}
	switch k {
	case route.ShapeDMCreate:
		if err := c.dmShape(root); err != nil {
			return err
		}
	case route.ShapeOverwrite:
		if !s.users.any && (r.Method == "DELETE" || !isRoleOverwrite(root)) {
			if err := c.user(r.Param("overwrite_id")); err != nil {
				return err
			}
		}
	case route.ShapePositions:
		if err := c.positions(root); err != nil {
			return err
		}
	}
	return c.walk(root, 0)
}

// dmShape requires a plain DM to one recipient while users are restricted:
// a group DM (access_tokens, nicks) names users policy does not check.
func (c *checker) dmShape(root gjson.Result) error {
	if c.s.users.any {
		return nil
	}
	ok := root.IsObject()
	seen := false
	root.ForEach(func(k, _ gjson.Result) bool {
		switch k.Str {
		case "recipient_id":
			seen = true
		case "access_tokens", "nicks":
			ok = false
		}
		return ok
	})
	if !ok || !seen {
		return deny(hTargetUsers, "a DM needs a recipient_id within X-Target-Users")
	}
	return nil
}

// isRoleOverwrite reports whether every "type" of an overwrite body says
// role (0); anything else, or no type, is treated as a member.
func isRoleOverwrite(o gjson.Result) bool {
	role, seen := true, false
	o.ForEach(func(k, v gjson.Result) bool {
		if k.Str == "type" {
			seen = true
			role = role && (v.Raw == "0" || v.Str == "0" || v.Str == "role")
		}
		return true
	})
	return role && seen
}

// positions checks the channel ids of a channel positions body.
func (c *checker) positions(root gjson.Result) error {
	var err error
	root.ForEach(func(_, item gjson.Result) bool {
		item.ForEach(func(k, v gjson.Result) bool {
			if k.Str == "id" {
				err = c.ids(v, keyChannel)
			}
			return err == nil
		})
		return err == nil
	})
	return err
}

type keyKind uint8

const (
	keyOther keyKind = iota
	keyChannel
	keyGuild
	keyUser
	keyPerms
	keyOverwrites
)

// classify names the body members that touch a target or grant bits,
// wherever they appear: message_reference.channel_id, parent_id,
// *_channel_id settings, recipient_id, user_ids, role permissions,
// overwrite allow bits.
func classify(k string) keyKind {
	switch k {
	case "channel_id", "parent_id", "channel_ids", "exempt_channels":
		return keyChannel
	case "guild_id":
		return keyGuild
	case "user_id", "user_ids", "recipient_id", "owner_id":
		return keyUser
	case "permissions", "allow":
		return keyPerms
	case "permission_overwrites":
		return keyOverwrites
	}
	switch {
	case strings.HasSuffix(k, "_channel_id"), strings.HasSuffix(k, "_channel_ids"):
		return keyChannel
	case strings.HasSuffix(k, "_guild_id"):
		return keyGuild
	case strings.HasSuffix(k, "_user_id"), strings.HasSuffix(k, "_user_ids"):
		return keyUser
	}
	return keyOther
}

func (c *checker) walk(v gjson.Result, depth int) error {
	if depth > maxBodyDepth {
		return deny("body", "the body is nested too deeply to check")
	}
	var err error
	if v.IsObject() {
		v.ForEach(func(k, val gjson.Result) bool {
			err = c.member(k.Str, val, depth)
			return err == nil
		})
	} else if v.IsArray() {
		v.ForEach(func(_, val gjson.Result) bool {
			if val.IsObject() || val.IsArray() {
				err = c.walk(val, depth+1)
			}
			return err == nil
		})
	}
	return err
}

func (c *checker) member(key string, val gjson.Result, depth int) error {
	switch kk := classify(key); kk {
	case keyChannel, keyGuild, keyUser:
		return c.ids(val, kk)
	case keyPerms:
		return c.grant(key, val)
	case keyOverwrites:
		if !c.s.users.any && val.IsArray() {
			var err error
			val.ForEach(func(_, o gjson.Result) bool {
				err = c.overwriteTarget(o)
				return err == nil
			})
			if err != nil {
				return err
			}
		}
	}
	if val.IsObject() || val.IsArray() {
		return c.walk(val, depth+1)
	}
	return nil
}

// overwriteTarget checks a member overwrite's id against X-Target-Users.
func (c *checker) overwriteTarget(o gjson.Result) error {
	if !o.IsObject() || isRoleOverwrite(o) {
		return nil
	}
	var err error
	o.ForEach(func(k, v gjson.Result) bool {
		if k.Str == "id" {
			err = c.ids(v, keyUser)
		}
		return err == nil
	})
	return err
}

// ids checks one id or an array of ids; null means "none" (e.g. leaving a
// category) and passes. Any other shape is refused: it is not what Discord
// accepts, and guessing how Discord would read it is how bypasses start.
func (c *checker) ids(v gjson.Result, kk keyKind) error {
	switch v.Type {
	case gjson.Null:
		return nil
	case gjson.String:
		return c.one(v.Str, kk)
	case gjson.Number:
		return c.one(v.Raw, kk)
	}
	if !v.IsArray() {
		return c.one("", kk)
	}
	var err error
	v.ForEach(func(_, e gjson.Result) bool {
		switch e.Type {
		case gjson.String:
			err = c.one(e.Str, kk)
		case gjson.Number:
			err = c.one(e.Raw, kk)
		case gjson.Null:
		default:
			err = c.one("", kk)
		}
		return err == nil
	})
	return err
}

func (c *checker) one(id string, kk keyKind) error {
	switch kk {
	case keyChannel:
		return c.channel(id)
	case keyGuild:
		return c.guild(id)
	}
	return c.user(id)
}

// allowsAll reports whether ids name at least one user and every one is
// within X-Target-Users: a DM passes by its recipients.
func (s *Scope) allowsAll(ids []string) bool {
	for _, id := range ids {
		if !s.users.has(id) {
			return false
		}
	}
	return len(ids) > 0
}
