package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Auto-moderation rules, in the moderation toolset. They need Manage
// Server; the firewall refuses them while channels or users are
// restricted (a rule acts on every channel and member it does not exempt).

var (
	ruleParam  = param{name: "rule_id", desc: "The rule's id.", typ: tSnowflake, in: inPath, required: true}
	triggerT   = namedIntT{names: []string{"keyword", "spam", "keyword_preset", "mention_spam"}, vals: []int64{1, 3, 4, 5}}
	ruleEventT = namedIntT{names: []string{"message_send", "member_update"}, vals: []int64{1, 2}}
	ruleAction = objectT{props: []prop{
		{name: "type", typ: intEnumT{values: []int64{1, 2, 3, 4}}, required: true,
			desc: "1 block the message, 2 send an alert to a channel, 3 time the member out, 4 block member interactions"},
		{name: "metadata", typ: objectT{props: []prop{
			{name: "custom_message", typ: str(300), desc: "for 1: shown to the member"},
			{name: "channel_id", typ: tSnowflake, desc: "for 2: the alert channel"},
			{name: "duration_seconds", typ: intRange(0, 2419200, nil), desc: "for 3: up to 4 weeks"},
		}}},
	}}
	ruleFields = []field{
		{name: "id", src: "id", typ: oString},
		{name: "name", src: "name", typ: oString, untrusted: true},
		{name: "trigger_type", src: "trigger_type", typ: oInt, desc: "1 keyword, 3 spam, 4 keyword preset, 5 mention spam"},
		{name: "event_type", src: "event_type", typ: oInt},
		{name: "enabled", src: "enabled", typ: oBool},
		{name: "trigger_metadata", src: "trigger_metadata", typ: oString, untrusted: true, desc: "as JSON"},
		{name: "actions", src: "actions", typ: oString, desc: "as JSON"},
		{name: "exempt_roles", src: "exempt_roles", typ: oString, desc: "as a JSON list"},
		{name: "exempt_channels", src: "exempt_channels", typ: oString, desc: "as a JSON list"},
	}
	ruleBody = []param{
		{name: "name", desc: "The rule's name (1-100 characters).", typ: strT{min: 1, max: 100}, in: inBody},
		{name: "event", desc: "When it runs: on messages, or on members joining or updating.", typ: ruleEventT, in: inBody, key: "event_type"},
		{name: "keywords", desc: "keyword: words or phrases to match (wildcards * allowed), up to 1000.", typ: arrayT{item: strT{min: 1, max: 60}, max: 1000}, in: inBody, key: "trigger_metadata.keyword_filter"},
		{name: "regex_patterns", desc: "keyword: Rust regular expressions, up to 10.", typ: arrayT{item: strT{min: 1, max: 260}, max: 10}, in: inBody, key: "trigger_metadata.regex_patterns"},
		{name: "presets", desc: "keyword_preset: 1 profanity, 2 sexual content, 3 slurs.", typ: arrayT{item: intEnumT{values: []int64{1, 2, 3}}, unique: true}, in: inBody, key: "trigger_metadata.presets"},
		{name: "allow_list", desc: "keyword or keyword_preset: words that never match.", typ: arrayT{item: strT{min: 1, max: 60}, max: 1000}, in: inBody, key: "trigger_metadata.allow_list"},
		{name: "mention_limit", desc: "mention_spam: most mentions allowed in one message (0-50).", typ: intRange(0, 50, nil), in: inBody, key: "trigger_metadata.mention_total_limit"},
		{name: "actions", desc: "What happens on a match (1-5 actions).", typ: arrayT{item: ruleAction, min: 1, max: 5}, in: inBody},
		{name: "enabled", desc: "Whether the rule runs.", typ: tBool, in: inBody},
		{name: "exempt_roles", desc: "Roles it ignores (up to 20).", typ: arrayT{item: tSnowflake, max: 20, unique: true}, in: inBody},
		{name: "exempt_channels", desc: "Channels it ignores (up to 50).", typ: arrayT{item: tSnowflake, max: 50, unique: true}, in: inBody},
		auditReason,
	}
)

var automodSpecs = []*spec{
	{
		name: "list_automod_rules", title: "List auto-moderation rules", toolset: tsModeration,
		desc:   "List a server's auto-moderation rules.",
		params: []param{guildParam},
		ann:    mcp.Annotations{Title: "List auto-moderation rules", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild},
		method: "GET", path: route.TGuildsGuildIDAutoModerationRules,
		out:      []field{{name: "rules", src: "@this", typ: oArray, items: ruleFields}},
		examples: []example{{`{"guild_id":"` + exGuild + `"}`, `GET /guilds/` + exGuild + `/auto-moderation/rules`}},
	},
	{
		name: "get_automod_rule", title: "Get auto-moderation rule", toolset: tsModeration,
		desc:   "Describe one auto-moderation rule.",
		params: []param{guildParam, ruleParam},
		ann:    mcp.Annotations{Title: "Get auto-moderation rule", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild},
		method: "GET", path: route.TGuildsGuildIDAutoModerationRulesRuleID,
		out:      ruleFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","rule_id":"` + exRole + `"}`, `GET /guilds/` + exGuild + `/auto-moderation/rules/` + exRole}},
	},
	{
		name: "create_automod_rule", title: "Create auto-moderation rule", toolset: tsModeration,
		desc: "Create an auto-moderation rule: a trigger (keywords, spam, a keyword preset, mention spam) and the actions on a match.",
		params: append([]param{guildParam,
			{name: "trigger", desc: "What the rule looks for.", typ: triggerT, in: inBody, key: "trigger_type", required: true}}, ruleBody...),
		ann:    mcp.Annotations{Title: "Create auto-moderation rule", OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild},
		method: "POST", path: route.TGuildsGuildIDAutoModerationRules,
		out: ruleFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","trigger":"keyword","name":"no spoilers","event":"message_send","keywords":["spoiler"],"actions":[{"type":1}]}`,
			`POST /guilds/` + exGuild + `/auto-moderation/rules {"trigger_type":1,"name":"no spoilers","event_type":1,"trigger_metadata":{"keyword_filter":["spoiler"]},"actions":[{"type":1}]}`}},
	},
	{
		name: "modify_automod_rule", title: "Modify auto-moderation rule", toolset: tsModeration,
		desc:   "Change an auto-moderation rule: name, event, trigger settings, actions, exemptions, on or off.",
		params: append([]param{guildParam, ruleParam}, ruleBody...),
		oneOf:  []string{"name", "event", "keywords", "regex_patterns", "presets", "allow_list", "mention_limit", "actions", "enabled", "exempt_roles", "exempt_channels"},
		ann:    mcp.Annotations{Title: "Modify auto-moderation rule", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild},
		method: "PATCH", path: route.TGuildsGuildIDAutoModerationRulesRuleID,
		out: ruleFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","rule_id":"` + exRole + `","enabled":false}`,
			`PATCH /guilds/` + exGuild + `/auto-moderation/rules/` + exRole + ` {"enabled":false}`}},
	},
	{
		name: "delete_automod_rule", title: "Delete auto-moderation rule", toolset: tsModeration,
		desc:   "Delete an auto-moderation rule.",
		params: []param{guildParam, ruleParam, auditReason},
		ann:    mcp.Annotations{Title: "Delete auto-moderation rule", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild},
		method: "DELETE", path: route.TGuildsGuildIDAutoModerationRulesRuleID,
		out:      doneFields("rule_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","rule_id":"` + exRole + `"}`, `DELETE /guilds/` + exGuild + `/auto-moderation/rules/` + exRole}},
	},
}
