package tools

import (
	"strconv"

	"github.com/tidwall/gjson"
)

// permNames are Discord's permission names by bit (as its docs and client
// spell them), for overwrites given by name.
var permNames = []struct {
	name string
	bit  uint
}{
	{"CreateInstantInvite", 0}, {"KickMembers", 1}, {"BanMembers", 2}, {"Administrator", 3},
	{"ManageChannels", 4}, {"ManageGuild", 5}, {"AddReactions", 6}, {"ViewAuditLog", 7},
	{"PrioritySpeaker", 8}, {"Stream", 9}, {"ViewChannel", 10}, {"SendMessages", 11},
	{"SendTTSMessages", 12}, {"ManageMessages", 13}, {"EmbedLinks", 14}, {"AttachFiles", 15},
	{"ReadMessageHistory", 16}, {"MentionEveryone", 17}, {"UseExternalEmojis", 18}, {"ViewGuildInsights", 19},
	{"Connect", 20}, {"Speak", 21}, {"MuteMembers", 22}, {"DeafenMembers", 23},
	{"MoveMembers", 24}, {"UseVAD", 25}, {"ChangeNickname", 26}, {"ManageNicknames", 27},
	{"ManageRoles", 28}, {"ManageWebhooks", 29}, {"ManageGuildExpressions", 30}, {"UseApplicationCommands", 31},
	{"RequestToSpeak", 32}, {"ManageEvents", 33}, {"ManageThreads", 34}, {"CreatePublicThreads", 35},
	{"CreatePrivateThreads", 36}, {"UseExternalStickers", 37}, {"SendMessagesInThreads", 38}, {"UseEmbeddedActivities", 39},
	{"ModerateMembers", 40}, {"ViewCreatorMonetizationAnalytics", 41}, {"UseSoundboard", 42}, {"CreateGuildExpressions", 43},
	{"CreateEvents", 44}, {"UseExternalSounds", 45}, {"SendVoiceMessages", 46}, {"SetVoiceChannelStatus", 48},
	{"SendPolls", 49}, {"UseExternalApps", 50}, {"PinMessages", 51}, {"BypassSlowmode", 52},
}

// maxPermBits is every bit permNames knows: an integer beyond it names a
// permission Discord does not define.
var maxPermBits = func() int64 {
	var m int64
	for _, p := range permNames {
		m |= 1 << p.bit
	}
	return m
}()

// permsT is a permission set: a list of names, or the integer Discord
// uses. It is sent as the integer (Discord's schema types it so).
type permsT struct{}

func (permsT) schema(w *buf) {
	w.key("anyOf")
	w.open('[')
	w.open('{')
	w.key("type")
	w.str("array")
	w.key("uniqueItems")
	w.bool(true)
	w.key("items")
	w.open('{')
	w.key("type")
	w.str("string")
	w.key("enum")
	w.open('[')
	for _, p := range permNames {
		w.comma()
		w.str(p.name)
	}
	w.close(']')
	w.close('}')
	w.close('}')
	w.open('{')
	w.key("type")
	w.str("integer")
	w.key("minimum")
	w.int(0)
	w.close('}')
	w.close(']')
}

func (t permsT) check(name string, v gjson.Result) error {
	_, err := t.bits(name, v)
	return err
}

// bits is the value as Discord's integer.
func (permsT) bits(name string, v gjson.Result) (int64, error) {
	switch {
	case v.Type == gjson.Number:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		if err != nil || n < 0 || n&^maxPermBits != 0 {
			return 0, badArg("%s must be a permission integer of Discord's defined bits", name)
		}
		return n, nil
	case v.IsArray():
		var n int64
		var err error
		v.ForEach(func(_, item gjson.Result) bool {
			bit, ok := permBit(item)
			if !ok {
				err = badArg("%s: %s is not a Discord permission name (ViewChannel, SendMessages, …)", name, item.Raw)
				return false
			}
			n |= 1 << bit
			return true
		})
		return n, err
	}
	return 0, badArg("%s must be a list of permission names or an integer", name)
}

func permBit(v gjson.Result) (uint, bool) {
	if v.Type != gjson.String {
		return 0, false
	}
	for _, p := range permNames {
		if p.name == v.Str {
			return p.bit, true
		}
	}
	return 0, false
}

func (t permsT) encode(w *buf, v gjson.Result) {
	n, _ := t.bits("", v)
	w.int(n)
}

func (t permsT) text(v gjson.Result) string {
	n, _ := t.bits("", v)
	return strconv.FormatInt(n, 10)
}
