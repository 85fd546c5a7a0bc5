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
