package discordtest

import (
	"net/url"
	"strings"
	"time"
)

// route is one row of the route table: Discord's template, its major
// parameter and bucket, and the handler.
type route struct {
	method   string
	template string
	segs     []string
	major    []string // placeholder names forming the major parameter
	bucket   string
	// noAuth routes carry their credential in the path (webhooks,
	// interactions) and are outside the global limit, as on Discord.
	noAuth bool
	handle func(e *Emulator, c *call) response
	// bucketFor overrides bucket for special cases (old message deletes).
	bucketFor func(c *call, now time.Time) string
}

func (r *route) key() string { return r.method + " " + r.template }

// routes is the table. Literal segments beat placeholders on a match, so
// /users/@me wins over /users/{user_id}.
var routes = buildRoutes(append([]route{
	{method: "GET", template: "/users/@me", bucket: BucketUserRead, handle: (*Emulator).getMe},
	{method: "GET", template: "/users/{user_id}", bucket: BucketUserRead, handle: (*Emulator).getUser},
	{method: "GET", template: "/users/@me/guilds", bucket: BucketUserGuilds, handle: (*Emulator).getMyGuilds},
	{method: "GET", template: "/guilds/{guild_id}", bucket: BucketGuildRead, handle: (*Emulator).getGuild},
	{method: "GET", template: "/guilds/{guild_id}/channels", bucket: BucketGuildRead, handle: (*Emulator).getGuildChannels},
	{method: "GET", template: "/guilds/{guild_id}/roles", bucket: BucketGuildRead, handle: (*Emulator).getGuildRoles},
	{method: "GET", template: "/guilds/{guild_id}/roles/{role_id}", bucket: BucketGuildRead, handle: (*Emulator).getGuildRole},
	{method: "GET", template: "/guilds/{guild_id}/members", bucket: BucketGuildMembers, handle: (*Emulator).listMembers},
	{method: "GET", template: "/guilds/{guild_id}/members/{user_id}", bucket: BucketGuildMembers, handle: (*Emulator).getMember},
	{method: "GET", template: "/channels/{channel_id}", bucket: BucketChannelRead, handle: (*Emulator).getChannel},
	{method: "PATCH", template: "/channels/{channel_id}", bucket: BucketChannelModify, handle: (*Emulator).patchChannel},
	{method: "DELETE", template: "/channels/{channel_id}", bucket: BucketChannelModify, handle: (*Emulator).deleteChannel},
	{method: "GET", template: "/channels/{channel_id}/messages", bucket: BucketMessageRead, handle: (*Emulator).listMessages},
	{method: "GET", template: "/channels/{channel_id}/messages/{message_id}", bucket: BucketMessageRead, handle: (*Emulator).getMessage},
	{method: "POST", template: "/channels/{channel_id}/messages", bucket: BucketMessageCreate, handle: (*Emulator).createMessage},
	{method: "PATCH", template: "/channels/{channel_id}/messages/{message_id}", bucket: BucketMessageModify, handle: (*Emulator).editMessage},
	{method: "DELETE", template: "/channels/{channel_id}/messages/{message_id}", bucket: BucketMessageModify, handle: (*Emulator).deleteMessage, bucketFor: deleteBucket},
	{method: "POST", template: "/channels/{channel_id}/messages/bulk-delete", bucket: BucketMessageBulkDelete, handle: (*Emulator).bulkDelete},
	{method: "PUT", template: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", bucket: BucketReaction, handle: (*Emulator).addReaction},
	{method: "DELETE", template: "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", bucket: BucketReaction, handle: (*Emulator).removeReaction},
	{method: "PUT", template: "/channels/{channel_id}/pins/{message_id}", bucket: BucketPin, handle: (*Emulator).pinMessage},
	{method: "DELETE", template: "/channels/{channel_id}/pins/{message_id}", bucket: BucketPin, handle: (*Emulator).unpinMessage},
	{method: "PUT", template: "/channels/{channel_id}/messages/pins/{message_id}", bucket: BucketPin, handle: (*Emulator).pinMessage},
	{method: "DELETE", template: "/channels/{channel_id}/messages/pins/{message_id}", bucket: BucketPin, handle: (*Emulator).unpinMessage},
	{method: "POST", template: "/channels/{channel_id}/typing", bucket: BucketTyping, handle: (*Emulator).typing},
	{method: "POST", template: "/interactions/{interaction_id}/{interaction_token}/callback", bucket: BucketInteraction, noAuth: true, handle: (*Emulator).interactionCallback},
	{method: "GET", template: "/channels/{channel_id}/webhooks", bucket: BucketChannelRead, handle: (*Emulator).getChannelWebhooks},
	{method: "GET", template: "/guilds/{guild_id}/webhooks", bucket: BucketGuildRead, handle: (*Emulator).getGuildWebhooks},
	{method: "GET", template: "/guilds/{guild_id}/threads/active", bucket: BucketGuildRead, handle: (*Emulator).getActiveThreads},
}, concatRoutes(messageToolRoutes, webhookRoutes, applicationRoutes, emojiRoutes, commandRoutes, eventRoutes, voiceRoutes, soundboardRoutes, stickerRoutes)...))

// concatRoutes joins the per-resource route tables.
func concatRoutes(parts ...[]route) []route {
	var out []route
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func buildRoutes(rs []route) []route {
	for i := range rs {
		r := &rs[i]
		r.segs = strings.Split(strings.TrimPrefix(r.template, "/"), "/")
		switch {
		case strings.HasPrefix(r.template, "/channels/"):
			r.major = []string{"channel_id"}
		case strings.HasPrefix(r.template, "/guilds/"):
			r.major = []string{"guild_id"}
		case strings.HasPrefix(r.template, "/webhooks/"):
			r.major = []string{"webhook_id", "webhook_token"}
		case strings.HasPrefix(r.template, "/interactions/"):
			r.major = []string{"interaction_id", "interaction_token"}
		}
	}
	return rs
}

// deleteBucket sends deletes of messages older than 14 days to their own,
// slower bucket, judged by the id's timestamp like Discord.
func deleteBucket(c *call, now time.Time) string {
	if id, ok := ParseSnowflake(c.param("message_id")); ok && now.Sub(id.Time()) > 14*24*time.Hour {
		return BucketMessageDeleteOld
	}
	return BucketMessageModify
}

// param is one path parameter by placeholder name.
type param struct{ name, value string }

// match finds the route for method and path (after /api/vN). It returns
// found=false for an unknown path and a nil route with found=true when the
// path is known but not for this method.
func match(method, path string) (r *route, params []param, found bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	best := -1
	for i := range routes {
		rt := &routes[i]
		lit, ok := matchSegs(rt.segs, segs)
		if !ok {
			continue
		}
		found = true
		if rt.method == method && lit > best {
			best, r = lit, rt
		}
	}
	if r == nil {
		return nil, nil, found
	}
	for i, s := range r.segs {
		if strings.HasPrefix(s, "{") {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				v = segs[i]
			}
			params = append(params, param{strings.Trim(s, "{}"), v})
		}
	}
	return r, params, true
}

// matchSegs reports whether path segments fit a template and how many
// literal segments matched.
func matchSegs(tmpl, segs []string) (int, bool) {
	if len(tmpl) != len(segs) {
		return 0, false
	}
	lit := 0
	for i, t := range tmpl {
		switch {
		case strings.HasPrefix(t, "{"):
			if segs[i] == "" {
				return 0, false
			}
		case t == segs[i]:
			lit++
		default:
			return 0, false
		}
	}
	return lit, true
}
