package tools

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// The mcp toolset: tools the proxy answers itself, sending no request of
// their own. get_access_context says what the caller may do (booleans
// and names, never the ids or token of the operator's scope);
// validate_tool_call judges a call as the catalog and the firewall would,
// and says what it would send.

const tsMCP = "mcp"

// anyObjectT is a JSON object of any shape: validate_tool_call's
// arguments, checked by the tool they are meant for.
type anyObjectT struct{ rawEncode }

func (anyObjectT) schema(w *buf) { w.key("type"); w.str("object") }

func (anyObjectT) check(name string, v gjson.Result) error {
	if !v.IsObject() {
		return badArg("%s must be an object (the tool's arguments)", name)
	}
	return nil
}

var mcpSpecs = []*spec{
	{
		name: "get_access_context", title: "Get access context", toolset: tsMCP, local: true,
		desc: "Say what this caller may do here: HTTP methods, whether servers, channels and users are restricted, the permission ceiling by name, privileged intents, forced mentions, the current server/channel/user, toolsets and tools on. Sends nothing to Discord.",
		ann:  mcp.Annotations{Title: "Get access context", ReadOnlyHint: true, IdempotentHint: true},
		run:  accessContext,
		plan: func(*spec, *args) []*proxy.Request { return nil },
		out: []field{
			{name: "methods", typ: oString, desc: "comma list of allowed HTTP methods"},
			{name: "guilds_restricted", typ: oBool},
			{name: "channels_restricted", typ: oBool},
			{name: "users_restricted", typ: oBool},
			{name: "permission_ceiling", typ: oString, nullable: true, desc: "permission names within X-Permission-Bits; null when unrestricted"},
			{name: "intents", typ: oString, desc: "comma list of privileged intents allowed"},
			{name: "allowed_mentions", typ: oString, desc: "JSON allowed_mentions forced onto every message"},
			{name: "current_guild", typ: oString, nullable: true},
			{name: "current_channel", typ: oString, nullable: true},
			{name: "current_user", typ: oString, nullable: true},
			{name: "owner_access", typ: oBool},
			{name: "privileged_call", typ: oBool},
			{name: "toolsets", typ: oString, desc: "comma list of the toolsets on"},
			{name: "tools", typ: oInt, desc: "how many tools this caller sees"},
			{name: "read_only", typ: oBool},
			{name: "dry_run", typ: oBool},
			{name: "confirm_destructive", typ: oBool, desc: "destructive tools ask the user first"},
		},
		examples: []example{{`{}`, ``}},
	},
	{
		name: "validate_tool_call", title: "Validate tool call", toolset: tsMCP, local: true,
		desc: "Check a call of another tool without making it: its arguments, the caller's scope and the firewall, and what it would send. Names (user_name, role_name…) are resolved by listing, as the call would; the call itself is never sent.",
		params: []param{
			{name: "tool", desc: "The tool's name.", typ: strT{min: 1, max: 64}, required: true},
			{name: "arguments", desc: "The arguments to check, as the tool would take them.", typ: anyObjectT{}},
		},
		ann:  mcp.Annotations{Title: "Validate tool call", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		run:  validateCall,
		plan: func(*spec, *args) []*proxy.Request { return nil },
		out: []field{
			{name: "tool", src: "arg:tool", typ: oString},
			{name: "valid", typ: oBool, desc: "the call would be sent"},
			{name: "refused_by", typ: oString, nullable: true, enum: []string{"tool", "scope", "arguments", "names", "firewall"}},
			{name: "problem", typ: oString, nullable: true, desc: "why it would be refused"},
			{name: "would_send", typ: oString, nullable: true, desc: "the requests, one a line"},
			{name: "destructive", typ: oBool, desc: "the call would ask for confirmation first"},
		},
		examples: []example{{`{"tool":"kick_member","arguments":{"guild_id":"` + exGuild + `","user_id":"` + exUsr + `"}}`, ``}},
	},
}

// checkLocal verifies a local row: a run, no request of its own.
func (s *spec) checkLocal() error {
	switch {
	case s.name == "" || s.desc == "" || s.run == nil || s.plan == nil:
		return badSpec("a local tool needs a name, a description, a run and an empty plan")
	case s.method != "" || s.path != "" || len(s.more) > 0:
		return badSpec("a local tool sends no request of its own")
	case s.toolset == "" || !knownToolset(s.toolset):
		return badSpec("toolset %q is not one of the catalog's toolsets", s.toolset)
	case s.ann.Title == "" || !s.ann.ReadOnlyHint || len(s.examples) == 0 || len(s.out) == 0:
		return badSpec("a local tool needs a title, readOnlyHint, an example and output fields")
	}
	return checkFields(s.out)
}

// accessContext writes the caller's scope as get_access_context shows it.
func accessContext(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	s := policy.FromContext(ctx)
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	var methods, intents []string
	for _, m := range listMethods {
		if s == nil || s.AllowsMethod(m) {
			methods = append(methods, m)
		}
	}
	for _, n := range listIntents {
		if s == nil || s.HasIntents(n) {
			intents = append(intents, n)
		}
	}
	w.key("methods")
	w.str(strings.Join(methods, ","))
	w.key("guilds_restricted")
	w.bool(s != nil && s.FiltersGuilds())
	w.key("channels_restricted")
	w.bool(s != nil && s.FiltersChannels())
	w.key("users_restricted")
	w.bool(s != nil && s.FiltersUsers())
	w.key("permission_ceiling")
	if s == nil || s.HasPermissions(maxPermBits) {
		w.null()
	} else {
		w.str(strings.Join(permNamesOf(s.PermissionCeiling()), ","))
	}
	w.key("intents")
	w.str(strings.Join(intents, ","))
	scopeStrings(w, s)
	tools, sets := c.visibleSummary(ctx, s)
	w.key("toolsets")
	w.str(strings.Join(sets, ","))
	w.key("tools")
	w.int(int64(tools))
	w.key("read_only")
	w.bool(c.opts.ReadOnly)
	w.key("dry_run")
	w.bool(c.opts.DryRun)
	w.key("confirm_destructive")
	w.bool(c.opts.Confirm)
	w.close('}')
	return success(w.bytes())
}

// scopeStrings writes the mentions, X-Current-* and access switches.
func scopeStrings(w *buf, s *policy.Scope) {
	var mentions, guild, channel, user string
	if s != nil {
		mentions, guild, channel, user = string(s.AllowedMentions), s.CurrentGuild, s.CurrentChannel, s.CurrentUser
	}
	w.key("allowed_mentions")
	w.str(mentions)
	for _, kv := range [][2]string{{"current_guild", guild}, {"current_channel", channel}, {"current_user", user}} {
		w.key(kv[0])
		if kv[1] == "" {
			w.null()
		} else {
			w.str(kv[1])
		}
	}
	w.key("owner_access")
	w.bool(s != nil && s.OwnerAccess())
	w.key("privileged_call")
	w.bool(s != nil && s.PrivilegedCall())
}

// permNamesOf names the published bits of a permission integer.
func permNamesOf(bits int64) []string {
	var out []string
	for _, p := range permNames {
		if bits&(1<<p.bit) != 0 {
			out = append(out, p.name)
		}
	}
	return out
}

// visibleSummary is how many tools the caller sees and their toolsets.
func (c *Catalog) visibleSummary(ctx context.Context, s *policy.Scope) (int, []string) {
	tools := c.Tools(ctx)
	var sets []string
	vis := c.visible(ctx, s)
	for _, t := range toolsets {
		if vis.has(t.name) {
			sets = append(sets, t.name)
		}
	}
	return len(tools), sets
}

// verdict is validate_tool_call's answer.
type verdict struct {
	by, problem string
	plan        string
	destructive bool
}

func validateCall(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	v := c.judge(ctx, a.str("tool"), a.get("arguments"))
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("tool")
	w.str(a.str("tool"))
	w.key("valid")
	w.bool(v.by == "")
	for _, kv := range [][2]string{{"refused_by", v.by}, {"problem", v.problem}, {"would_send", v.plan}} {
		w.key(kv[0])
		if kv[1] == "" {
			w.null()
		} else {
			w.str(kv[1])
		}
	}
	w.key("destructive")
	w.bool(v.destructive)
	w.close('}')
	return success(w.bytes())
}

// judge runs a call's checks in the order CallTool runs them, stopping
// before anything would be sent.
func (c *Catalog) judge(ctx context.Context, name string, raw *argVal) verdict {
	s := policy.FromContext(ctx)
	sp := c.row(name)
	if sp == nil || sp.local || !c.visible(ctx, s).has(sp.toolset) {
		return verdict{by: "tool", problem: "no tool named " + strconv.Quote(name) + " is served to this caller"}
	}
	if why := usable(s, sp); why != "" {
		return verdict{by: "scope", problem: why}
	}
	args := "{}"
	if raw != nil && raw.given {
		args = raw.raw
	}
	a, err := parseArgs(sp, []byte(args), s)
	if err != nil {
		return verdict{by: "arguments", problem: err.Error()}
	}
	if res := c.resolveNames(ctx, sp, a); res != nil {
		return verdict{by: "names", problem: res.Text}
	}
	if sp.notToCurrent && s != nil && s.CurrentChannel != "" && a.str("channel_id") == s.CurrentChannel {
		return verdict{by: "scope", problem: "channel " + s.CurrentChannel + " is the current conversation: reply normally"}
	}
	v := verdict{plan: plainPlan(sp, a), destructive: sp.ann.DestructiveHint && c.opts.Confirm}
	for _, r := range sp.planned(a) {
		if err := c.p.Check(ctx, r); err != nil {
			v.by, v.problem = "firewall", err.Error()
			var pe *proxy.Error
			if errors.As(err, &pe) {
				v.problem = pe.Msg
			}
			return v
		}
	}
	return v
}
