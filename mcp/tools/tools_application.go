package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The application toolset: owner tools (X-Owner-Access with
// --enable-owner-tools) on the bot's own application, its role-connection
// metadata, entitlements and its SKUs' subscriptions. A caller without
// owner access neither sees nor may call them.

const exApp = "555555555555555555"

var (
	ownerOnly      = access{owner: true}
	appIDParam     = param{name: "application_id", desc: "The bot's application id (get_current_application's id).", typ: tSnowflake, in: inPath, required: true}
	entIDParam     = param{name: "entitlement_id", desc: "The entitlement's id.", typ: tSnowflake, in: inPath, required: true}
	skuIDParam     = param{name: "sku_id", desc: "The SKU's id.", typ: tSnowflake, in: inPath, required: true}
	appTagsT       = arrayT{item: strT{min: 1, max: 20}, max: 5, unique: true}
	roleConnItemsT = arrayT{max: 5, item: objectT{props: []prop{
		{name: "type", typ: intEnumT{values: []int64{1, 2, 3, 4, 5, 6, 7, 8}}, required: true, desc: "1-4 integer comparisons, 5-6 date comparisons, 7-8 boolean"},
		{name: "key", typ: strT{min: 1, max: 50}, required: true, desc: "a-z, 0-9 and _"},
		{name: "name", typ: strT{min: 1, max: 100}, required: true},
		{name: "description", typ: strT{min: 1, max: 200}, required: true},
	}}}
)

var appFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "description", src: "description", typ: oString, untrusted: true},
	{name: "owner_id", src: "owner.id", typ: oString},
	{name: "approximate_guild_count", src: "approximate_guild_count", typ: oInt},
	{name: "flags", src: "flags", typ: oInt},
	{name: "interactions_endpoint_url", src: "interactions_endpoint_url", typ: oString, nullable: true},
	{name: "role_connections_verification_url", src: "role_connections_verification_url", typ: oString, nullable: true},
	{name: "custom_install_url", src: "custom_install_url", typ: oString, nullable: true},
}

var entitlementFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "sku_id", src: "sku_id", typ: oString},
	{name: "user_id", src: "user_id", typ: oString},
	{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
	{name: "type", src: "type", typ: oInt, desc: "8 application subscription, 10 (as Discord publishes); others on older entitlements"},
	{name: "starts_at", src: "starts_at", typ: oString, nullable: true},
	{name: "ends_at", src: "ends_at", typ: oString, nullable: true},
	{name: "consumed", src: "consumed", typ: oBool},
}

var subscriptionFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "user_id", src: "user_id", typ: oString},
	{name: "status", src: "status", typ: oInt, desc: "0 active, 1 ending, 2 inactive"},
	{name: "current_period_start", src: "current_period_start", typ: oString},
	{name: "current_period_end", src: "current_period_end", typ: oString},
	{name: "canceled_at", src: "canceled_at", typ: oString, nullable: true},
}

var roleConnOut = []field{{name: "records", src: "@this", typ: oArray, items: []field{
	{name: "type", src: "type", typ: oInt}, {name: "key", src: "key", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true}, {name: "description", src: "description", typ: oString, untrusted: true},
}}}

var okWithID = func(idArg string) []field {
	return []field{{name: "ok", src: "const:true", typ: oBool}, {name: idArg, src: "arg:" + idArg, typ: oString}}
}

var applicationSpecs = concat(appSpecs, entitlementSpecs)

var appSpecs = []*spec{
	{
		name: "get_current_application", title: "Get the bot's application", toolset: tsApplication,
		desc:  "Describe the bot's own application: id, name, description, owner, server count, flags and its URLs.",
		ann:   mcp.Annotations{Title: "Get the bot's application", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: ownerOnly, method: "GET", path: route.TApplicationsMe,
		out: appFields, examples: []example{{`{}`, "GET /applications/@me"}},
	},
	{
		name: "modify_current_application", title: "Modify the bot's application", toolset: tsApplication,
		desc: "Change the bot's application: its interactions endpoint, role-connection verification and custom install URLs, tags, icon or cover image.",
		params: []param{
			{name: "interactions_endpoint_url", desc: "Where Discord sends interactions (https).", typ: tURL, in: inBody},
			{name: "role_connections_verification_url", desc: "The role-connection verification page.", typ: tURL, in: inBody},
			{name: "custom_install_url", desc: "The install link.", typ: tURL, in: inBody},
			{name: "tags", desc: "Up to 5 tags of up to 20 characters.", typ: appTagsT, in: inBody},
			{name: "icon", desc: "An image as a data URI.", typ: imageDataT{max: 1 << 20}, in: inBody},
			{name: "cover_image", desc: "An image as a data URI.", typ: imageDataT{max: 1 << 20}, in: inBody},
		},
		ann:   mcp.Annotations{Title: "Modify the bot's application", IdempotentHint: true, OpenWorldHint: true},
		needs: ownerOnly, oneOf: []string{"interactions_endpoint_url", "role_connections_verification_url", "custom_install_url", "tags", "icon", "cover_image"},
		method: "PATCH", path: route.TApplicationsMe, out: appFields,
		examples: []example{{`{"tags":["moderation"]}`, `PATCH /applications/@me {"tags":["moderation"]}`}},
	},
	{
		name: "get_role_connection_metadata", title: "Get role-connection metadata", toolset: tsApplication,
		desc:   "List the application's role-connection metadata records (what linked-role requirements can test).",
		params: []param{appIDParam},
		ann:    mcp.Annotations{Title: "Get role-connection metadata", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  ownerOnly, method: "GET", path: route.TApplicationsApplicationIDRoleConnectionsMetadata,
		out: roleConnOut, examples: []example{{`{"application_id":"` + exApp + `"}`, "GET /applications/" + exApp + "/role-connections/metadata"}},
	},
	{
		name: "set_role_connection_metadata", title: "Replace role-connection metadata", toolset: tsApplication,
		desc: "Replace all of the application's role-connection metadata records (up to 5); an empty list removes them.",
		params: []param{appIDParam,
			{name: "records", desc: "The records: type, key, name, description.", typ: roleConnItemsT, required: true}},
		ann:   mcp.Annotations{Title: "Replace role-connection metadata", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: ownerOnly, method: "PUT", path: route.TApplicationsApplicationIDRoleConnectionsMetadata,
		plan: arrayBodyPlan("records"), run: runArrayBody("records"),
		out: roleConnOut,
		examples: []example{{`{"application_id":"` + exApp + `","records":[{"type":7,"key":"verified","name":"Verified","description":"Has verified"}]}`,
			`PUT /applications/` + exApp + `/role-connections/metadata [{"type":7,"key":"verified","name":"Verified","description":"Has verified"}]`}},
	},
}
