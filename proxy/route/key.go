package route

// Templates of Discord's special buckets.
const (
	reactionsTemplate = "/channels/{channel_id}/messages/{message_id}/reactions"
	emojisTemplate    = "/guilds/{guild_id}/emojis"
	messageTemplate   = "/channels/{channel_id}/messages/{message_id}"

	// OldMessageDeleteTemplate is the Key.Template of DELETE of a message
	// older than 14 days, which Discord limits in a separate, slower bucket.
	// '#' never occurs in a real template, so it cannot collide with one.
	OldMessageDeleteTemplate = messageTemplate + "#older-than-14-days"

	// AnyMethod is the Key.Method of buckets shared by all methods of a
	// route family (reactions, guild emojis).
	AnyMethod = "*"
)

// Key returns the rate-limit bucket key of r:
//   - Method + Template + major key (the id; "id/token" for webhook and
//     interaction tokens, so each token has its own bucket);
//   - every reaction route of a channel, whatever the method and message,
//     shares Key{AnyMethod, "/channels/{channel_id}/messages/{message_id}/reactions", channel};
//   - every guild emoji route of a guild shares Key{AnyMethod, "/guilds/{guild_id}/emojis", guild},
//     since Discord limits emojis per guild and its headers there may be wrong;
//   - DELETE of a message older than 14 days (by its snowflake, at parse
//     time) uses OldMessageDeleteTemplate.
//
// Key does not allocate.
func (r *Route) Key() Key {
	k := Key{Method: r.Method, Template: r.Template, Major: r.majorKey}
	switch r.special {
	case specReaction:
		k.Method, k.Template = AnyMethod, reactionsTemplate
	case specEmoji:
		k.Method, k.Template = AnyMethod, emojisTemplate
	case specOldMessageDelete:
		k.Template = OldMessageDeleteTemplate
	}
	return k
}

// OldMessage reports whether r is a DELETE of a message older than 14 days.
func (r *Route) OldMessage() bool { return r.special == specOldMessageDelete }
