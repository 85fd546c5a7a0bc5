package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// The model types below are what a seed file decodes into. Their JSON names
// are Discord's, so a seed is written in Discord's own object shapes; they are
// never marshalled back (wire.go writes responses), which is why they may
// keep fields in a form convenient for the emulator.

// DiscordEpochMs is the Unix time in milliseconds of the first second of
// 2015, the origin of Discord snowflake timestamps.
const DiscordEpochMs = 1420070400000

// Snowflake is a Discord id. In JSON it is a decimal string (numbers are
// accepted too, as some hand-written seeds use them); 0 means "none".
type Snowflake uint64

// UnmarshalJSON accepts "123", 123 and null.
func (s *Snowflake) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*s = 0
		return nil
	}
	b = bytes.Trim(b, `"`)
	v, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("snowflake %q: %w", b, err)
	}
	*s = Snowflake(v)
	return nil
}

// String returns the decimal form Discord uses on the wire.
func (s Snowflake) String() string { return strconv.FormatUint(uint64(s), 10) }

// Time is the creation time encoded in the snowflake.
func (s Snowflake) Time() time.Time {
	return time.UnixMilli(int64(s>>22) + DiscordEpochMs).UTC()
}

// ParseSnowflake parses a decimal snowflake; ok is false for anything else.
func ParseSnowflake(s string) (Snowflake, bool) {
	if s == "" || len(s) > 20 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return Snowflake(v), err == nil
}

// Perm is a permission bit set. Discord sends it as a decimal string;
// numbers are accepted on input.
type Perm uint64

// UnmarshalJSON accepts "1024" and 1024.
func (p *Perm) UnmarshalJSON(b []byte) error {
	var s Snowflake
	if err := s.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("permissions: %w", err)
	}
	*p = Perm(s)
	return nil
}

// User is a Discord user object.
type User struct {
	ID            Snowflake `json:"id"`
	Username      string    `json:"username"`
	Discriminator string    `json:"discriminator"`
	GlobalName    *string   `json:"global_name"`
	Avatar        *string   `json:"avatar"`
	Banner        *string   `json:"banner"`
	AccentColor   *int      `json:"accent_color"`
	Bot           bool      `json:"bot"`
	System        bool      `json:"system"`
	PublicFlags   int       `json:"public_flags"`
	Flags         int       `json:"flags"`
}

// Guild is a Discord guild object plus the seed-only keys channels, roles
// and members.
type Guild struct {
	ID                Snowflake `json:"id"`
	Name              string    `json:"name"`
	Icon              *string   `json:"icon"`
	Description       *string   `json:"description"`
	OwnerID           Snowflake `json:"owner_id"`
	Features          []string  `json:"features"`
	PreferredLocale   string    `json:"preferred_locale"`
	VerificationLevel int       `json:"verification_level"`
	SystemChannelID   Snowflake `json:"system_channel_id"`
	NSFWLevel         int       `json:"nsfw_level"`
	PremiumTier       int       `json:"premium_tier"`

	Channels []Channel `json:"channels"`
	Roles    []Role    `json:"roles"`
	Members  []Member  `json:"members"`
	// JoinRequests are users waiting for membership review (seed only;
	// handlers_join_requests.go).
	JoinRequests []User `json:"join_requests"`
}

// Channel is a Discord guild channel or thread object.
type Channel struct {
	ID                   Snowflake       `json:"id"`
	Type                 int             `json:"type"`
	GuildID              Snowflake       `json:"guild_id"`
	Name                 string          `json:"name"`
	Topic                *string         `json:"topic"`
	Position             int             `json:"position"`
	ParentID             Snowflake       `json:"parent_id"`
	NSFW                 bool            `json:"nsfw"`
	RateLimitPerUser     int             `json:"rate_limit_per_user"`
	PermissionOverwrites []Overwrite     `json:"permission_overwrites"`
	LastMessageID        Snowflake       `json:"last_message_id"`
	Flags                int             `json:"flags"`
	OwnerID              Snowflake       `json:"owner_id"`
	ThreadMetadata       *ThreadMetadata `json:"thread_metadata"`
	MessageCount         int             `json:"message_count"`
	MemberCount          int             `json:"member_count"`
	AvailableTags        []ForumTag      `json:"available_tags"` // forum and media channels (seed_forum.go)
	AppliedTags          []Snowflake     `json:"applied_tags"`   // forum posts
}

// ThreadMetadata is a thread channel's thread_metadata.
type ThreadMetadata struct {
	Archived            bool   `json:"archived"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
	ArchiveTimestamp    string `json:"archive_timestamp"`
	Locked              bool   `json:"locked"`
}

// Overwrite is a channel permission overwrite (type 0 role, 1 member).
type Overwrite struct {
	ID    Snowflake `json:"id"`
	Type  int       `json:"type"`
	Allow Perm      `json:"allow"`
	Deny  Perm      `json:"deny"`
}

// Role is a Discord role object.
type Role struct {
	ID          Snowflake `json:"id"`
	Name        string    `json:"name"`
	Permissions Perm      `json:"permissions"`
	Position    int       `json:"position"`
	Color       int       `json:"color"`
	Hoist       bool      `json:"hoist"`
	Managed     bool      `json:"managed"`
	Mentionable bool      `json:"mentionable"`
	// Tags.BotID marks a bot's managed role.
	Tags *struct {
		BotID Snowflake `json:"bot_id"`
	} `json:"tags"`
}

// Member is a Discord guild member object.
type Member struct {
	User     User        `json:"user"`
	Nick     *string     `json:"nick"`
	Roles    []Snowflake `json:"roles"`
	JoinedAt string      `json:"joined_at"`
	Deaf     bool        `json:"deaf"`
	Mute     bool        `json:"mute"`
	Pending  bool        `json:"pending"`
	Flags    int         `json:"flags"`
	// CommunicationDisabledUntil is the end of a timeout (ISO 8601).
	CommunicationDisabledUntil *string `json:"communication_disabled_until"`
}

// Message is a Discord message object.
type Message struct {
	ID               Snowflake         `json:"id"`
	ChannelID        Snowflake         `json:"channel_id"`
	Author           User              `json:"author"`
	Content          string            `json:"content"`
	Timestamp        string            `json:"timestamp"`
	EditedTimestamp  *string           `json:"edited_timestamp"`
	TTS              bool              `json:"tts"`
	MentionEveryone  bool              `json:"mention_everyone"`
	Mentions         []User            `json:"mentions"`
	MentionRoles     []Snowflake       `json:"mention_roles"`
	Embeds           []json.RawMessage `json:"embeds"`
	Reactions        []Reaction        `json:"reactions"`
	Pinned           bool              `json:"pinned"`
	Type             int               `json:"type"`
	Flags            int               `json:"flags"`
	MessageReference *MessageReference `json:"message_reference"`
	Nonce            json.RawMessage   `json:"nonce"`
	Attachments      []*Attachment     `json:"attachments"`
}

// MessageReference points a reply at the message it answers.
type MessageReference struct {
	MessageID Snowflake `json:"message_id"`
	ChannelID Snowflake `json:"channel_id"`
	GuildID   Snowflake `json:"guild_id"`
}

// Reaction is one emoji's reactions on a message.
type Reaction struct {
	Emoji Emoji `json:"emoji"`
	Count int   `json:"count"`
	Me    bool  `json:"me"`
}

// Emoji identifies a unicode emoji (Name only) or a custom one (ID and Name).
type Emoji struct {
	ID       Snowflake `json:"id"`
	Name     string    `json:"name"`
	Animated bool      `json:"animated"`
}
