package discordtest

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Wire shapes: what Discord sends, field for field, checked against the
// response schemas in Discord's published spec (npm discord-api-spec:
// UserResponse, GuildChannelResponse, ThreadResponse, MessageResponse, …).
// Nullable fields are pointers without omitempty, so they print null;
// optional fields Discord leaves out carry omitempty.

type wireUser struct {
	ID                   string    `json:"id"`
	Username             string    `json:"username"`
	Avatar               *string   `json:"avatar"`
	Discriminator        string    `json:"discriminator"`
	PublicFlags          int       `json:"public_flags"`
	Flags                int       `json:"flags"`
	Bot                  bool      `json:"bot,omitempty"`
	System               bool      `json:"system,omitempty"`
	Banner               *string   `json:"banner"`
	AccentColor          *int      `json:"accent_color"`
	GlobalName           *string   `json:"global_name"`
	AvatarDecorationData *struct{} `json:"avatar_decoration_data"`
	Collectibles         *struct{} `json:"collectibles"`
	PrimaryGuild         *struct{} `json:"primary_guild"`
}

// wireMe is GET /users/@me for a bot (UserPIIResponse).
type wireMe struct {
	wireUser
	MFAEnabled bool    `json:"mfa_enabled"`
	Locale     string  `json:"locale"`
	Email      *string `json:"email"`
	Verified   bool    `json:"verified"`
}

func toWireUser(u *User) wireUser {
	return wireUser{
		ID: u.ID.String(), Username: u.Username, Avatar: u.Avatar,
		Discriminator: u.Discriminator, PublicFlags: u.PublicFlags, Flags: u.Flags,
		Bot: u.Bot, System: u.System, Banner: u.Banner, AccentColor: u.AccentColor,
		GlobalName: u.GlobalName,
	}
}

type wireOverwrite struct {
	ID    string `json:"id"`
	Type  int    `json:"type"`
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

type wireThreadMeta struct {
	Archived            bool    `json:"archived"`
	ArchiveTimestamp    *string `json:"archive_timestamp"`
	AutoArchiveDuration int     `json:"auto_archive_duration"`
	Locked              bool    `json:"locked"`
	CreateTimestamp     string  `json:"create_timestamp,omitempty"`
}

// wireChannel covers guild channels and threads; the thread-only fields are
// pointers left nil for non-threads.
type wireChannel struct {
	ID                   string          `json:"id"`
	Type                 int             `json:"type"`
	LastMessageID        *nullable       `json:"last_message_id,omitempty"`
	Flags                int             `json:"flags"`
	GuildID              string          `json:"guild_id"`
	Name                 string          `json:"name"`
	ParentID             *string         `json:"parent_id"`
	RateLimitPerUser     *int            `json:"rate_limit_per_user,omitempty"`
	Topic                *nullable       `json:"topic,omitempty"`
	Position             *int            `json:"position,omitempty"`
	PermissionOverwrites []wireOverwrite `json:"permission_overwrites,omitempty"`
	NSFW                 *bool           `json:"nsfw,omitempty"`
	OwnerID              *string         `json:"owner_id,omitempty"`
	ThreadMetadata       *wireThreadMeta `json:"thread_metadata,omitempty"`
	MessageCount         *int            `json:"message_count,omitempty"`
	MemberCount          *int            `json:"member_count,omitempty"`
	TotalMessageSent     *int            `json:"total_message_sent,omitempty"`
	AvailableTags        []wireForumTag  `json:"available_tags,omitempty"`
	AppliedTags          []string        `json:"applied_tags,omitempty"`
}

func sfPtr(s Snowflake) *string {
	if s == 0 {
		return nil
	}
	v := s.String()
	return &v
}

func intPtr(i int) *int { return &i }

func toWireChannel(c *Channel, msgCount int) wireChannel {
	w := wireChannel{
		ID: c.ID.String(), Type: c.Type, Flags: c.Flags, GuildID: c.GuildID.String(),
		Name: c.Name, ParentID: sfPtr(c.ParentID),
	}
	if c.Type != discordgoChannelCategory {
		// Discord sends last_message_id: null on text channels without messages.
		w.LastMessageID = &nullable{sfPtr(c.LastMessageID)}
		w.RateLimitPerUser = intPtr(c.RateLimitPerUser)
	}
	if isThread(c.Type) {
		tm := c.ThreadMetadata
		if tm == nil {
			tm = &ThreadMetadata{AutoArchiveDuration: 4320}
		}
		arch := tm.ArchiveTimestamp
		if arch == "" {
			arch = formatTime(c.ID.Time())
		}
		w.OwnerID = sfPtr(c.OwnerID)
		if w.OwnerID == nil {
			w.OwnerID = new(string)
			*w.OwnerID = "0"
		}
		w.ThreadMetadata = &wireThreadMeta{Archived: tm.Archived, ArchiveTimestamp: &arch,
			AutoArchiveDuration: tm.AutoArchiveDuration, Locked: tm.Locked,
			CreateTimestamp: formatTime(c.ID.Time())}
		w.MessageCount, w.MemberCount, w.TotalMessageSent = intPtr(msgCount), intPtr(max(c.MemberCount, 1)), intPtr(msgCount)
		w.AppliedTags = wireTagIDs(c.AppliedTags) // seed_forum.go
		return w
	}
	w.Position = intPtr(c.Position)
	w.NSFW = &c.NSFW
	if c.Type == 0 || c.Type == 5 || c.Type == 15 {
		// Only text-like channels have a topic, null when unset.
		w.Topic = &nullable{c.Topic}
	}
	w.AvailableTags = wireTags(c.AvailableTags) // seed_forum.go
	w.PermissionOverwrites = make([]wireOverwrite, 0, len(c.PermissionOverwrites))
	for _, o := range c.PermissionOverwrites {
		w.PermissionOverwrites = append(w.PermissionOverwrites, wireOverwrite{
			ID: o.ID.String(), Type: o.Type,
			Allow: strconv.FormatUint(uint64(o.Allow), 10), Deny: strconv.FormatUint(uint64(o.Deny), 10)})
	}
	return w
}

type wireRoleColors struct {
	Primary   int  `json:"primary_color"`
	Secondary *int `json:"secondary_color"`
	Tertiary  *int `json:"tertiary_color"`
}

type wireRoleTags struct {
	BotID string `json:"bot_id,omitempty"`
}

type wireRole struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	Permissions  string         `json:"permissions"`
	Position     int            `json:"position"`
	Color        int            `json:"color"`
	Colors       wireRoleColors `json:"colors"`
	Hoist        bool           `json:"hoist"`
	Managed      bool           `json:"managed"`
	Mentionable  bool           `json:"mentionable"`
	Icon         *string        `json:"icon"`
	UnicodeEmoji *string        `json:"unicode_emoji"`
	Tags         *wireRoleTags  `json:"tags,omitempty"`
	Flags        int            `json:"flags"`
}

