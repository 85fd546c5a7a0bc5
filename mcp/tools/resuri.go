package tools

import (
	"net/url"
	"strings"
)

// resKind names one resource template.
type resKind uint8

const (
	resGuilds resKind = iota + 1
	resGuild
	resGuildChannels
	resGuildRoles
	resGuildMembers
	resChannel
	resChannelMessages
	resMessage
	resChannelPins
)

// resURI is a parsed discord:// URI.
type resURI struct {
	kind                    resKind
	guild, channel, message string
	after                   string // members page: the last user id of the previous page
	uri                     string // as the client sent it
}

const uriScheme = "discord://"

// parseResURI parses a resource URI; ok is false for anything this
// catalog does not serve (ids must be snowflakes, no stray parts).
func parseResURI(uri string) (resURI, bool) {
	rest, found := strings.CutPrefix(uri, uriScheme)
	if !found {
		return resURI{}, false
	}
	path, query, _ := strings.Cut(rest, "?")
	segs := strings.Split(path, "/")
	u := resURI{uri: uri}
	switch {
	case len(segs) == 1 && segs[0] == "guilds":
		u.kind = resGuilds
	case len(segs) >= 2 && segs[0] == "guilds" && isID(segs[1]):
		u.guild = segs[1]
		u.kind = guildSub(segs[2:])
	case len(segs) >= 2 && segs[0] == "channels" && isID(segs[1]):
		u.channel = segs[1]
		u.kind = channelSub(segs[2:])
		if u.kind == resMessage {
			u.message = segs[3]
		}
	}
	if u.kind == 0 {
		return resURI{}, false
	}
	return u, u.readQuery(query)
}

func guildSub(segs []string) resKind {
	switch {
	case len(segs) == 0:
		return resGuild
	case len(segs) > 1:
		return 0
	}
	switch segs[0] {
	case "channels":
		return resGuildChannels
	case "roles":
		return resGuildRoles
	case "members":
		return resGuildMembers
	}
	return 0
}

func channelSub(segs []string) resKind {
	switch {
	case len(segs) == 0:
		return resChannel
	case len(segs) == 1 && segs[0] == "messages":
		return resChannelMessages
	case len(segs) == 1 && segs[0] == "pins":
		return resChannelPins
	case len(segs) == 2 && segs[0] == "messages" && isID(segs[1]):
		return resMessage
	}
	return 0
}

// readQuery accepts only the members page cursor.
func (u *resURI) readQuery(q string) bool {
	if q == "" {
		return true
	}
	v, err := url.ParseQuery(q)
	if err != nil || u.kind != resGuildMembers || len(v) != 1 || len(v["after"]) != 1 || !isID(v.Get("after")) {
		return false
	}
	u.after = v.Get("after")
	return true
}

// apiPath is the Discord request that reads the resource.
func (u *resURI) apiPath() (path, query string) {
	switch u.kind {
	case resGuilds:
		return "/users/@me/guilds", ""
	case resGuild:
		return "/guilds/" + u.guild, "with_counts=true"
	case resGuildChannels:
		return "/guilds/" + u.guild + "/channels", ""
	case resGuildRoles:
		return "/guilds/" + u.guild + "/roles", ""
	case resGuildMembers:
		q := "limit=" + membersPage
		if u.after != "" {
			q = "after=" + u.after + "&" + q
		}
		return "/guilds/" + u.guild + "/members", q
	case resChannel:
		return "/channels/" + u.channel, ""
	case resChannelMessages:
		return "/channels/" + u.channel + "/messages", "limit=50"
	case resMessage:
		return "/channels/" + u.channel + "/messages/" + u.message, ""
	case resChannelPins:
		return "/channels/" + u.channel + "/messages/pins", ""
	}
	return "", ""
}

// membersPage is how many members one page of the members resource holds.
const membersPage = "100"

// isID reports a snowflake: 17-20 digits.
func isID(s string) bool {
	if len(s) < 17 || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
