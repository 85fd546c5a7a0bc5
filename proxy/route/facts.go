package route

import "strings"

// Facts is what the firewall needs to know about one route (a method on a
// template) beyond its path: what its body can grant or ping, whom it
// reaches, and what its answer carries. One table (factRows) holds the
// hand-made facts, keyed by the generated template constants; the rest
// (untargeted, unresolvable) is derived from the template at init. Policy,
// proxy and tools read it instead of comparing template strings.
type Facts struct {
	Flags  Flag
	Shape  Shape  // how policy reads and rewrites the body
	Body   Body   // which encodings Discord accepts for the body
	Answer Answer // what a successful answer holds, for filtering
}

// Has reports whether every flag in f is set.
func (x Facts) Has(f Flag) bool { return x.Flags&f == f }

// CanPing reports whether the body can ping people (a message, or a flag
// that notifies @everyone).
func (x Facts) CanPing() bool { return x.Shape >= ShapeMessage && x.Shape <= ShapeStageInstance }

// Flag is one yes/no fact.
type Flag uint16

const (
	// GrantsRoles: the request hands out or reorders existing roles
	// whatever its body says (a role in the path, role positions).
	GrantsRoles Flag = 1 << iota
	// GrantsRolesByBody: the body hands out the roles it names (members'
	// roles, onboarding options' role_ids, invites' role_ids).
	GrantsRolesByBody
	// Untargeted: a write naming no guild, channel or user: it acts
	// wherever the bot is. Derived.
	Untargeted
	// Unresolvable: the route's channel cannot be learnt (webhook and
	// interaction tokens, invites, lobbies). Derived.
	Unresolvable
	// UnnamedUsers: acts on users the request does not name (prune,
	// clearing reactions, replacing an invite's user list).
	UnnamedUsers
	// HidesChannels / HidesUsers: a read whose answer holds other channels
	// or users in a form that cannot be filtered out.
	HidesChannels
	HidesUsers
	// ChannelsByQuery: a read over every channel of a guild unless its
	// query names channel_id (guild message search).
	ChannelsByQuery
	// NeedsMembersIntent / NeedsPresenceIntent: Discord gates the route on
	// the privileged intent (listing members) or its answer carries
	// presences (the widget's member statuses): refused without it.
	NeedsMembersIntent
	NeedsPresenceIntent
	// MatchesContent: some query parameters match message text, which
	// then shows through the matches (guild message search).
	MatchesContent
	// ObjectInChannel: a write to an object that sits in a channel the
	// path does not name (a scheduled event, an auto-moderation rule's
	// alert channel).
	ObjectInChannel
)

// Shape is how policy reads a route's body.
type Shape uint8

const (
	ShapePlain          Shape = iota
	ShapeMessage              // a message: allowed_mentions at top level
	ShapeForumPost            // a thread whose first message is in "message"
	ShapeCallback             // an interaction callback: a message in "data"
	ShapeForeignWebhook       // Slack/GitHub-compatible: cannot carry allowed_mentions
	ShapeStageInstance        // send_start_notification pings @everyone
	ShapeDMCreate             // POST /users/@me/channels
	ShapeOverwrite            // a permission overwrite; its id is in the path
	ShapePositions            // an array of channel ids and positions
)

// Body is the encodings a route's body may come in.
type Body uint8

const (
	BodyJSON          Body = iota
	BodyMultipart          // JSON, or multipart/form-data with payload_json
	BodyMultipartOnly      // multipart/form-data only (file uploads)
)

// Answer names what a successful answer holds, where filtering matters.
type Answer uint8

