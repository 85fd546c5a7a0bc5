package discordtest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// state is Discord's side of the world: guilds, channels, users, messages.
// mu guards every field; handlers hold it for the whole of their work, which
// keeps each request atomic like Discord's own writes.
type state struct {
	mu       sync.Mutex
	token    string
	botID    Snowflake
	users    map[Snowflake]*User
	guilds   map[Snowflake]*guildState
	order    []Snowflake // guild ids in seed order
	channels map[Snowflake]*Channel
	messages map[Snowflake][]*Message // by channel, ascending id
	msgIndex map[Snowflake]*Message
	files    map[Snowflake]*Attachment               // uploaded attachments by id, served on the CDN path
	polls    map[Snowflake]*pollState                // by message id (handlers_polls.go)
	hooks    map[Snowflake]*webhook                  // by id, made on first use; nil: deleted (webhook_store.go)
	hookMsgs map[Snowflake]Snowflake                 // message id → the webhook that posted it
	app      *appState                               // the bot's application, made on first use (handlers_application.go)
	emojis   map[Snowflake]*customEmoji              // custom emojis by id, guilds' and the application's (handlers_emoji.go)
	commands map[Snowflake]*appCommand               // application commands by id (handlers_commands.go)
	events   map[Snowflake]*schedEvent               // scheduled events by id (handlers_events.go)
	voice    map[Snowflake]map[Snowflake]*voiceState // by guild, user (handlers_voice.go)
	stages   map[Snowflake]*stageInstance            // live stages by channel (handlers_stage.go)
	sounds   map[Snowflake]*sound                    // guild soundboard sounds by id (handlers_soundboard.go)
	stickers map[Snowflake]*sticker                  // guild stickers by id (handlers_stickers.go)
	admin    *adminState                             // bans, audit logs, rules, settings (admin_state.go), made on first use
	// searchIndexed marks guilds whose search index is built (handlers_search.go).
	searchIndexed map[Snowflake]bool
	// threadMembers lists each thread's members (handlers_thread_members.go).
	threadMembers map[Snowflake][]threadMember
	invites       map[string]*invite        // by code (handlers_invite.go)
	inviteTargets map[string]*inviteTargets // by invite code (handlers_invite_more.go)

	// lastMs and seq make minted snowflakes unique and increasing.
	lastMs, seq uint64
}

// guildState is one guild with its roles and members indexed.
type guildState struct {
	g       Guild
	roles   []*Role // position order as given
	members map[Snowflake]*Member
}

func newState(s *Seed) (*state, error) {
	if s.Token == "" {
		return nil, errors.New("discordtest: seed has no token")
	}
	if s.User.ID == 0 {
		return nil, errors.New("discordtest: seed has no bot user id")
	}
	st := &state{
		token: s.Token, botID: s.User.ID,
		users:    map[Snowflake]*User{},
		guilds:   map[Snowflake]*guildState{},
		channels: map[Snowflake]*Channel{},
		messages: map[Snowflake][]*Message{},
		msgIndex: map[Snowflake]*Message{},
		files:    map[Snowflake]*Attachment{},
	}
	st.addUser(s.User)
	for _, g := range s.Guilds {
		if err := st.addGuild(g); err != nil {
			return nil, err
		}
	}
	for cid, list := range s.Messages {
		id, ok := ParseSnowflake(cid)
		if !ok {
			return nil, fmt.Errorf("discordtest: seed messages: bad channel id %q", cid)
		}
		if st.channels[id] == nil {
			return nil, fmt.Errorf("discordtest: seed messages: unknown channel %s", cid)
		}
		for _, m := range list {
			m.ChannelID = id
			if m.ID == 0 {
				return nil, fmt.Errorf("discordtest: seed message in %s has no id", cid)
			}
			st.insertMessage(st.normaliseMessage(m))
		}
	}
	return st, nil
}

func (st *state) addUser(u User) *User {
	if u.Discriminator == "" {
		u.Discriminator = "0"
	}
	if old := st.users[u.ID]; old != nil && u.Username == "" {
		return old
	}
	cp := u
	st.users[u.ID] = &cp
	return &cp
}

func (st *state) addGuild(g Guild) error {
	if g.ID == 0 {
		return errors.New("discordtest: seed guild has no id")
	}
	gs := &guildState{g: g, members: map[Snowflake]*Member{}}
	gs.g.Channels, gs.g.Roles, gs.g.Members = nil, nil, nil
	gs.g.Features = append([]string{}, g.Features...) // never null on the wire
	if gs.g.PreferredLocale == "" {
		gs.g.PreferredLocale = "en-US"
	}
	hasEveryone := false
	for _, r := range g.Roles {
		r := r
		hasEveryone = hasEveryone || r.ID == g.ID
		gs.roles = append(gs.roles, &r)
	}
	if !hasEveryone {
		// Every guild has an @everyone role whose id is the guild's.
		gs.roles = append([]*Role{{ID: g.ID, Name: "@everyone", Permissions: defaultEveryonePerms}}, gs.roles...)
	}
	for _, m := range g.Members {
		m := m
		m.Roles = slices.Clone(m.Roles)
		if m.JoinedAt == "" {
			m.JoinedAt = formatTime(m.User.ID.Time())
		}
		m.User = *st.addUser(m.User)
		gs.members[m.User.ID] = &m
	}
	for _, c := range g.Channels {
		c := c
		if c.ID == 0 {
			return fmt.Errorf("discordtest: seed guild %s: channel without id", g.ID)
		}
		c.GuildID = g.ID
		c.PermissionOverwrites = slices.Clone(c.PermissionOverwrites)
		c.AvailableTags, c.AppliedTags = slices.Clone(c.AvailableTags), slices.Clone(c.AppliedTags)
		if c.ThreadMetadata != nil {
			tm := *c.ThreadMetadata
			c.ThreadMetadata = &tm
		}
		st.channels[c.ID] = &c
	}
	st.guilds[g.ID] = gs
	st.order = append(st.order, g.ID)
	return nil
}