func toWireRole(r *Role) wireRole {
	w := wireRole{ID: r.ID.String(), Name: r.Name, Permissions: strconv.FormatUint(uint64(r.Permissions), 10),
		Position: r.Position, Color: r.Color, Colors: wireRoleColors{Primary: r.Color},
		Hoist: r.Hoist, Managed: r.Managed, Mentionable: r.Mentionable}
	if r.Tags != nil && r.Tags.BotID != 0 {
		w.Tags = &wireRoleTags{BotID: r.Tags.BotID.String()}
	}
	return w
}

type wireMember struct {
	Avatar                     *string  `json:"avatar"`
	Banner                     *string  `json:"banner"`
	CommunicationDisabledUntil *string  `json:"communication_disabled_until"`
	Flags                      int      `json:"flags"`
	JoinedAt                   string   `json:"joined_at"`
	Nick                       *string  `json:"nick"`
	Pending                    bool     `json:"pending"`
	PremiumSince               *string  `json:"premium_since"`
	Roles                      []string `json:"roles"`
	User                       wireUser `json:"user"`
	Mute                       bool     `json:"mute"`
	Deaf                       bool     `json:"deaf"`
}

func toWireMember(m *Member) wireMember {
	w := wireMember{Flags: m.Flags, JoinedAt: m.JoinedAt, Nick: m.Nick, Pending: m.Pending,
		Roles: make([]string, 0, len(m.Roles)), User: toWireUser(&m.User), Mute: m.Mute, Deaf: m.Deaf}
	for _, r := range m.Roles {
		w.Roles = append(w.Roles, r.String())
	}
	return w
}

