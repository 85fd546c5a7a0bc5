package tools

import (
	"github.com/tidwall/gjson"
)

// resPick is one output key and the gjson path it is read from.
type resPick struct{ key, path string }

// The fields each resource keeps of Discord's answer: enough for a person
// or a model to act on, without Discord's bulk.
var (
	guildPicks   = []resPick{{"id", "id"}, {"name", "name"}, {"icon", "icon"}, {"owner", "owner"}, {"permissions", "permissions"}}
	guildFull    = []resPick{{"id", "id"}, {"name", "name"}, {"description", "description"}, {"owner_id", "owner_id"}, {"preferred_locale", "preferred_locale"}, {"features", "features"}, {"approximate_member_count", "approximate_member_count"}, {"approximate_presence_count", "approximate_presence_count"}, {"system_channel_id", "system_channel_id"}}
	channelPicks = []resPick{{"id", "id"}, {"name", "name"}, {"type", "type"}, {"guild_id", "guild_id"}, {"parent_id", "parent_id"}, {"position", "position"}, {"topic", "topic"}, {"nsfw", "nsfw"}, {"rate_limit_per_user", "rate_limit_per_user"}}
	rolePicks    = []resPick{{"id", "id"}, {"name", "name"}, {"color", "color"}, {"position", "position"}, {"permissions", "permissions"}, {"managed", "managed"}, {"mentionable", "mentionable"}, {"hoist", "hoist"}}
	memberPicks  = []resPick{{"user_id", "user.id"}, {"username", "user.username"}, {"global_name", "user.global_name"}, {"nick", "nick"}, {"bot", "user.bot"}, {"roles", "roles"}, {"joined_at", "joined_at"}}
	messagePicks = []resPick{{"id", "id"}, {"channel_id", "channel_id"}, {"author_id", "author.id"}, {"author_name", "author.username"}, {"content", "content"}, {"timestamp", "timestamp"}, {"edited_timestamp", "edited_timestamp"}, {"pinned", "pinned"}, {"reply_to", "message_reference.message_id"}, {"attachments", "attachments"}, {"embeds", "embeds.#"}}
)

// compact writes the resource's JSON from Discord's answer.
func compact(u *resURI, body []byte) []byte {
	root := gjson.ParseBytes(body)
	w := &buf{}
	switch u.kind {
	case resGuilds:
		pickArray(w, root, guildPicks)
	case resGuild:
		pickObject(w, root, guildFull)
	case resGuildChannels:
		pickArray(w, root, channelPicks)
	case resGuildRoles:
		pickArray(w, root, rolePicks)
	case resGuildMembers:
		w.open('{')
		w.key("members")
		pickArray(w, root, memberPicks)
		if last := lastUser(root); last != "" && root.Get("#").String() == membersPage {
			w.key("next") // a full page: there may be more
			w.str(uriScheme + "guilds/" + u.guild + "/members?after=" + last)
		}
		w.close('}')
	case resChannel:
		pickObject(w, root, channelPicks)
	case resChannelMessages:
		pickArray(w, root, messagePicks)
	case resMessage:
		pickObject(w, root, messagePicks)
	case resChannelPins:
		w.open('{')
		w.key("pins")
		w.open('[')
		root.Get("items").ForEach(func(_, it gjson.Result) bool {
			pickObject(w, it.Get("message"), messagePicks)
			return true
		})
		w.close(']')
		w.close('}')
	}
	return w.bytes()
}

// lastUser is the user id of a members page's last entry.
func lastUser(root gjson.Result) string {
	arr := root.Array()
	if len(arr) == 0 {
		return ""
	}
	return arr[len(arr)-1].Get("user.id").String()
}

func pickArray(w *buf, arr gjson.Result, picks []resPick) {
	w.open('[')
	arr.ForEach(func(_, v gjson.Result) bool {
		pickObject(w, v, picks)
		return true
	})
	w.close(']')
}

// pickObject writes the picked fields that exist, as Discord sent them.
func pickObject(w *buf, v gjson.Result, picks []resPick) {
	w.open('{')
	for _, p := range picks {
		if f := v.Get(p.path); f.Exists() {
			w.key(p.key)
			if p.key == "attachments" {
				pickArray(w, f, attachmentPicks)
				continue
			}
			w.raw(f.Raw)
		}
	}
	w.close('}')
}

var attachmentPicks = []resPick{{"id", "id"}, {"filename", "filename"}, {"content_type", "content_type"}, {"size", "size"}, {"url", "url"}, {"width", "width"}, {"height", "height"}}
