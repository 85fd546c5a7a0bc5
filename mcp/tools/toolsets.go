package tools

// Toolsets: every tool belongs to one. The operator picks which are
// served (--toolsets); a caller narrows them (X-Toolsets).
const (
	tsMessages    = "messages"
	tsReactions   = "reactions"
	tsPins        = "pins"
	tsPolls       = "polls"
	tsChannels    = "channels"
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
var toolsets = []toolsetInfo{
	{tsMessages, "Read, search, send, edit, forward and delete messages; typing; crossposting."},
	{tsReactions, "Add and remove reactions, list who reacted."},
	{tsPins, "List, pin and unpin messages."},
	{tsPolls, "Read a poll's voters and end a poll."},
	{tsChannels, "Describe channels."},
	{tsWebhooks, "List, create, modify and delete webhooks; post through one and edit or delete what it posted (tokens are shown only when create_webhook may)."},
	{tsEmojis, "A server's custom emojis and the application's own: list, get, create from a base64 image, rename, delete."},
	{tsCommands, "The application's commands, global or per server: list, get, create, modify, delete, overwrite all; read a server's command permissions."},
	{tsEvents, "A server's scheduled events: list, get, create, modify, delete; interested users and counts; exceptions to recurring events."},
	{tsStickers, "A server's stickers (list, get, create from an image, modify, delete), Discord's sticker packs, any sticker by id."},
	{tsVoice, "Stage instances, voice states, the soundboard (list, add, modify, delete, play), a voice channel's status, voice regions."},
	{tsApplication, "Owner tools (X-Owner-Access with --enable-owner-tools): the bot's application, role-connection metadata, entitlements, SKU subscriptions."},
	{tsUtil, "util_generate_image: an image from the operator's image model, posted to a channel (served when --image-url is set)."},
	{tsRaw, "Any Discord REST call, for privileged callers (X-Privileged-Call with --enable-passthrough)."},
}

// DefaultToolsets is the core set served when --toolsets is not given:
// what every agent needs (read, find, send and remove messages; know the
// channel), with room under the 30 KB budget for tools/list. Adding
// reactions would put it at the limit (about 30.5 KB), so reactions, pins
// and polls are one flag away (--toolsets messages,channels,reactions).
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