// wireGuild is GuildResponse / GuildWithCountsResponse.
type wireGuild struct {
	ID                          string     `json:"id"`
	Name                        string     `json:"name"`
	Icon                        *string    `json:"icon"`
	Description                 *string    `json:"description"`
	HomeHeader                  *string    `json:"home_header"`
	Splash                      *string    `json:"splash"`
	DiscoverySplash             *string    `json:"discovery_splash"`
	Features                    []string   `json:"features"`
	Banner                      *string    `json:"banner"`
	OwnerID                     string     `json:"owner_id"`
	ApplicationID               *string    `json:"application_id"`
	Region                      string     `json:"region"`
	AFKChannelID                *string    `json:"afk_channel_id"`
	AFKTimeout                  int        `json:"afk_timeout"`
	SystemChannelID             *string    `json:"system_channel_id"`
	SystemChannelFlags          int        `json:"system_channel_flags"`
	WidgetEnabled               bool       `json:"widget_enabled"`
	WidgetChannelID             *string    `json:"widget_channel_id"`
	VerificationLevel           int        `json:"verification_level"`
	Roles                       []wireRole `json:"roles"`
	DefaultMessageNotifications int        `json:"default_message_notifications"`
	MFALevel                    int        `json:"mfa_level"`
	ExplicitContentFilter       int        `json:"explicit_content_filter"`
	MaxPresences                *int       `json:"max_presences"`
	MaxMembers                  int        `json:"max_members"`
	MaxStageVideoChannelUsers   int        `json:"max_stage_video_channel_users"`
	MaxVideoChannelUsers        int        `json:"max_video_channel_users"`
	VanityURLCode               *string    `json:"vanity_url_code"`
	PremiumTier                 int        `json:"premium_tier"`
	PremiumSubscriptionCount    int        `json:"premium_subscription_count"`
	PreferredLocale             string     `json:"preferred_locale"`
	RulesChannelID              *string    `json:"rules_channel_id"`
	SafetyAlertsChannelID       *string    `json:"safety_alerts_channel_id"`
	PublicUpdatesChannelID      *string    `json:"public_updates_channel_id"`
	PremiumProgressBarEnabled   bool       `json:"premium_progress_bar_enabled"`
	NSFW                        bool       `json:"nsfw"`
	NSFWLevel                   int        `json:"nsfw_level"`
	Emojis                      []struct{} `json:"emojis"`
	Stickers                    []struct{} `json:"stickers"`
	IncidentsData               *struct{}  `json:"incidents_data"`
	ApproximateMemberCount      *int       `json:"approximate_member_count,omitempty"`
	ApproximatePresenceCount    *int       `json:"approximate_presence_count,omitempty"`
}

func toWireGuild(gs *guildState, withCounts bool) wireGuild {
	g := &gs.g
	w := wireGuild{ID: g.ID.String(), Name: g.Name, Icon: g.Icon, Description: g.Description,
		Features: g.Features, OwnerID: g.OwnerID.String(), Region: "deprecated", AFKTimeout: 300,
		SystemChannelID: sfPtr(g.SystemChannelID), VerificationLevel: g.VerificationLevel,
		Roles: make([]wireRole, 0, len(gs.roles)), MaxMembers: 500000, MaxStageVideoChannelUsers: 50,
		MaxVideoChannelUsers: 25, PremiumTier: g.PremiumTier, PreferredLocale: g.PreferredLocale,
		NSFWLevel: g.NSFWLevel, Emojis: []struct{}{}, Stickers: []struct{}{}}
	for _, r := range gs.roles {
		w.Roles = append(w.Roles, toWireRole(r))
	}
	if withCounts {
		w.ApproximateMemberCount = intPtr(len(gs.members))
		w.ApproximatePresenceCount = intPtr(0)
	}
	return w
}

// wirePartialGuild is one entry of GET /users/@me/guilds (MyGuildResponse).
type wirePartialGuild struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Icon        *string  `json:"icon"`
	Banner      *string  `json:"banner"`
	Owner       bool     `json:"owner"`
	Permissions string   `json:"permissions"`
	Features    []string `json:"features"`
}

type wireReactionEmoji struct {
	ID       *string `json:"id"`
	Name     *string `json:"name"`
	Animated bool    `json:"animated,omitempty"`
}

type wireReaction struct {
	Emoji        wireReactionEmoji `json:"emoji"`
	Count        int               `json:"count"`
	CountDetails struct {
		Burst  int `json:"burst"`
		Normal int `json:"normal"`
	} `json:"count_details"`
	BurstColors []string `json:"burst_colors"`
	MeBurst     bool     `json:"me_burst"`
	Me          bool     `json:"me"`
}

