package route

import (
	"fmt"
	"strings"
)

// special marks routes whose bucket key differs from method+template+major.
type special uint8

const (
	specNone             special = iota
	specReaction                 // any reaction route: one key per channel
	specEmoji                    // guild emoji routes: one key per guild
	specMessage                  // /channels/{channel_id}/messages/{message_id}
	specOldMessageDelete         // DELETE of a message older than 14 days
)

// node is one segment position in the template trie, built once at init.
type node struct {
	lit    map[string]*node // literal children, preferred over params
	params []*node          // placeholder children, in table order

	name      string // placeholder name, for nodes in a parent's params
	snowflake bool   // the placeholder only takes a snowflake

	methods methodBit // methods of the template ending here
	info    *tmplInfo // nil unless a template ends here
}

// tmplInfo is what a matched template tells about a route, precomputed.
type tmplInfo struct {
	template    string
	names       [MaxParams]string
	nparams     int
	major       Major
	majorWidth  int // 1: the id is the major key; 2: "id/token" is
	tokenScoped bool
	special     special
	facts       [5]Facts // by bitIndex of the method, from the facts table
}

var root = buildTrie()

func buildTrie() *node {
	root := &node{}
	for _, row := range templates {
		addTemplate(root, row)
	}
	return root
}

// addTemplate panics on a malformed table: that is a generator bug, caught
// by every test run, never caller input.
func addTemplate(root *node, row templateRow) {
	t := row.template
	info := &tmplInfo{template: t}
	segs := strings.Split(t[1:], "/")
	if len(segs) > maxSegs {
		panic(fmt.Sprintf("route: template %q has more than %d segments", t, maxSegs))
	}
	n := root
	for i, s := range segs {
		name, isParam := strings.CutPrefix(s, "{")
		if !isParam {
			if n.lit == nil {
				n.lit = map[string]*node{}
			}
			if n.lit[s] == nil {
				n.lit[s] = &node{}
			}
			n = n.lit[s]
			continue
		}
		name = strings.TrimSuffix(name, "}")
		if info.nparams == MaxParams {
			panic(fmt.Sprintf("route: template %q has more than MaxParams placeholders", t))
		}
		info.names[info.nparams] = name
		info.nparams++
		if i == 1 {
			info.major = majorOf(segs[0], name)
		}
		var c *node
		for _, p := range n.params {
			if p.name == name {
				c = p
			}
		}
		if c == nil {
			c = &node{name: name, snowflake: takesSnowflake(name)}
			n.params = append(n.params, c)
		}
		n = c
	}
	if n.info != nil {
		panic(fmt.Sprintf("route: template %q listed twice", t))
	}
	n.methods, n.info = row.methods, info
	for i, name := range methodNames {
		info.facts[i] = Lookup(name, t)
	}

	info.majorWidth = 1
	if (info.major == MajorWebhook || info.major == MajorInteraction) && len(segs) > 2 && strings.HasSuffix(segs[2], "_token}") {
		info.majorWidth = 2
		info.tokenScoped = true
	}
	switch {
	case strings.HasPrefix(t, reactionsTemplate):
		info.special = specReaction
	case strings.HasPrefix(t, emojisTemplate):
		info.special = specEmoji
	case t == messageTemplate:
		info.special = specMessage
	}
}

// majorOf names the major parameter. Discord scopes limits by top-level
// resource only, so only the first placeholder right after channels/,
// guilds/, webhooks/ or interactions/ counts (not, say, the guild_id in
// /applications/{application_id}/guilds/{guild_id}/commands).
func majorOf(first, name string) Major {
	switch {
	case first == "channels" && name == "channel_id":
		return MajorChannel
	case first == "guilds" && name == "guild_id":
		return MajorGuild
	case first == "webhooks" && name == "webhook_id":
		return MajorWebhook
	case first == "interactions" && name == "interaction_id":
		return MajorInteraction
	}
	return MajorNone
}

// takesSnowflake reports whether a placeholder only takes an id: names ending
// in _id (or _id_N), except activity instance ids, which are strings like
// "i-1276…-gc-9129…".
func takesSnowflake(name string) bool {
	if name == "instance_id" {
		return false
	}
	if strings.HasSuffix(name, "_id") {
		return true
	}
	i := strings.LastIndex(name, "_id_")
	return i >= 0 && isSnowflake(name[i+len("_id_"):])
}

