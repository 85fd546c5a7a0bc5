package discordtest

import (
	"slices"
	"time"

	api "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// route is one row of the route table: method, Discord's template (an
// api.T… constant from proxy/route, whose Parse is the emulator's only
// matcher), bucket and handler.
type route struct {
	method   string
	template string
	bucket   string
	// noAuth routes carry their credential in the path (webhooks,
	// interactions) and are outside the global limit, as on Discord.
	noAuth bool
	handle func(e *Emulator, c *call) response
	// bucketFor overrides bucket for special cases (old message deletes).
	bucketFor func(c *call, now time.Time) string
}

func (r *route) key() string { return r.method + " " + r.template }

// routes is the table, indexed by method and template. route.Parse decides
// which template a path is (so /users/@me is never /users/{user_id}).
var routes = buildRoutes(append([]route{
	{method: "GET", template: api.TUsersMe, bucket: BucketUserRead, handle: (*Emulator).getMe},
	{method: "GET", template: api.TUsersUserID, bucket: BucketUserRead, handle: (*Emulator).getUser},
	{method: "GET", template: api.TUsersMeGuilds, bucket: BucketUserGuilds, handle: (*Emulator).getMyGuilds},
	{method: "GET", template: api.TGuildsGuildID, bucket: BucketGuildRead, handle: (*Emulator).getGuild},
	{method: "GET", template: api.TGuildsGuildIDChannels, bucket: BucketGuildRead, handle: (*Emulator).getGuildChannels},
	{method: "GET", template: api.TGuildsGuildIDRoles, bucket: BucketGuildRead, handle: (*Emulator).getGuildRoles},
	{method: "GET", template: api.TGuildsGuildIDRolesRoleID, bucket: BucketGuildRead, handle: (*Emulator).getGuildRole},
	{method: "GET", template: api.TGuildsGuildIDMembers, bucket: BucketGuildMembers, handle: (*Emulator).listMembers},
	{method: "GET", template: api.TGuildsGuildIDMembersUserID, bucket: BucketGuildMembers, handle: (*Emulator).getMember},
	{method: "GET", template: api.TChannelsChannelID, bucket: BucketChannelRead, handle: (*Emulator).getChannel},
	{method: "PATCH", template: api.TChannelsChannelID, bucket: BucketChannelModify, handle: (*Emulator).patchChannel},
	{method: "DELETE", template: api.TChannelsChannelID, bucket: BucketChannelModify, handle: (*Emulator).deleteChannel},
	{method: "GET", template: api.TChannelsChannelIDMessages, bucket: BucketMessageRead, handle: (*Emulator).listMessages},
	{method: "GET", template: api.TChannelsChannelIDMessagesMessageID, bucket: BucketMessageRead, handle: (*Emulator).getMessage},
	{method: "POST", template: api.TChannelsChannelIDMessages, bucket: BucketMessageCreate, handle: (*Emulator).createMessage},
	{method: "PATCH", template: api.TChannelsChannelIDMessagesMessageID, bucket: BucketMessageModify, handle: (*Emulator).editMessage},
	{method: "DELETE", template: api.TChannelsChannelIDMessagesMessageID, bucket: BucketMessageModify, handle: (*Emulator).deleteMessage, bucketFor: deleteBucket},
	{method: "POST", template: api.TChannelsChannelIDMessagesBulkDelete, bucket: BucketMessageBulkDelete, handle: (*Emulator).bulkDelete},
	{method: "PUT", template: api.TChannelsChannelIDMessagesMessageIDReactionsEmojiNameMe, bucket: BucketReaction, handle: (*Emulator).addReaction},
	{method: "DELETE", template: api.TChannelsChannelIDMessagesMessageIDReactionsEmojiNameMe, bucket: BucketReaction, handle: (*Emulator).removeReaction},
	{method: "PUT", template: api.TChannelsChannelIDPinsMessageID, bucket: BucketPin, handle: (*Emulator).pinMessage},
	{method: "DELETE", template: api.TChannelsChannelIDPinsMessageID, bucket: BucketPin, handle: (*Emulator).unpinMessage},
	{method: "PUT", template: api.TChannelsChannelIDMessagesPinsMessageID, bucket: BucketPin, handle: (*Emulator).pinMessage},
	{method: "DELETE", template: api.TChannelsChannelIDMessagesPinsMessageID, bucket: BucketPin, handle: (*Emulator).unpinMessage},
	{method: "POST", template: api.TChannelsChannelIDTyping, bucket: BucketTyping, handle: (*Emulator).typing},
	{method: "POST", template: api.TInteractionsInteractionIDInteractionTokenCallback, bucket: BucketInteraction, noAuth: true, handle: (*Emulator).interactionCallback},
	{method: "GET", template: api.TChannelsChannelIDWebhooks, bucket: BucketChannelRead, handle: (*Emulator).getChannelWebhooks},
	{method: "GET", template: api.TGuildsGuildIDWebhooks, bucket: BucketGuildRead, handle: (*Emulator).getGuildWebhooks},
	{method: "GET", template: api.TGuildsGuildIDThreadsActive, bucket: BucketGuildRead, handle: (*Emulator).getActiveThreads},
}, slices.Concat(messageToolRoutes, threadRoutes, threadMemberRoutes, dmRoutes, searchRoutes, channelManageRoutes, inviteRoutes, inviteMoreRoutes,
	webhookRoutes, applicationRoutes, emojiRoutes, commandRoutes, eventRoutes, voiceRoutes, soundboardRoutes, stickerRoutes, adminRoutes)...))

// routeIndex finds a row by method and template.
type routeIndex struct {
	rows map[[2]string]*route
	// served holds every template with at least one row, so a path that is
	// served for another method answers 405 as on Discord.
	served map[string]bool
	// dups lists rows whose method and template an earlier row already
	// serves; TestRouteListing fails on any.
	dups []string
}

func buildRoutes(rs []route) routeIndex {
	ix := routeIndex{rows: make(map[[2]string]*route, len(rs)), served: make(map[string]bool, len(rs))}
	for i := range rs {
		r := &rs[i]
		if ix.rows[[2]string{r.method, r.template}] != nil {
			ix.dups = append(ix.dups, r.key())
		}
		ix.rows[[2]string{r.method, r.template}] = r
		ix.served[r.template] = true
	}
	return ix
}

// deleteBucket sends deletes of messages older than 14 days to their own,
// slower bucket, judged by the id's timestamp like Discord.
func deleteBucket(c *call, now time.Time) string {
	if id, ok := ParseSnowflake(c.param("message_id")); ok && now.Sub(id.Time()) > 14*24*time.Hour {
		return BucketMessageDeleteOld
	}
	return BucketMessageModify
}

// match parses method and path (after /api/vN) with route.Parse and finds
// the row serving its template. It returns found=false for a path the
// emulator does not serve, and a nil row with found=true when the template
// is served for other methods and Discord publishes none for this one.
func match(method, path string) (r *route, rt api.Route, found bool) {
	rt, err := api.Parse(method, path)
	if err != nil {
		return nil, rt, false
	}
	if r = routes.rows[[2]string{method, rt.Template}]; r != nil {
		return r, rt, true
	}
	// A published method the emulator does not serve is refused with 404,
	// like any path it does not know; 405 is for methods Discord has not
	// published on the template.
	return nil, rt, routes.served[rt.Template] && !rt.Known
}