const (
	AnswerOther         Answer = iota
	AnswerMessage              // a message object
	AnswerMessages             // an array of messages
	AnswerPins                 // {"items":[{"message":…}]}
	AnswerThreads              // {"threads":[…],"members":[…],"first_messages":[…]}
	AnswerSearch               // {"messages":[[…]],"threads":[…],"members":[…]}
	AnswerCallback             // {"resource":{"message":…}}
	AnswerForumPost            // a channel object with its first "message"
	AnswerWebhook              // a webhook object (token, url)
	AnswerWebhooks             // an array of webhooks
	AnswerAuditLog             // {"webhooks":[…],…}
	AnswerChannels             // an array of channels
	AnswerMembers              // an array of objects with "user":{"id"} (members, bans, event users)
	AnswerUsers                // an array of users
	AnswerThreadMembers        // an array of objects with "user_id"
	AnswerGuilds               // an array of partial guilds
	AnswerInvites              // an array of invites with "channel":{"id"}
	AnswerPollVoters           // {"users":[…]}
	AnswerEvents               // an array of scheduled events with "channel_id" (null when external)
	AnswerEvent                // one scheduled event: withheld when its channel is out of scope
	AnswerWelcome              // a welcome screen: "welcome_channels" with "channel_id"
	AnswerUserFields           // objects naming users in passing (emoji, sticker, invite creators)
)

// factRow is one hand-made row.
type factRow struct {
	method   string
	template string
	facts    Facts
}

