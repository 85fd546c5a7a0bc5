package tools

// untrustedMore are the tools of the webhooks, emojis, events and
// application toolsets whose results carry user-written text (names,
// descriptions, locations): TestUntrustedMarks wants them marked.
var untrustedMore = []string{
	"list_channel_webhooks", "list_guild_webhooks", "create_webhook", "get_webhook", "modify_webhook",
	"get_webhook_with_token", "modify_webhook_with_token", "get_webhook_message",
	"get_current_application", "modify_current_application", "get_role_connection_metadata", "set_role_connection_metadata",
	"list_guild_emojis", "get_guild_emoji", "create_guild_emoji", "modify_guild_emoji",
	"list_application_emojis", "get_application_emoji", "create_application_emoji", "modify_application_emoji",
	"list_events", "get_event", "create_event", "modify_event", "list_event_users", "list_event_exception_users",
	"create_stage_instance", "get_stage_instance", "modify_stage_instance",
	"list_guild_soundboard_sounds", "get_guild_soundboard_sound", "create_guild_soundboard_sound", "modify_guild_soundboard_sound", "list_default_soundboard_sounds",
	"list_guild_stickers", "get_guild_sticker", "create_guild_sticker", "modify_guild_sticker", "get_sticker",
}
