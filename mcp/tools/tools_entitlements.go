package tools

import (
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Entitlements and subscriptions: part of the application (owner) toolset.

const exEnt, exSKU = "666666666666666666", "777777777777777777"

var entitlementSpecs = []*spec{
	{
		name: "list_entitlements", title: "List entitlements", toolset: tsApplication,
		desc: "List the application's entitlements (what users or servers bought or were granted), optionally for one user or server; page with before/after (entitlement ids).",
		params: []param{appIDParam,
			{name: "user_id", desc: "Only this user's.", typ: tSnowflake, in: inQuery},
			{name: "guild_id", desc: "Only this server's.", typ: tSnowflake, in: inQuery},
			{name: "before", desc: "Entitlements before this id.", typ: tSnowflake, in: inQuery},
			{name: "after", desc: "Entitlements after this id.", typ: tSnowflake, in: inQuery},
			{name: "limit", desc: "How many (1-100).", typ: intRange(1, 100, i64(100)), in: inQuery},
			{name: "exclude_ended", desc: "Leave out ended entitlements.", typ: tBool, in: inQuery},
		},
		ann:   mcp.Annotations{Title: "List entitlements", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: ownerOnly, method: "GET", path: route.TApplicationsApplicationIDEntitlements,
		out:      []field{{name: "entitlements", src: "@this", typ: oArray, items: entitlementFields}},
		examples: []example{{`{"application_id":"` + exApp + `","limit":10}`, "GET /applications/" + exApp + "/entitlements?limit=10"}},
	},
	{
		name: "get_entitlement", title: "Get entitlement", toolset: tsApplication,
		desc:   "Describe one entitlement.",
		params: []param{appIDParam, entIDParam},
		ann:    mcp.Annotations{Title: "Get entitlement", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  ownerOnly, method: "GET", path: route.TApplicationsApplicationIDEntitlementsEntitlementID,
		out:      entitlementFields,
		examples: []example{{`{"application_id":"` + exApp + `","entitlement_id":"` + exEnt + `"}`, "GET /applications/" + exApp + "/entitlements/" + exEnt}},
	},
	{
		name: "create_test_entitlement", title: "Create test entitlement", toolset: tsApplication,
		desc: "Grant a test entitlement to a SKU to a server (owner_type 1) or user (2), for testing premium features without paying.",
		params: []param{appIDParam,
			{name: "sku_id", desc: "The SKU.", typ: tSnowflake, in: inBody, required: true},
			{name: "owner_id", desc: "The server or user id.", typ: tSnowflake, in: inBody, required: true},
			{name: "owner_type", desc: "1 a server, 2 a user.", typ: intEnumT{values: []int64{1, 2}}, in: inBody, required: true},
		},
		ann:   mcp.Annotations{Title: "Create test entitlement", OpenWorldHint: true},
		needs: ownerOnly, method: "POST", path: route.TApplicationsApplicationIDEntitlements,
		out: entitlementFields,
		examples: []example{{`{"application_id":"` + exApp + `","sku_id":"` + exSKU + `","owner_id":"` + exUsr + `","owner_type":2}`,
			`POST /applications/` + exApp + `/entitlements {"sku_id":"` + exSKU + `","owner_id":"` + exUsr + `","owner_type":2}`}},
	},
	{
		name: "delete_test_entitlement", title: "Delete test entitlement", toolset: tsApplication,
		desc:   "Delete a test entitlement.",
		params: []param{appIDParam, entIDParam},
		ann:    mcp.Annotations{Title: "Delete test entitlement", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  ownerOnly, method: "DELETE", path: route.TApplicationsApplicationIDEntitlementsEntitlementID,
		out:      okWithID("entitlement_id"),
		examples: []example{{`{"application_id":"` + exApp + `","entitlement_id":"` + exEnt + `"}`, "DELETE /applications/" + exApp + "/entitlements/" + exEnt}},
	},
	{
		name: "consume_entitlement", title: "Consume entitlement", toolset: tsApplication,
		desc:   "Mark a one-time purchase as used (it cannot be undone).",
		params: []param{appIDParam, entIDParam},
		ann:    mcp.Annotations{Title: "Consume entitlement", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  ownerOnly, method: "POST", path: route.TApplicationsApplicationIDEntitlementsEntitlementIDConsume,
		out:      okWithID("entitlement_id"),
		examples: []example{{`{"application_id":"` + exApp + `","entitlement_id":"` + exEnt + `"}`, "POST /applications/" + exApp + "/entitlements/" + exEnt + "/consume"}},
	},
	{
		name: "list_sku_subscriptions", title: "List SKU subscriptions", toolset: tsApplication,
		desc: "List the subscriptions to one of the application's SKUs, optionally one user's; page with before/after (subscription ids).",
		params: []param{skuIDParam,
			{name: "user_id", desc: "Only this user's.", typ: tSnowflake, in: inQuery},
			{name: "before", desc: "Subscriptions before this id.", typ: tSnowflake, in: inQuery},
			{name: "after", desc: "Subscriptions after this id.", typ: tSnowflake, in: inQuery},
			{name: "limit", desc: "How many (1-100).", typ: intRange(1, 100, i64(50)), in: inQuery},
		},
		ann:   mcp.Annotations{Title: "List SKU subscriptions", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: ownerOnly, method: "GET", path: route.TSkusSkuIDSubscriptions,
		out:      []field{{name: "subscriptions", src: "@this", typ: oArray, items: subscriptionFields}},
		examples: []example{{`{"sku_id":"` + exSKU + `","user_id":"` + exUsr + `"}`, "GET /skus/" + exSKU + "/subscriptions?limit=50&user_id=" + exUsr}},
	},
	{
		name: "get_sku_subscription", title: "Get SKU subscription", toolset: tsApplication,
		desc: "Describe one subscription to an application SKU.",
		params: []param{skuIDParam,
			{name: "subscription_id", desc: "The subscription's id.", typ: tSnowflake, in: inPath, required: true}},
		ann:   mcp.Annotations{Title: "Get SKU subscription", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: ownerOnly, method: "GET", path: route.TSkusSkuIDSubscriptionsSubscriptionID,
		out:      subscriptionFields,
		examples: []example{{`{"sku_id":"` + exSKU + `","subscription_id":"` + exEnt + `"}`, "GET /skus/" + exSKU + "/subscriptions/" + exEnt}},
	},
}