// factRows lists every route with a fact worth knowing, from Discord's
// published request and response schemas (discord-api-spec openapi.json):
// bodies with allowed_mentions, role_ids, roles or send_start_notification;
// multipart request bodies; answers with webhook tokens, messages, or
// lists of channels, users and guilds.
var factRows = []factRow{
	// Bodies that grant roles.
	{"PUT", TGuildsGuildIDMembersUserIDRolesRoleID, Facts{Flags: GrantsRoles}},
	{"PATCH", TGuildsGuildIDRoles, Facts{Flags: GrantsRoles | UnnamedUsers}},
	{"PUT", TApplicationsApplicationIDGuildsGuildIDCommandsCommandIDPermissions, Facts{Flags: GrantsRoles}},
	{"PUT", TApplicationsApplicationIDRoleConnectionsMetadata, Facts{Flags: GrantsRoles}},
	{"PUT", TUsersMeApplicationsApplicationIDRoleConnection, Facts{Flags: GrantsRoles}},
	{"PUT", TGuildsGuildIDMembersUserID, Facts{Flags: GrantsRolesByBody}},
	{"PATCH", TGuildsGuildIDMembersUserID, Facts{Flags: GrantsRolesByBody}},
	{"PUT", TGuildsGuildIDOnboarding, Facts{Flags: GrantsRolesByBody | HidesChannels}},

	// Bodies that can ping.
	{"POST", TChannelsChannelIDMessages, Facts{Shape: ShapeMessage, Body: BodyMultipart, Answer: AnswerMessage}},
	{"PATCH", TChannelsChannelIDMessagesMessageID, Facts{Shape: ShapeMessage, Body: BodyMultipart, Answer: AnswerMessage}},
	{"POST", TChannelsChannelIDThreads, Facts{Shape: ShapeForumPost, Body: BodyMultipart, Answer: AnswerForumPost}},
	{"POST", TWebhooksWebhookIDWebhookToken, Facts{Shape: ShapeMessage, Body: BodyMultipart, Answer: AnswerMessage}},
	{"PATCH", TWebhooksWebhookIDWebhookTokenMessagesOriginal, Facts{Shape: ShapeMessage, Body: BodyMultipart, Answer: AnswerMessage}},
	{"PATCH", TWebhooksWebhookIDWebhookTokenMessagesMessageID, Facts{Shape: ShapeMessage, Body: BodyMultipart, Answer: AnswerMessage}},
	{"POST", TWebhooksWebhookIDWebhookTokenSlack, Facts{Shape: ShapeForeignWebhook, Body: BodyMultipart}},
	{"POST", TWebhooksWebhookIDWebhookTokenGithub, Facts{Shape: ShapeForeignWebhook}},
	{"POST", TInteractionsInteractionIDInteractionTokenCallback, Facts{Shape: ShapeCallback, Body: BodyMultipart, Answer: AnswerCallback}},
	{"POST", TLobbiesLobbyIDMessages, Facts{Shape: ShapeMessage, Body: BodyMultipart, Answer: AnswerMessage}},
	{"POST", TStageInstances, Facts{Shape: ShapeStageInstance}},

	// Other body shapes policy reads.
	{"POST", TUsersMeChannels, Facts{Shape: ShapeDMCreate}},
	{"PUT", TChannelsChannelIDPermissionsOverwriteID, Facts{Shape: ShapeOverwrite}},
	{"DELETE", TChannelsChannelIDPermissionsOverwriteID, Facts{Shape: ShapeOverwrite}},
	{"PATCH", TGuildsGuildIDChannels, Facts{Shape: ShapePositions}},

	// Other multipart bodies.
	{"POST", TApplicationsApplicationIDAttachment, Facts{Body: BodyMultipartOnly}},
	{"POST", TGuildsGuildIDStickers, Facts{Body: BodyMultipartOnly, Answer: AnswerUserFields}},
	{"PUT", TInvitesCodeTargetUsers, Facts{Flags: UnnamedUsers, Body: BodyMultipartOnly}},
	{"PUT", TLobbiesLobbyIDMessagesMessageIDModerationMetadata, Facts{Body: BodyMultipart}},
	{"PUT", TPartnerSDKDMsUserID1UserID2MessagesMessageIDModerationMetadata, Facts{Body: BodyMultipart}},

	// Acts on users it does not name.
	{"POST", TGuildsGuildIDPrune, Facts{Flags: UnnamedUsers}},
	{"DELETE", TChannelsChannelIDMessagesMessageIDReactions, Facts{Flags: UnnamedUsers}},
	{"DELETE", TChannelsChannelIDMessagesMessageIDReactionsEmojiName, Facts{Flags: UnnamedUsers}},
	{"POST", TLobbiesLobbyIDMembersBulk, Facts{Flags: UnnamedUsers}},
	{"PUT", TGuildsGuildIDIncidentActions, Facts{Flags: UnnamedUsers}},
	// Lobby bodies name their members as members[].id, which policy does
	// not read as users.
	{"POST", TLobbies, Facts{Flags: UnnamedUsers | HidesUsers | HidesChannels}},
	{"PUT", TLobbies, Facts{Flags: UnnamedUsers | HidesUsers | HidesChannels}},
	{"PATCH", TLobbiesLobbyID, Facts{Flags: UnnamedUsers | HidesUsers | HidesChannels}},
	// A role change (or reordering) reaches every member holding the role.
	{"PATCH", TGuildsGuildIDRolesRoleID, Facts{Flags: UnnamedUsers}},
	{"DELETE", TGuildsGuildIDRolesRoleID, Facts{Flags: UnnamedUsers}},
	// Approving or rejecting a join request acts on a user the path does
	// not name.
	{"PATCH", TGuildsGuildIDRequestsRequestID, Facts{Flags: UnnamedUsers | HidesUsers}},

	// Answers with messages.
	{"GET", TChannelsChannelIDMessages, Facts{Answer: AnswerMessages}},
	{"GET", TChannelsChannelIDMessagesMessageID, Facts{Answer: AnswerMessage}},
	{"POST", TChannelsChannelIDMessagesMessageIDCrosspost, Facts{Answer: AnswerMessage}},
	{"POST", TChannelsChannelIDPollsMessageIDExpire, Facts{Answer: AnswerMessage}},
	{"GET", TChannelsChannelIDPins, Facts{Answer: AnswerMessages}},
	{"GET", TChannelsChannelIDMessagesPins, Facts{Answer: AnswerPins}},
	{"GET", TChannelsChannelIDThreadsArchivedPrivate, Facts{Answer: AnswerThreads}},
	{"GET", TChannelsChannelIDThreadsArchivedPublic, Facts{Answer: AnswerThreads}},
	{"GET", TChannelsChannelIDThreadsSearch, Facts{Answer: AnswerThreads}},
	{"GET", TChannelsChannelIDUsersMeThreadsArchivedPrivate, Facts{Answer: AnswerThreads}},
	{"GET", TGuildsGuildIDThreadsActive, Facts{Answer: AnswerThreads}},
	{"GET", TGuildsGuildIDMessagesSearch, Facts{Flags: ChannelsByQuery | MatchesContent, Answer: AnswerSearch}},
	{"GET", TLobbiesLobbyIDMessages, Facts{Answer: AnswerMessages}},
	{"GET", TWebhooksWebhookIDWebhookTokenMessagesOriginal, Facts{Answer: AnswerMessage}},
	{"GET", TWebhooksWebhookIDWebhookTokenMessagesMessageID, Facts{Answer: AnswerMessage}},

	// Answers with webhook tokens.
	{"GET", TChannelsChannelIDWebhooks, Facts{Answer: AnswerWebhooks}},
	{"POST", TChannelsChannelIDWebhooks, Facts{Answer: AnswerWebhook}},
	{"GET", TGuildsGuildIDWebhooks, Facts{Answer: AnswerWebhooks}},
	{"GET", TWebhooksWebhookID, Facts{Answer: AnswerWebhook}},
	{"PATCH", TWebhooksWebhookID, Facts{Answer: AnswerWebhook}},
	{"GET", TWebhooksWebhookIDWebhookToken, Facts{Answer: AnswerWebhook}},
	{"PATCH", TWebhooksWebhookIDWebhookToken, Facts{Answer: AnswerWebhook}},
	{"GET", TGuildsGuildIDAuditLogs, Facts{Flags: HidesChannels | HidesUsers, Answer: AnswerAuditLog}},

	// Answers listing other channels, users and guilds.
	{"GET", TGuildsGuildIDChannels, Facts{Answer: AnswerChannels}},
	{"GET", TGuildsGuildIDMembers, Facts{Flags: NeedsMembersIntent, Answer: AnswerMembers}},
	{"GET", TGuildsGuildIDMembersSearch, Facts{Flags: NeedsMembersIntent, Answer: AnswerMembers}},
	{"GET", TGuildsGuildIDBans, Facts{Answer: AnswerMembers}},
	{"GET", TGuildsGuildIDScheduledEventsGuildScheduledEventIDUsers, Facts{Answer: AnswerMembers}},
	{"GET", TGuildsGuildIDScheduledEventsGuildScheduledEventIDGuildScheduledEventExceptionIDUsers, Facts{Answer: AnswerMembers}},
	{"GET", TChannelsChannelIDMessagesMessageIDReactionsEmojiName, Facts{Answer: AnswerUsers}},
	{"GET", TChannelsChannelIDPollsMessageIDAnswersAnswerID, Facts{Answer: AnswerPollVoters}},
	{"GET", TChannelsChannelIDThreadMembers, Facts{Answer: AnswerThreadMembers}},
	{"GET", TUsersMeGuilds, Facts{Answer: AnswerGuilds}},
	{"GET", TGuildsGuildIDInvites, Facts{Answer: AnswerInvites}},
	{"GET", TGuildsGuildIDScheduledEvents, Facts{Answer: AnswerEvents}},
	{"GET", TGuildsGuildIDWidgetJSON, Facts{Flags: HidesChannels | HidesUsers | NeedsPresenceIntent}},
	{"GET", TGuildsGuildIDRequests, Facts{Flags: HidesUsers}},

	// Answers about one guild object that name its channels or users.
	{"POST", TGuildsGuildIDScheduledEvents, Facts{Answer: AnswerEvent}},
	{"GET", TGuildsGuildIDScheduledEventsGuildScheduledEventID, Facts{Answer: AnswerEvent}},
	// An edit would land before its answer showed the channel.
	{"PATCH", TGuildsGuildIDScheduledEventsGuildScheduledEventID, Facts{Flags: ObjectInChannel, Answer: AnswerEvent}},
	{"DELETE", TGuildsGuildIDScheduledEventsGuildScheduledEventID, Facts{Flags: ObjectInChannel}},
	// Moving or cancelling one occurrence changes the event, in its channel.
	{"POST", TGuildsGuildIDScheduledEventsGuildScheduledEventIDExceptions, Facts{Flags: ObjectInChannel}},
	{"PATCH", TGuildsGuildIDScheduledEventsGuildScheduledEventIDExceptionsExceptionID, Facts{Flags: ObjectInChannel}},
	{"DELETE", TGuildsGuildIDScheduledEventsGuildScheduledEventIDExceptionsExceptionID, Facts{Flags: ObjectInChannel}},
	{"DELETE", TGuildsGuildIDAutoModerationRulesRuleID, Facts{Flags: ObjectInChannel}},
	{"GET", TGuildsGuildIDWelcomeScreen, Facts{Answer: AnswerWelcome}},
	{"PATCH", TGuildsGuildIDWelcomeScreen, Facts{Answer: AnswerWelcome}},
	{"POST", TChannelsChannelIDInvites, Facts{Flags: GrantsRolesByBody, Body: BodyMultipart, Answer: AnswerUserFields}},
	{"GET", TInvitesCode, Facts{Answer: AnswerUserFields}},
	{"DELETE", TInvitesCode, Facts{Answer: AnswerUserFields}},
	{"GET", TChannelsChannelIDInvites, Facts{Answer: AnswerInvites}},
	{"GET", TGuildsGuildID, Facts{Answer: AnswerUserFields}},
	{"PATCH", TGuildsGuildID, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDPreview, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDIntegrations, Facts{Answer: AnswerUserFields}},
	{"GET", TSoundboardDefaultSounds, Facts{Answer: AnswerUserFields}},
	{"GET", TStickersStickerID, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDEmojis, Facts{Answer: AnswerUserFields}},
	{"POST", TGuildsGuildIDEmojis, Facts{Answer: AnswerUserFields}},
	{"GET", TApplicationsApplicationIDEmojis, Facts{Answer: AnswerUserFields}},
	{"POST", TApplicationsApplicationIDEmojis, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDSoundboardSounds, Facts{Answer: AnswerUserFields}},
	{"POST", TGuildsGuildIDSoundboardSounds, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDEmojisEmojiID, Facts{Answer: AnswerUserFields}},
	{"PATCH", TGuildsGuildIDEmojisEmojiID, Facts{Answer: AnswerUserFields}},
	{"GET", TApplicationsApplicationIDEmojisEmojiID, Facts{Answer: AnswerUserFields}},
	{"PATCH", TApplicationsApplicationIDEmojisEmojiID, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDSoundboardSoundsSoundID, Facts{Answer: AnswerUserFields}},
	{"PATCH", TGuildsGuildIDSoundboardSoundsSoundID, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDStickersStickerID, Facts{Answer: AnswerUserFields}},
	{"PATCH", TGuildsGuildIDStickersStickerID, Facts{Answer: AnswerUserFields}},
	{"GET", TGuildsGuildIDStickers, Facts{Answer: AnswerUserFields}},

	// Answers whose channels or users are woven through their structure:
	// refused rather than filtered while those targets are restricted.
	{"GET", TGuildsTemplatesCode, Facts{Flags: HidesChannels | HidesUsers}},
	{"GET", TGuildsGuildIDTemplates, Facts{Flags: HidesChannels | HidesUsers}},
	{"POST", TGuildsGuildIDTemplates, Facts{Flags: HidesChannels | HidesUsers}},
	{"PUT", TGuildsGuildIDTemplatesCode, Facts{Flags: HidesChannels | HidesUsers}},
	{"PATCH", TGuildsGuildIDTemplatesCode, Facts{Flags: HidesChannels | HidesUsers}},
	{"DELETE", TGuildsGuildIDTemplatesCode, Facts{Flags: HidesChannels | HidesUsers}},
	{"GET", TGuildsGuildIDOnboarding, Facts{Flags: HidesChannels}},
	{"GET", TGuildsGuildIDNewMemberWelcome, Facts{Flags: HidesChannels}},
	{"GET", TGuildsGuildIDWidget, Facts{Flags: HidesChannels}},
	{"PATCH", TGuildsGuildIDWidget, Facts{Flags: HidesChannels}},
	{"GET", TGuildsGuildIDAutoModerationRules, Facts{Flags: HidesChannels | HidesUsers}},
	{"POST", TGuildsGuildIDAutoModerationRules, Facts{Flags: HidesChannels | HidesUsers}},
	{"GET", TGuildsGuildIDAutoModerationRulesRuleID, Facts{Flags: HidesChannels | HidesUsers}},
	{"PATCH", TGuildsGuildIDAutoModerationRulesRuleID, Facts{Flags: HidesChannels | HidesUsers}},
	{"GET", TGuildsGuildIDVoiceStatesMe, Facts{Flags: HidesChannels}},
	{"GET", TGuildsGuildIDVoiceStatesUserID, Facts{Flags: HidesChannels}},
	{"GET", TApplicationsApplicationIDActivityInstancesInstanceID, Facts{Flags: HidesChannels | HidesUsers}},
	{"PUT", TChannelsChannelIDRecipientsUserID, Facts{Flags: HidesUsers}},
	// A CSV of the user ids an invite targets.
	{"GET", TInvitesCodeTargetUsers, Facts{Flags: HidesUsers}},
	{"GET", TLobbiesLobbyID, Facts{Flags: HidesUsers | HidesChannels}},
	{"PATCH", TLobbiesLobbyIDChannelLinking, Facts{Flags: HidesUsers | HidesChannels}},
	// The application's owner and team, its buyers.
	{"GET", TApplicationsMe, Facts{Flags: HidesUsers}},
	{"PATCH", TApplicationsMe, Facts{Flags: HidesUsers}},
	{"GET", TApplicationsApplicationID, Facts{Flags: HidesUsers}},
	{"PATCH", TApplicationsApplicationID, Facts{Flags: HidesUsers}},
	{"GET", TOAuth2Me, Facts{Flags: HidesUsers}},
	{"GET", TOAuth2ApplicationsMe, Facts{Flags: HidesUsers}},
	{"GET", TApplicationsApplicationIDEntitlements, Facts{Flags: HidesUsers}},
	{"POST", TApplicationsApplicationIDEntitlements, Facts{Flags: HidesUsers}},
	{"GET", TApplicationsApplicationIDEntitlementsEntitlementID, Facts{Flags: HidesUsers}},
	{"GET", TUsersMeApplicationsApplicationIDEntitlements, Facts{Flags: HidesUsers}},
	{"GET", TSkusSkuIDSubscriptions, Facts{Flags: HidesUsers}},
	{"GET", TSkusSkuIDSubscriptionsSubscriptionID, Facts{Flags: HidesUsers}},
}

