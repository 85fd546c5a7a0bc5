package tools

// Toolsets: every tool belongs to one. The operator picks which are
// served (--toolsets); a caller narrows them (X-Toolsets).
const (
	tsMessages  = "messages"
	tsReactions = "reactions"
	tsPins      = "pins"
	tsPolls     = "polls"
	tsChannels  = "channels"
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
}

// DefaultToolsets is the core set served when --toolsets is not given:
// what an agent in a conversation needs most (read and write messages,
// react, see the channel), small enough that tools/list stays well under
// 30 KB. Pins and polls are one flag away.
var DefaultToolsets = []string{tsMessages, tsReactions, tsChannels}

func knownToolset(name string) bool {
	for _, t := range toolsets {
		if t.name == name {
			return true
		}
	}
	return false
}