// matcher walks the trie depth first, literal children before placeholders,
// so /channels/1/messages/pins is the pins route, not a message id.
//
// It records segment indexes, not strings: storing a string loaded through
// segs back into the matcher would make escape analysis move the caller's
// segment array to the heap, costing an allocation per Parse.
type matcher struct {
	segs []string
	m    methodBit
	idx  [MaxParams]uint8 // segment index of each placeholder matched so far

	// The first template that matched the path but not the method: the
	// route is unknown, yet its template still names the resource.
	fallback    *tmplInfo
	fallbackIdx [MaxParams]uint8
}

func (mt *matcher) walk(n *node, i, k int) *tmplInfo {
	if i == len(mt.segs) {
		if n.info == nil {
			return nil
		}
		if n.methods&mt.m != 0 {
			return n.info
		}
		if mt.fallback == nil {
			mt.fallback, mt.fallbackIdx = n.info, mt.idx
		}
		return nil
	}
	s := mt.segs[i]
	if c := n.lit[s]; c != nil {
		if t := mt.walk(c, i+1, k); t != nil {
			return t
		}
	}
	for _, c := range n.params {
		if c.snowflake && !isSnowflake(s) {
			continue
		}
		mt.idx[k] = uint8(i)
		if t := mt.walk(c, i+1, k+1); t != nil {
			return t
		}
	}
	return nil
}

// matchKnown fills r from the template the path matches and reports whether
// one did. A template that matches the path but not the method fills r too
// (Known=false) and reports true.
func matchKnown(r *Route, sp *split, m methodBit) bool {
	mt := matcher{segs: sp.segs[:sp.n], m: m}
	info := mt.walk(root, 0, 0)
	idx := &mt.idx
	if info == nil {
		if mt.fallback == nil {
			return false
		}
		info, idx = mt.fallback, &mt.fallbackIdx
	} else {
		r.Known = true
		r.facts = info.facts[bitIndex(m)]
	}
	r.Template = info.template
	r.NParams = info.nparams
	for j := 0; j < info.nparams; j++ {
		r.Params[j] = Param{Name: info.names[j], Value: sp.segs[idx[j]]}
	}
	r.special = info.special
	setMajor(r, sp, info.major, info.majorWidth)
	return true
}

// setMajor fills the major parameter from segment 1 (and 2 for tokens).
func setMajor(r *Route, sp *split, major Major, width int) {
	if major == MajorNone {
		return
	}
	r.Major = major
	r.MajorID = sp.segs[1]
	r.majorKey = r.MajorID
	if width == 2 {
		r.majorKey = r.Path[sp.off[1] : sp.off[2]+len(sp.segs[2])]
		r.TokenScoped = true
		// Token-authorised requests do not use the bot token, so Discord
		// does not count them against its global limit.
		r.NoGlobal = true
	}
}

// generic fills an unknown route: a template with the major parameter and
// ids replaced by placeholders, so that all ids of one unknown route share a
// bucket key. Unknown routes are rare and may allocate.
func generic(r *Route, sp *split) {
	major, width := MajorNone, 1
	var majorName, tokenName string
	if sp.n >= 2 && isSnowflake(sp.segs[1]) {
		switch sp.segs[0] {
		case "channels":
			major, majorName = MajorChannel, "channel_id"
		case "guilds":
			major, majorName = MajorGuild, "guild_id"
		case "webhooks":
			major, majorName, tokenName = MajorWebhook, "webhook_id", "webhook_token"
		case "interactions":
			major, majorName, tokenName = MajorInteraction, "interaction_id", "interaction_token"
		}
	}
	if tokenName != "" && sp.n >= 3 && !sp.overflow {
		width = 2
	}
	if major != MajorNone {
		r.Params[0] = Param{Name: majorName, Value: sp.segs[1]}
		r.NParams = 1
		if width == 2 {
			r.Params[1] = Param{Name: tokenName, Value: sp.segs[2]}
			r.NParams = 2
		}
	}
	setMajor(r, sp, major, width)

	var b strings.Builder
	b.Grow(len(r.Path) + 16)
	for i, s := range strings.Split(r.Path[1:], "/") {
		b.WriteByte('/')
		switch {
		case i == 1 && major != MajorNone:
			b.WriteString("{" + majorName + "}")
		case i == 2 && width == 2:
			b.WriteString("{" + tokenName + "}")
		case i > 0 && isSnowflake(s):
			b.WriteString("{id}")
		default:
			b.WriteString(s)
		}
	}
	r.Template = b.String()
	r.generic = true
}
