package tools

import (
	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The guild toolset's settings rows: modify, preview, vanity URL,
// regions, widget, welcome screen, onboarding, integrations. The firewall
// refuses the widget, welcome screen, onboarding and its settings reads
// while users or channels are restricted (their answers weave them in),
// and the widget without the presence intent.

var (
	widgetFields = []field{
		{name: "enabled", src: "enabled", typ: oBool},
		{name: "channel_id", src: "channel_id", typ: oString, nullable: true, desc: "the invite channel"},
	}
	welcomeFields = []field{
		{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
		{name: "welcome_channels", src: "welcome_channels", typ: oArray, items: []field{
			{name: "channel_id", src: "channel_id", typ: oString},
			{name: "description", src: "description", typ: oString, untrusted: true},
			{name: "emoji_name", src: "emoji_name", typ: oString, nullable: true},
		}},
	}
	onboardingFields = []field{
		{name: "enabled", src: "enabled", typ: oBool},
		{name: "mode", src: "mode", typ: oInt, desc: "0 default channels only, 1 default channels and questions"},
		{name: "default_channel_ids", src: "default_channel_ids", typ: oString, desc: "as a JSON list"},
		{name: "prompts", src: "prompts.#", typ: oInt, desc: "number of questions"},
	}
	manageGuild = access{perms: dg.PermissionManageGuild}
)

func guildRead(name, title, desc, path string, needs access, out []field) *spec {
	return &spec{name: name, title: title, toolset: tsGuild, desc: desc, params: []param{guildParam},
		ann:   mcp.Annotations{Title: title, ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: needs, method: "GET", path: path, out: out,
		examples: []example{{`{"guild_id":"` + exGuild + `"}`, `GET ` + fill(path, exGuild)}}}
}

var guildSettingSpecs = []*spec{
	{
		name: "modify_guild", title: "Modify server", toolset: tsGuild,
		desc: "Change a server's name, description, verification level or system channel.",
		params: []param{guildParam,
			{name: "name", desc: "New name (2-100 characters).", typ: strT{min: 2, max: 100}, in: inBody},
			{name: "description", desc: "New description (up to 300 characters).", typ: str(300), in: inBody},
			{name: "verification_level", desc: "0 none, 1 low, 2 medium, 3 high, 4 very high.", typ: intRange(0, 4, nil), in: inBody},
			{name: "system_channel_id", desc: "Where join and boost notices go.", typ: tSnowflake, in: inBody},
			auditReason},
		oneOf:  []string{"name", "description", "verification_level", "system_channel_id"},
		ann:    mcp.Annotations{Title: "Modify server", IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "PATCH", path: route.TGuildsGuildID,
		out: []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, untrusted: true},
			{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
			{name: "verification_level", src: "verification_level", typ: oInt},
			{name: "system_channel_id", src: "system_channel_id", typ: oString, nullable: true},
		},
		examples: []example{{`{"guild_id":"` + exGuild + `","name":"Friends","verification_level":1}`,
			`PATCH /guilds/` + exGuild + ` {"name":"Friends","verification_level":1}`}},
	},
	guildRead("get_guild_preview", "Get server preview", "The public preview of a server: name, description, features, approximate counts.",
		route.TGuildsGuildIDPreview, access{}, []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, untrusted: true},
			{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
			{name: "approximate_member_count", src: "approximate_member_count", typ: oInt},
			{name: "approximate_presence_count", src: "approximate_presence_count", typ: oInt},
		}),
	guildRead("get_vanity_url", "Get vanity URL", "A server's vanity invite code and its uses (null without the VANITY_URL feature).",
		route.TGuildsGuildIDVanityUrl, manageGuild, []field{
			{name: "code", src: "code", typ: oString, nullable: true},
			{name: "uses", src: "uses", typ: oInt},
		}),
	guildRead("list_guild_voice_regions", "List server voice regions", "Voice regions a server's channels can use.",
		route.TGuildsGuildIDRegions, access{}, []field{{name: "regions", src: "@this", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString},
			{name: "optimal", src: "optimal", typ: oBool},
			{name: "deprecated", src: "deprecated", typ: oBool},
		}}}),
	guildRead("get_widget_settings", "Get widget settings", "Whether a server's widget is on, and its invite channel.",
		route.TGuildsGuildIDWidget, manageGuild, widgetFields),
	{
		name: "modify_widget", title: "Modify widget", toolset: tsGuild,
		desc: "Turn a server's widget on or off, or change its invite channel.",
		params: []param{guildParam,
			{name: "enabled", desc: "Widget on.", typ: tBool, in: inBody},
			{name: "channel_id", desc: "The channel its invite leads to.", typ: tSnowflake, in: inBody},
			auditReason},
		oneOf:  []string{"enabled", "channel_id"},
		ann:    mcp.Annotations{Title: "Modify widget", IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "PATCH", path: route.TGuildsGuildIDWidget,
		out:      widgetFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","enabled":true}`, `PATCH /guilds/` + exGuild + `/widget {"enabled":true}`}},
	},
	guildRead("get_widget", "Get widget", "A server's public widget: name, invite, voice channels, online members (needs the presence intent).",
		route.TGuildsGuildIDWidgetJSON, access{intents: []string{"presence"}}, []field{
			{name: "id", src: "id", typ: oString},
			{name: "name", src: "name", typ: oString, untrusted: true},
			{name: "instant_invite", src: "instant_invite", typ: oString, nullable: true},
			{name: "presence_count", src: "presence_count", typ: oInt},
			{name: "channels", src: "channels.#", typ: oInt, desc: "number of voice channels shown"},
		}),
	guildRead("get_welcome_screen", "Get welcome screen", "A server's welcome screen: description and suggested channels.",
		route.TGuildsGuildIDWelcomeScreen, access{}, welcomeFields),
	{
		name: "modify_welcome_screen", title: "Modify welcome screen", toolset: tsGuild,
		desc: "Change a server's welcome screen: description, up to 5 suggested channels, on or off.",
		params: []param{guildParam,
			{name: "description", desc: "Up to 140 characters.", typ: str(140), in: inBody},
			{name: "welcome_channels", desc: "Up to 5 suggested channels.", in: inBody, typ: arrayT{max: 5, item: objectT{props: []prop{
				{name: "channel_id", typ: tSnowflake, required: true},
				{name: "description", typ: strT{min: 1, max: 50}, required: true},
				{name: "emoji_id", typ: tSnowflake},
				{name: "emoji_name", typ: strT{min: 1, max: 32}},
			}}}},
			{name: "enabled", desc: "Show the welcome screen.", typ: tBool, in: inBody},
			auditReason},
		oneOf:  []string{"description", "welcome_channels", "enabled"},
		ann:    mcp.Annotations{Title: "Modify welcome screen", IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "PATCH", path: route.TGuildsGuildIDWelcomeScreen,
		out:      welcomeFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","description":"Hello!"}`, `PATCH /guilds/` + exGuild + `/welcome-screen {"description":"Hello!"}`}},
	},
	guildRead("get_onboarding", "Get onboarding", "A server's onboarding: on or off, mode, default channels, number of questions.",
		route.TGuildsGuildIDOnboarding, access{}, onboardingFields),
	{
		name: "modify_onboarding", title: "Modify onboarding", toolset: tsGuild,
		desc: "Change a server's onboarding: default channels, mode, on or off (questions are kept as they are: this tool does not send prompts).",
		params: []param{guildParam,
			{name: "default_channel_ids", desc: "Channels every new member sees.", typ: arrayT{item: tSnowflake, max: 500, unique: true}, in: inBody},
			{name: "mode", desc: "0 default channels only, 1 default channels and questions.", typ: intEnumT{values: []int64{0, 1}}, in: inBody},
			{name: "enabled", desc: "Onboarding on.", typ: tBool, in: inBody},
			auditReason},
		oneOf:  []string{"default_channel_ids", "mode", "enabled"},
		ann:    mcp.Annotations{Title: "Modify onboarding", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuild | dg.PermissionManageRoles},
		method: "PUT", path: route.TGuildsGuildIDOnboarding,
		out:      onboardingFields,
		examples: []example{{`{"guild_id":"` + exGuild + `","enabled":false}`, `PUT /guilds/` + exGuild + `/onboarding {"enabled":false}`}},
	},
	guildRead("list_integrations", "List integrations", "A server's integrations (bots, Twitch, YouTube…).",
		route.TGuildsGuildIDIntegrations, manageGuild, []field{{name: "integrations", src: "@this", typ: oArray, items: []field{
			{name: "id", src: "id", typ: oString},
			{name: "type", src: "type", typ: oString},
			{name: "name", src: "name", typ: oString, nullable: true, untrusted: true},
			{name: "enabled", src: "enabled", typ: oBool},
		}}}),
	{
		name: "delete_integration", title: "Delete integration", toolset: tsGuild,
		desc:   "Remove an integration from a server (a bot's integration removes the bot and its role).",
		params: []param{guildParam, {name: "integration_id", desc: "The integration's id.", typ: tSnowflake, in: inPath, required: true}, auditReason},
		ann:    mcp.Annotations{Title: "Delete integration", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageGuild,
		method: "DELETE", path: route.TGuildsGuildIDIntegrationsIntegrationID,
		out:      doneFields("integration_id"),
		examples: []example{{`{"guild_id":"` + exGuild + `","integration_id":"` + exRole + `"}`, `DELETE /guilds/` + exGuild + `/integrations/` + exRole}},
	},
}
