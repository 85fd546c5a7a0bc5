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
	tsModeration = "moderation"
	tsRaw        = "raw"
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
