package discordtest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// rewrite sends discordgo's https://discord.com/api/v9/... requests to the
// emulator, leaving discordgo's package endpoint variables alone.
type rewrite struct{ target *url.URL }

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.target.Scheme, r.target.Host
	req.Host = r.target.Host
	return http.DefaultTransport.RoundTrip(req)
}

func discordgoSession(t *testing.T, e *Emulator, base string) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot " + e.Token())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: rewrite{u}}
	s.MaxRestRetries = 0
	return s
}

// TestDiscordgoReadsEmulator proves a real client decodes the emulator's
// shapes: users, guilds, channels, roles, members, messages, replies,
// reactions, edits and deletes.
func TestDiscordgoReadsEmulator(t *testing.T) {
	e, base := start(t, Options{})
	s := discordgoSession(t, e, base)

	me, err := s.User("@me")
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != BotUserID.String() || !me.Bot || me.Username != "emulator-bot" {
		t.Errorf("me = %+v", me)
	}
	g, err := s.Guild(GuildID.String())
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "Emulator Guild" || g.OwnerID != OwnerUserID.String() || len(g.Roles) != 3 {
		t.Errorf("guild = %+v", g)
	}
	chans, err := s.GuildChannels(GuildID.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(chans) != 4 {
		t.Errorf("guild channels: %d, want 4 (threads excluded)", len(chans))
	}
	ch, err := s.Channel(GeneralID.String())
	if err != nil {
		t.Fatal(err)
	}
	if ch.Name != "general" || ch.Type != discordgo.ChannelTypeGuildText || ch.ParentID != CategoryID.String() || ch.Topic == "" {
		t.Errorf("channel = %+v", ch)
	}
	th, err := s.Channel(ThreadID.String())
	if err != nil {
		t.Fatal(err)
	}
	if th.Type != discordgo.ChannelTypeGuildPublicThread || th.ThreadMetadata == nil || th.ParentID != GeneralID.String() {
		t.Errorf("thread = %+v", th)
	}
	mem, err := s.GuildMember(GuildID.String(), HumanUserID.String())
	if err != nil {
		t.Fatal(err)
	}
	if mem.User.Username != "grace" || mem.Nick == "" || mem.JoinedAt.IsZero() {
		t.Errorf("member = %+v", mem)
	}

	sent, err := s.ChannelMessageSend(GeneralID.String(), "hello from discordgo <@"+HumanUserID.String()+">")
	if err != nil {
		t.Fatal(err)
	}
	if sent.Author == nil || sent.Author.ID != BotUserID.String() || sent.Timestamp.IsZero() || len(sent.Mentions) != 1 {
		t.Errorf("sent = %+v", sent)
	}
	msgs, err := s.ChannelMessages(GeneralID.String(), 5, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 5 || msgs[0].ID != sent.ID || msgs[0].Content != sent.Content {
		t.Fatalf("newest first: got %d messages, first %+v", len(msgs), msgs[0])
	}
	reply, err := s.ChannelMessageSendReply(GeneralID.String(), "a reply", sent.Reference())
	if err != nil {
		t.Fatal(err)
	}
	if reply.Type != discordgo.MessageTypeReply || reply.ReferencedMessage == nil || reply.ReferencedMessage.ID != sent.ID {
		t.Errorf("reply = %+v", reply)
	}
	if err := s.MessageReactionAdd(GeneralID.String(), sent.ID, "👍"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ChannelMessage(GeneralID.String(), sent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reactions) != 1 || !got.Reactions[0].Me || got.Reactions[0].Emoji.Name != "👍" {
		t.Errorf("reactions = %+v", got.Reactions)
	}
	ed, err := s.ChannelMessageEdit(GeneralID.String(), sent.ID, "edited")
	if err != nil {
		t.Fatal(err)
	}
	if ed.Content != "edited" || ed.EditedTimestamp == nil {
		t.Errorf("edited = %+v", ed)
	}
	if err := s.ChannelMessageDelete(GeneralID.String(), sent.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.ChannelMessage(GeneralID.String(), sent.ID)
	var rerr *discordgo.RESTError
	if !asREST(err, &rerr) || rerr.Message == nil || rerr.Message.Code != discordgo.ErrCodeUnknownMessage {
		t.Errorf("after delete: %v", err)
	}
}

func asREST(err error, target **discordgo.RESTError) bool {
	r, ok := err.(*discordgo.RESTError)
	if ok {
		*target = r
	}
	return ok
}