// normaliseMessage fills Discord's defaults into a seeded message.
func (st *state) normaliseMessage(m Message) *Message {
	if m.Timestamp == "" {
		m.Timestamp = formatTime(m.ID.Time())
	}
	if m.Author.ID != 0 {
		m.Author = *st.addUser(m.Author)
	}
	for i := range m.Mentions {
		m.Mentions[i] = *st.addUser(m.Mentions[i])
	}
	m.Mentions = slices.Clone(m.Mentions)
	m.MentionRoles = slices.Clone(m.MentionRoles)
	m.Embeds = slices.Clone(m.Embeds)
	m.Reactions = slices.Clone(m.Reactions)
	if m.MessageReference != nil {
		ref := *m.MessageReference
		m.MessageReference = &ref
	}
	return &m
}

// insertMessage keeps the channel's slice sorted by id.
func (st *state) insertMessage(m *Message) {
	list := st.messages[m.ChannelID]
	i, _ := slices.BinarySearchFunc(list, m.ID, func(a *Message, id Snowflake) int {
		return cmpSnowflake(a.ID, id)
	})
	st.messages[m.ChannelID] = slices.Insert(list, i, m)
	st.msgIndex[m.ID] = m
	if c := st.channels[m.ChannelID]; c != nil && m.ID > c.LastMessageID {
		c.LastMessageID = m.ID
	}
}

func (st *state) deleteMessage(m *Message) {
	list := st.messages[m.ChannelID]
	if i := slices.Index(list, m); i >= 0 {
		st.messages[m.ChannelID] = slices.Delete(list, i, i+1)
	}
	delete(st.msgIndex, m.ID)
	st.forget(m.Attachments, nil)
}

func cmpSnowflake(a, b Snowflake) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mint returns a new snowflake for time now (worker 2 marks minted ids).
func (st *state) mint(now time.Time) Snowflake {
	ms := uint64(now.UnixMilli() - DiscordEpochMs)
	if ms <= st.lastMs {
		st.seq++
		if st.seq > 0xfff {
			st.lastMs++
			st.seq = 0
		}
		ms = st.lastMs
	} else {
		st.lastMs, st.seq = ms, 0
	}
	return Snowflake(ms<<22 | 2<<17 | st.seq)
}

// formatTime writes Discord's ISO 8601 timestamp form.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}

// guildOf is the guild a channel belongs to.
func (st *state) guildOf(c *Channel) *guildState { return st.guilds[c.GuildID] }

// isThread reports whether a channel type is a thread (10, 11, 12).
func isThread(t int) bool { return t >= 10 && t <= 12 }

// basePerms is a member's guild-level permissions: @everyone plus its roles,
// everything for the owner or an administrator.
func (gs *guildState) basePerms(uid Snowflake) Perm {
	m := gs.members[uid]
	if m == nil {
		return 0
	}
	if gs.g.OwnerID == uid {
		return allPerms
	}
	var p Perm
	for _, r := range gs.roles {
		if r.ID == gs.g.ID || slices.Contains(m.Roles, r.ID) {
			p |= r.Permissions
		}
	}
	if p&discordgo.PermissionAdministrator != 0 {
		return allPerms
	}
	return p
}

// allPerms is every permission bit Discord defines (bits 0–50), what it
// reports for owners and administrators: "2251799813685247".
const allPerms = Perm(1)<<51 - 1

// channelPerms applies overwrites in Discord's order: @everyone, then the
// union of role overwrites (deny before allow), then the member's own.
// Threads take their parent's overwrites.
func (st *state) channelPerms(c *Channel, uid Snowflake) Perm {
	if c.Type == chanDM && uid == st.botID {
		return dmPerms // handlers_dm.go
	}
	gs := st.guildOf(c)
	if gs == nil {
		return 0
	}
	p := gs.basePerms(uid)
	if p == allPerms {
		return p
	}
	src := c
	if isThread(c.Type) {
		if parent := st.channels[c.ParentID]; parent != nil {
			src = parent
		}
	}
	m := gs.members[uid]
	var roleAllow, roleDeny Perm
	var memberOw *Overwrite
	for i := range src.PermissionOverwrites {
		ow := &src.PermissionOverwrites[i]
		switch {
		case ow.Type == 0 && ow.ID == gs.g.ID:
			p = p&^ow.Deny | ow.Allow
		case ow.Type == 0 && m != nil && slices.Contains(m.Roles, ow.ID):
			roleAllow |= ow.Allow
			roleDeny |= ow.Deny
		case ow.Type == 1 && ow.ID == uid:
			memberOw = ow
		}
	}
	p = p&^roleDeny | roleAllow
	if memberOw != nil {
		p = p&^memberOw.Deny | memberOw.Allow
	}
	// A private thread is seen by its members and by thread managers.
	if c.Type == chanPrivateThread && p&discordgo.PermissionManageThreads == 0 && !st.isThreadMember(c.ID, uid) {
		p &^= discordgo.PermissionViewChannel
	}
	return p
}
