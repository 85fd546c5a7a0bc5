package discordtest

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Seed is the emulator's starting state, in Discord's object shapes:
//
//	{"token": "...", "user": <User: the bot>,
//	 "guilds": [<Guild> + "channels", "roles", "members"],
//	 "messages": {"<channel_id>": [<Message>]}}
//
// Omitted fields take Discord's defaults. A Seed is copied by New, so one
// Seed may start many emulators.
type Seed struct {
	Token    string               `json:"token"`
	User     User                 `json:"user"`
	Guilds   []Guild              `json:"guilds"`
	Messages map[string][]Message `json:"messages"`
}

// LoadSeed reads a JSON seed file.
func LoadSeed(path string) (*Seed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("discordtest: read seed: %w", err)
	}
	var s Seed
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("discordtest: seed %s: %w", path, err)
	}
	return &s, nil
}

// Ids of DefaultSeed's objects, so tests can name them.
const (
	DefaultToken = "MTA4NTEyNTE2NTA1NjEzMTA3Mg.GEmUla.t0r-not-a-real-token-0123456789abcd"

	BotUserID     Snowflake = 1085125165056131072
	OwnerUserID   Snowflake = 584712821145731072 // a human, owns the guilds
	HumanUserID   Snowflake = 779413251686531072 // another human
	GuildID       Snowflake = 1085502652416131072
	SecondGuildID Snowflake = 1102897269964931072
	BotRoleID     Snowflake = 1085503910707331072
	ModRoleID     Snowflake = 1085504162365571072
	CategoryID    Snowflake = 1085502904074371072
	GeneralID     Snowflake = 1085503155732611072
	RandomID      Snowflake = 1085503407390851072
	// PrivateID is a text channel whose overwrites deny the bot's role
	// VIEW_CHANNEL and SEND_MESSAGES.
	PrivateID Snowflake = 1085503659049091072
	// ThreadID is a public thread under GeneralID.
	ThreadID        Snowflake = 1194551200972931072
	SecondGeneralID Snowflake = 1102897521623171072
)

// DefaultSeedMessages is how many messages DefaultSeed puts in general.
const DefaultSeedMessages = 30

// defaultEveryonePerms is what Discord gives @everyone in a new guild
// (the "everyone" defaults shown in the client: view, send, history,
// reactions, embeds, attachments, threads, voice…).
const defaultEveryonePerms = discordgo.PermissionCreateInstantInvite |
	discordgo.PermissionAddReactions | discordgo.PermissionVoiceStreamVideo |
	discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles |
	discordgo.PermissionReadMessageHistory | discordgo.PermissionMentionEveryone |
	discordgo.PermissionUseExternalEmojis | discordgo.PermissionVoiceConnect |
	discordgo.PermissionVoiceSpeak | discordgo.PermissionVoiceUseVAD |
	discordgo.PermissionChangeNickname | discordgo.PermissionUseApplicationCommands |
	discordgo.PermissionCreatePublicThreads | discordgo.PermissionCreatePrivateThreads |
	discordgo.PermissionSendMessagesInThreads

// defaultBotPerms are the bot role's extra grants: it moderates messages
// and channels but is not an administrator, so overwrites bite.
const defaultBotPerms = discordgo.PermissionManageMessages | discordgo.PermissionManageChannels |
	discordgo.PermissionManageThreads | discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions

func strp(s string) *string { return &s }

