package tools

import "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"

// webhooks drives the webhooks toolset: create one (under the default
// scope, which forces allowed_mentions, so its token is withheld), manage
// it by id; post through general's own webhook (into the channel and a
// thread of it), edit, read and delete what it posted; manage random's
// webhook by token and delete it.
func (r *driveRun) webhooks() {
	out := r.call("create_webhook", `{"channel_id":"@G","name":"drive","avatar":"data:image/png;base64,iVBORw0KGgo=","reason":"drive"}`)
	id := out.Get("id").String()
	if tok := out.Get("token"); tok.Type.String() != "Null" {
		r.t.Errorf("create_webhook showed the token to a caller whose mentions are forced: %s", out.Raw)
	}
	r.call("list_channel_webhooks", `{"channel_id":"@G"}`)
	r.call("list_guild_webhooks", `{"guild_id":"`+discordtest.GuildID.String()+`"}`)
	r.call("get_webhook", `{"webhook_id":"`+id+`"}`)
	r.call("modify_webhook", `{"webhook_id":"`+id+`","name":"drive-2","reason":"rename"}`)
	r.call("delete_webhook", `{"webhook_id":"`+id+`","reason":"drive","confirm":true}`)

	hook := `"webhook_id":"` + discordtest.WebhookID(discordtest.GeneralID).String() + `","webhook_token":"` + discordtest.WebhookToken(discordtest.GeneralID) + `"`
	msg := r.call("execute_webhook", `{`+hook+`,"content":"from a hook","username":"CI","embeds":[{"title":"t"}],"wait":true}`).Get("id").String()
	if msg == "" {
		r.t.Fatalf("execute_webhook with wait returned no message id")
	}
	r.call("execute_webhook", `{`+hook+`,"content":"into a thread","thread_id":"`+discordtest.ThreadID.String()+`","wait":true}`)
	r.call("get_webhook_message", `{`+hook+`,"message_id":"`+msg+`"}`)
	r.call("edit_webhook_message", `{`+hook+`,"message_id":"`+msg+`","content":"edited"}`)
	r.call("delete_webhook_message", `{`+hook+`,"message_id":"`+msg+`","confirm":true}`)

	random := `"webhook_id":"` + discordtest.WebhookID(discordtest.RandomID).String() + `","webhook_token":"` + discordtest.WebhookToken(discordtest.RandomID) + `"`
	r.call("get_webhook_with_token", `{`+random+`}`)
	r.call("modify_webhook_with_token", `{`+random+`,"name":"renamed"}`)
	r.call("delete_webhook_with_token", `{`+random+`,"confirm":true}`)
}

// application drives the owner tools: the application, its role-connection
// metadata, a test entitlement's life, and the seeded SKU subscription.
func (r *driveRun) application() {
	app := r.call("get_current_application", `{}`).Get("id").String()
	r.call("modify_current_application", `{"tags":["moderation","tools"],"interactions_endpoint_url":"https://example.com/i"}`)
	a := `"application_id":"` + app + `"`
	r.call("set_role_connection_metadata", `{`+a+`,"records":[{"type":7,"key":"verified","name":"Verified","description":"Has verified"}],"confirm":true}`)
	if out := r.call("get_role_connection_metadata", `{`+a+`}`); out.Get("records.#").Int() != 1 {
		r.t.Errorf("role-connection metadata after set: %s", out.Raw)
	}
	sku := discordtest.AppSKUID.String()
	ent := r.call("create_test_entitlement", `{`+a+`,"sku_id":"`+sku+`","owner_id":"@O","owner_type":2}`).Get("id").String()
	r.call("list_entitlements", `{`+a+`,"user_id":"@O"}`)
	r.call("get_entitlement", `{`+a+`,"entitlement_id":"`+ent+`"}`)
	r.call("consume_entitlement", `{`+a+`,"entitlement_id":"`+ent+`","confirm":true}`)
	r.call("delete_test_entitlement", `{`+a+`,"entitlement_id":"`+ent+`","confirm":true}`)
	r.call("list_sku_subscriptions", `{"sku_id":"`+sku+`","user_id":"@O"}`)
	r.call("get_sku_subscription", `{"sku_id":"`+sku+`","subscription_id":"`+discordtest.AppSubscriptionID.String()+`"}`)
}