type wireMessageRef struct {
	Type      int    `json:"type"`
	ChannelID string `json:"channel_id"`
	MessageID string `json:"message_id,omitempty"`
	GuildID   string `json:"guild_id,omitempty"`
}

type wireMessage struct {
	Type             int               `json:"type"`
	Content          string            `json:"content"`
	Mentions         []wireUser        `json:"mentions"`
	MentionRoles     []string          `json:"mention_roles"`
	Attachments      []wireAttachment  `json:"attachments"`
	Embeds           []json.RawMessage `json:"embeds"`
	Timestamp        string            `json:"timestamp"`
	EditedTimestamp  *string           `json:"edited_timestamp"`
	Flags            int               `json:"flags"`
	Components       []struct{}        `json:"components"`
	ID               string            `json:"id"`
	ChannelID        string            `json:"channel_id"`
	Author           wireUser          `json:"author"`
	Pinned           bool              `json:"pinned"`
	MentionEveryone  bool              `json:"mention_everyone"`
	TTS              bool              `json:"tts"`
	Nonce            json.RawMessage   `json:"nonce,omitempty"`
	MessageReference *wireMessageRef   `json:"message_reference,omitempty"`
	Reactions        []wireReaction    `json:"reactions,omitempty"`
	// ReferencedMessage is present (maybe null) on replies only.
	ReferencedMessage *json.RawMessage `json:"referenced_message,omitempty"`
}

// toWireMessage renders m; st resolves a reply's referenced message one
// level deep, as Discord does.
func (st *state) toWireMessage(m *Message, depth int) wireMessage {
	w := wireMessage{Type: m.Type, Content: m.Content, Mentions: make([]wireUser, 0, len(m.Mentions)),
		MentionRoles: make([]string, 0, len(m.MentionRoles)), Attachments: toWireAttachments(m.Attachments),
		Embeds: m.Embeds, Timestamp: m.Timestamp, EditedTimestamp: m.EditedTimestamp, Flags: m.Flags,
		Components: []struct{}{}, ID: m.ID.String(), ChannelID: m.ChannelID.String(),
		Author: toWireUser(&m.Author), Pinned: m.Pinned, MentionEveryone: m.MentionEveryone,
		TTS: m.TTS, Nonce: m.Nonce}
	if w.Embeds == nil {
		w.Embeds = []json.RawMessage{}
	}
	for i := range m.Mentions {
		w.Mentions = append(w.Mentions, toWireUser(&m.Mentions[i]))
	}
	for _, r := range m.MentionRoles {
		w.MentionRoles = append(w.MentionRoles, r.String())
	}
	for _, r := range m.Reactions {
		wr := wireReaction{Count: r.Count, BurstColors: []string{}, Me: r.Me}
		wr.CountDetails.Normal = r.Count
		wr.Emoji.ID = sfPtr(r.Emoji.ID)
		name := r.Emoji.Name
		wr.Emoji.Name = &name
		wr.Emoji.Animated = r.Emoji.Animated
		w.Reactions = append(w.Reactions, wr)
	}
	if ref := m.MessageReference; ref != nil {
		w.MessageReference = &wireMessageRef{ChannelID: ref.ChannelID.String(), MessageID: sfPtr0(ref.MessageID), GuildID: sfPtr0(ref.GuildID)}
		if m.Type == 19 && depth == 0 {
			raw := json.RawMessage("null")
			if target := st.msgIndex[ref.MessageID]; target != nil {
				raw = marshal(st.toWireMessage(target, depth+1))
			}
			w.ReferencedMessage = &raw
		}
	}
	return w
}

func sfPtr0(s Snowflake) string {
	if s == 0 {
		return ""
	}
	return s.String()
}

// nullable is a field that is optional (a nil *nullable is left out) and,
// when present, nullable (a nil s prints null).
type nullable struct{ s *string }

// MarshalJSON prints the string or null.
func (n nullable) MarshalJSON() ([]byte, error) {
	if n.s == nil {
		return []byte("null"), nil
	}
	return marshal(*n.s), nil
}

// marshal encodes v without HTML escaping (Discord sends "<@123>" as is).
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only programmer errors (unsupported types) reach here.
		return []byte(`{"message": "500: Internal Server Error", "code": 0}`)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