type factKey struct{ method, template string }

// facts is factRows plus the derived flags for every published route.
var facts = buildFacts()

func buildFacts() map[factKey]Facts {
	m := make(map[factKey]Facts, len(templates)*2)
	for _, row := range templates {
		for i, name := range methodNames {
			if row.methods&(1<<i) != 0 {
				m[factKey{name, row.template}] = Facts{Flags: derivedFlags(name, row.template)}
			}
		}
	}
	for _, r := range factRows {
		k := factKey{r.method, r.template}
		f := r.facts
		f.Flags |= m[k].Flags
		if f.Shape == ShapeDMCreate {
			f.Flags &^= Untargeted // checked by its recipient instead
		}
		m[k] = f
	}
	return m
}

// derivedFlags reads Untargeted and Unresolvable off the template.
func derivedFlags(method, t string) Flag {
	var f Flag
	first, _, _ := strings.Cut(t[1:], "/")
	switch first {
	case "webhooks", "interactions", "invites", "lobbies":
		f |= Unresolvable
	}
	if method != "GET" && !namesTarget(t) {
		f |= Untargeted
	}
	return f
}

// namesTarget reports whether a template has a guild, channel or user
// placeholder.
func namesTarget(t string) bool {
	for _, p := range [...]string{"{guild_id}", "{channel_id}", "{user_id}", "{user_id_1}"} {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}

// Lookup returns the facts of method on template; the zero Facts for a
// route that is not published.
func Lookup(method, template string) Facts {
	return facts[factKey{method, template}]
}

// methodNames are the methods in methodBit order.
var methodNames = [...]string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// bitIndex is the position of a single method bit.
func bitIndex(m methodBit) int {
	for i := range methodNames {
		if m == 1<<i {
			return i
		}
	}
	return 0
}

// Facts returns the facts of r's method and template, looked up once when
// Parse matched it (zero when the route is not published).
func (r *Route) Facts() Facts { return r.facts }

// Known reports whether method on template is a published route: the
// catalog checks every step of every tool against it at start.
func Known(method, template string) bool {
	_, ok := facts[factKey{method, template}]
	return ok
}