// DefaultSeed returns a fresh copy of the built-in seed: a bot, two guilds,
// text channels (one hidden from the bot), a category, a thread, roles,
// members, and DefaultSeedMessages messages in general dated June 2025
// (older than 14 days, so bulk delete refuses them: post fresh ones for that).
func DefaultSeed() *Seed {
	bot := User{ID: BotUserID, Username: "emulator-bot", Discriminator: "4821", Bot: true, PublicFlags: 0}
	owner := User{ID: OwnerUserID, Username: "ada", Discriminator: "0", GlobalName: strp("Ada Lovelace")}
	human := User{ID: HumanUserID, Username: "grace", Discriminator: "0", GlobalName: strp("Grace Hopper")}
	botRole := Role{ID: BotRoleID, Name: "emulator-bot", Permissions: defaultBotPerms, Position: 2, Managed: true}
	botRole.Tags = &struct {
		BotID Snowflake `json:"bot_id"`
	}{BotID: BotUserID}

	g := Guild{
		ID: GuildID, Name: "Emulator Guild", OwnerID: OwnerUserID,
		Description: strp("A guild that only exists inside the Discord emulator."),
		Features:    []string{}, PreferredLocale: "en-US", SystemChannelID: GeneralID,
		Roles: []Role{
			{ID: GuildID, Name: "@everyone", Permissions: defaultEveryonePerms},
			botRole,
			{ID: ModRoleID, Name: "moderators", Permissions: discordgo.PermissionManageMessages | discordgo.PermissionKickMembers, Position: 1, Color: 0x3498db, Hoist: true, Mentionable: true},
		},
		Channels: []Channel{
			{ID: CategoryID, Type: discordgoChannelCategory, Name: "Text Channels"},
			{ID: GeneralID, Type: 0, Name: "general", Topic: strp("General chat: anything goes"), ParentID: CategoryID, Position: 0},
			{ID: RandomID, Type: 0, Name: "random", Topic: strp("Off-topic"), ParentID: CategoryID, Position: 1, RateLimitPerUser: 0},
			{ID: PrivateID, Type: 0, Name: "staff-only", ParentID: CategoryID, Position: 2,
				PermissionOverwrites: []Overwrite{
					{ID: GuildID, Type: 0, Deny: discordgo.PermissionViewChannel},
					{ID: BotRoleID, Type: 0, Deny: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages},
					{ID: ModRoleID, Type: 0, Allow: discordgo.PermissionViewChannel},
				}},
			{ID: ThreadID, Type: 11, Name: "release planning", ParentID: GeneralID, OwnerID: OwnerUserID,
				ThreadMetadata: &ThreadMetadata{AutoArchiveDuration: 10080, ArchiveTimestamp: "2024-01-10T08:00:00.000000+00:00"}},
		},
		Members: []Member{
			{User: bot, Roles: []Snowflake{BotRoleID}, JoinedAt: "2023-03-15T10:05:00.000000+00:00"},
			{User: owner, Roles: []Snowflake{ModRoleID}, JoinedAt: "2023-03-15T10:00:00.000000+00:00"},
			{User: human, Nick: strp("grace (she/her)"), JoinedAt: "2023-04-02T17:12:44.120000+00:00"},
		},
	}
	g2 := Guild{
		ID: SecondGuildID, Name: "Emulator Guild Two", OwnerID: OwnerUserID,
		Features: []string{"COMMUNITY"}, PreferredLocale: "en-GB",
		Roles: []Role{{ID: SecondGuildID, Name: "@everyone", Permissions: defaultEveryonePerms | discordgo.PermissionAdministrator}},
		Channels: []Channel{
			{ID: SecondGeneralID, Type: 0, Name: "general"},
		},
		Members: []Member{
			{User: bot, JoinedAt: "2023-05-02T10:03:00.000000+00:00"},
			{User: owner, JoinedAt: "2023-05-02T10:00:00.000000+00:00"},
		},
	}
	return &Seed{
		Token:    DefaultToken,
		User:     bot,
		Guilds:   []Guild{g, g2},
		Messages: map[string][]Message{GeneralID.String(): defaultMessages(bot, owner, human)},
	}
}

// discordgoChannelCategory is GUILD_CATEGORY.
const discordgoChannelCategory = int(discordgo.ChannelTypeGuildCategory)

