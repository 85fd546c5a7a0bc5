package tools

// Toolsets: every tool belongs to one. The operator picks which are
// served (--toolsets); a caller narrows them (X-Toolsets).
const (
	tsMessages  = "messages"
	tsReactions = "reactions"
	tsPins      = "pins"
	tsPolls     = "polls"
	tsChannels  = "channels"
	tsThreads   = "threads"
	// tsChannelAdmin holds the channels toolset's writes: in channels they
	// would put the default tools/list over its 30 KB budget.
	tsChannelAdmin = "channel_admin"
	tsForums       = "forums"
	tsDMs          = "dms"
	tsAttachments  = "attachments"
	// tsModeration holds removal in bulk (and, with the server tools,
	// kicks, bans and automod): out of the default, so an agent there can
	// remove one message at a time only.
	tsModeration  = "moderation"
	tsRaw         = "raw"
	tsWebhooks    = "webhooks"
	tsApplication = "application"
	tsEmojis      = "emojis"
	tsCommands    = "commands"
	tsEvents      = "events"
	tsVoice       = "voice"
	tsStickers    = "stickers"
	tsUtil        = "util"
)

// toolsetInfo describes a toolset for list_toolsets.
type toolsetInfo struct{ name, desc string }

// toolsets are the catalog's toolsets, in the order list_toolsets shows.
var toolsets = append([]toolsetInfo{
	{tsMessages, "Read, search, send, edit, forward and delete messages; typing; crossposting."},
	{tsReactions, "Add and remove reactions, list who reacted."},
	{tsPins, "List, pin and unpin messages."},
	{tsPolls, "Read a poll's voters and end a poll."},
	{tsChannels, "Describe and list channels."},
	{tsChannelAdmin, "Create, modify, delete and reorder channels; permission overwrites; follow announcements; invites."},
	{tsThreads, "Start, find, join, list, archive and modify threads; thread members."},
	{tsForums, "Create forum and media posts."},
	{tsDMs, "Send and read direct messages (X-Target-Users is the allow-list)."},
	{tsAttachments, "Read a message's attached files: text as text, images as image content (sending files is send_message's attachments)."},
	{tsModeration, "Remove messages in bulk; kick, ban, unban, bulk ban, list bans; auto-moderation rules."},
	{tsWebhooks, "List, create, modify and delete webhooks; post through one and edit or delete what it posted (tokens are shown only when create_webhook may)."},
	{tsEmojis, "A server's custom emojis and the application's own: list, get, create from a base64 image, rename, delete."},
	{tsCommands, "The application's commands, global or per server: list, get, create, modify, delete, overwrite all; read a server's command permissions."},
	{tsEvents, "A server's scheduled events: list, get, create, modify, delete; interested users and counts; exceptions to recurring events."},
	{tsStickers, "A server's stickers (list, get, create from an image, modify, delete), Discord's sticker packs, any sticker by id."},
	{tsVoice, "Stage instances, voice states, the soundboard (list, add, modify, delete, play), a voice channel's status, voice regions."},
	{tsApplication, "Owner tools (X-Owner-Access with --enable-owner-tools): the bot's application, role-connection metadata, entitlements, SKU subscriptions."},
	{tsUtil, "util_generate_image: an image from the operator's image model, posted to a channel (served when --image-url is set)."},
	{tsRaw, "Any Discord REST call, for privileged callers (X-Privileged-Call with --enable-passthrough)."},
}, adminToolsets...)

// DefaultToolsets is the core set served when --toolsets is not given:
// what every agent needs (read, find, send and remove single messages;
// know and list the channels), under the 30 KB budget for tools/list.
// Reactions, pins, polls, bulk removal (moderation) and the rest are one
// flag away (--toolsets messages,channels,reactions).
// raw (discord_request) is in it too: only privileged callers see it.
var DefaultToolsets = []string{tsMessages, tsChannels, tsRaw}

func knownToolset(name string) bool {
	for _, t := range toolsets {
		if t.name == name {
			return true
		}
	}
	return false
}