// defaultMessages builds a chat with varied authors, mentions, an embed, a
// reply and reactions, so listing and searching have something to find.
func defaultMessages(bot, owner, human User) []Message {
	lines := []struct {
		who  int // 0 owner, 1 human, 2 bot
		text string
	}{
		{0, "Welcome to the emulator guild! Read the pinned rules first."},
		{1, "hi all 👋"},
		{0, "The deploy pipeline is green again."},
		{1, "Has anyone seen the rate limit dashboard? It shows 429s on the reactions bucket."},
		{2, "Pong! Latency is 42 ms."},
		{0, "Reminder: release 1.4 freeze is on Friday."},
		{1, "<@" + BotUserID.String() + "> what is the weather in Lisbon?"},
		{2, "Sunny, 24°C in Lisbon."},
		{0, "Let's move the planning to the release thread."},
		{1, "Bug report: search returns nothing for emoji-only messages 🐛"},
		{0, "Thanks <@" + HumanUserID.String() + ">, filed as #1312."},
		{1, "lunch?"},
		{0, "🍕"},
		{2, "Scheduled maintenance tonight at 22:00 UTC."},
		{1, "Is the staging database back up?"},
		{0, "Yes, staging is back. Production untouched."},
		{1, "The new onboarding doc is at https://example.com/onboarding"},
		{0, "Great write-up. One typo in step 3."},
		{2, "Reminder: stand-up in 10 minutes."},
		{1, "Can someone review PR 88? It touches the bucket hashing."},
		{0, "Reviewed. Left two comments about the global limit."},
		{1, "Fixed, thanks!"},
		{0, "<@&" + ModRoleID.String() + "> please keep an eye on the spam filter today."},
		{1, "Anyone up for a game night on Saturday?"},
		{0, "Count me in for game night."},
		{2, "Poll: game night at 20:00 or 21:00?"},
		{1, "21:00 works better for me"},
		{0, "Release 1.4 is out! Changelog in the announcements."},
		{1, "🎉🎉🎉"},
		{0, "Good night everyone."},
	}
	authors := []User{owner, human, bot}
	start := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	msgs := make([]Message, 0, len(lines))
	for i, l := range lines {
		ts := start.Add(time.Duration(i) * 7 * time.Minute)
		m := Message{
			ID:        snowflakeAt(ts, 1, uint64(i)),
			ChannelID: GeneralID,
			Author:    authors[l.who],
			Content:   l.text,
		}
		msgs = append(msgs, m)
	}
	msgs[6].Mentions = []User{bot}
	msgs[10].Mentions = []User{human}
	msgs[22].MentionRoles = []Snowflake{ModRoleID}
	msgs[1].Reactions = []Reaction{{Emoji: Emoji{Name: "👋"}, Count: 2}}
	msgs[27].Reactions = []Reaction{{Emoji: Emoji{Name: "🎉"}, Count: 3}, {Emoji: Emoji{Name: "🚀"}, Count: 1}}
	msgs[0].Pinned = true
	msgs[7].Type = 19
	msgs[7].MessageReference = &MessageReference{MessageID: msgs[6].ID, ChannelID: GeneralID, GuildID: GuildID}
	msgs[16].Embeds = []json.RawMessage{json.RawMessage(`{"type":"link","url":"https://example.com/onboarding","title":"Onboarding","description":"How to get started."}`)}
	msgs[13].Embeds = []json.RawMessage{json.RawMessage(`{"type":"rich","title":"Maintenance","description":"Tonight 22:00–23:00 UTC","color":15105570,"fields":[{"name":"Impact","value":"API read-only","inline":false}]}`)}
	return msgs
}

// snowflakeAt builds a snowflake for time t with a worker id and increment.
func snowflakeAt(t time.Time, worker, inc uint64) Snowflake {
	ms := uint64(t.UnixMilli() - DiscordEpochMs)
	return Snowflake(ms<<22 | (worker&0x1f)<<17 | inc&0xfff)
}
