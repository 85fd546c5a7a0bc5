package discordtest

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Threads: start one (standalone, from a message, or a forum/media post
// with its first message) and search a channel's threads by name.

// threadRoutes are the thread and forum routes (handlers in this file).
var threadRoutes = []route{
	{method: "POST", template: "/channels/{channel_id}/threads", bucket: BucketMessageCreate, handle: (*Emulator).startThread},
	{method: "POST", template: "/channels/{channel_id}/messages/{message_id}/threads", bucket: BucketMessageCreate, handle: (*Emulator).startThreadFromMessage},
	{method: "GET", template: "/channels/{channel_id}/threads/search", bucket: BucketChannelRead, handle: (*Emulator).searchThreads},
}

// Channel types with threads: forum and media channels hold only posts.
const (
	chanText, chanNews, chanForum, chanMedia = 0, 5, 15, 16
	chanNewsThread, chanPublicThread         = 10, 11
	chanPrivateThread                        = 12
)

func isForum(t int) bool { return t == chanForum || t == chanMedia }

func created(v any) response { return response{status: fasthttp.StatusCreated, body: marshal(v)} }

// threadInput is the part of a thread body every kind shares.
type threadInput struct {
	name     string
	archive  int
	slowmode int
	typ      int
}

// parseThreadInput reads name, auto_archive_duration, rate_limit_per_user
// and type with Discord's form errors.
func parseThreadInput(body gjson.Result, fe formErrors) threadInput {
	in := threadInput{archive: 4320}
	v := body.Get("name")
	if n := utf8.RuneCountInString(v.Str); v.Type != gjson.String || n < 1 || n > 100 {
		fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
	}
	in.name = v.Str
	if a := body.Get("auto_archive_duration"); a.Exists() && a.Type != gjson.Null {
		switch a.Int() {
		case 60, 1440, 4320, 10080:
			in.archive = int(a.Int())
		default:
			fe.add("BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.", "auto_archive_duration")
		}
	}
	if n, ok := intField(body, "rate_limit_per_user", 0, 21600, fe); ok {
		in.slowmode = n
	}
	return in
}

// newThread adds a thread under parent, owned by the bot; st.mu held.
func (e *Emulator) newThread(c *call, parent *Channel, id Snowflake, in threadInput) *Channel {
	st := e.st
	if id == 0 {
		id = st.mint(c.now)
	}
	th := &Channel{ID: id, Type: in.typ, GuildID: parent.GuildID, Name: in.name, ParentID: parent.ID,
		OwnerID: st.botID, RateLimitPerUser: in.slowmode, MemberCount: 1,
		ThreadMetadata: &ThreadMetadata{AutoArchiveDuration: in.archive, ArchiveTimestamp: formatTime(c.now)}}
	st.channels[id] = th
	st.joinThread(th, st.botID, c.now) // the creator is its first member
	return th
}

// startThread is POST /channels/{id}/threads: a thread without a message
// in a text or announcement channel, or a post (thread plus its first
// message) in a forum or media channel.
func (e *Emulator) startThread(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	parent, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	if isForum(parent.Type) {
		return e.startForumPost(c, parent, body)
	}
	if parent.Type != chanText && parent.Type != chanNews {
		return fail(errWrongType)
	}
	fe := formErrors{}
	in := parseThreadInput(body, fe)
	in.typ = chanPrivateThread // Discord's default, kept from the first docs
	if parent.Type == chanNews {
		in.typ = chanNewsThread
	}
	if t := body.Get("type"); t.Exists() && t.Type != gjson.Null {
		if t.Int() < chanNewsThread || t.Int() > chanPrivateThread {
			fe.add("BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.", "type")
		}
		in.typ = int(t.Int())
	}
	if err := fe.err(); err != nil {
		return fail(err)
	}
	need := Perm(discordgo.PermissionCreatePublicThreads)
	if in.typ == chanPrivateThread {
		need = discordgo.PermissionCreatePrivateThreads
	}
	if e.perms(parent)&need == 0 {
		return fail(errMissingPerms)
	}
	th := e.newThread(c, parent, 0, in)
	return created(toWireChannel(th, 0))
}

// startForumPost creates a post and its first message; st.mu held.
func (e *Emulator) startForumPost(c *call, forum *Channel, body gjson.Result) response {
	if e.perms(forum)&discordgo.PermissionSendMessages == 0 {
		return fail(errMissingPerms)
	}
	fe := formErrors{}
	in := parseThreadInput(body, fe)
	in.typ = chanPublicThread
	msg := body.Get("message")
	if !msg.IsObject() {
		fe.add("BASE_TYPE_REQUIRED", "This field is required", "message")
	}
	tags := parseAppliedTags(body.Get("applied_tags"), forum, fe)
	if err := fe.err(); err != nil {
		return fail(err)
	}
	mi, err := parseMessageInput(msg, true)
	if err != nil {
		return fail(err)
	}
	if mi.content == nil || !mi.hasContent() {
		return fail(errEmptyMessage)
	}
	st := e.st
	th := e.newThread(c, forum, 0, in)
	th.AppliedTags = tags
	// The post's first message has the thread's id, as on Discord.
	m := &Message{ID: th.ID, ChannelID: th.ID, Author: *st.users[st.botID], Content: *mi.content, Embeds: mi.embeds,
		Timestamp: formatTime(c.now)}
	e.applyMentions(m, th, mi, e.perms(th))
	st.insertMessage(m)
	return created(toWireChannel(th, 1))
}

// startThreadFromMessage is POST /channels/{id}/messages/{mid}/threads: a
// public thread whose id is the message's.
func (e *Emulator) startThreadFromMessage(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	parent, m, err := e.message(c, 0)
	if err != nil {
		return fail(err)
	}
	if parent.Type != chanText && parent.Type != chanNews {
		return fail(errWrongType)
	}
	if e.perms(parent)&discordgo.PermissionCreatePublicThreads == 0 {
		return fail(errMissingPerms)
	}
	if st.channels[m.ID] != nil {
		return fail(errThreadExists)
	}
	fe := formErrors{}
	in := parseThreadInput(body, fe)
	if err := fe.err(); err != nil {
		return fail(err)
	}
	in.typ = chanPublicThread
	if parent.Type == chanNews {
		in.typ = chanNewsThread
	}
	th := e.newThread(c, parent, m.ID, in)
	return created(toWireChannel(th, 0))
}

// errThreadExists is Discord's answer to a second thread on one message.
var errThreadExists = &apiError{fasthttp.StatusBadRequest, 160004, "A thread has already been created for this message", nil}

// wireThreadSearch is Discord's ThreadSearchResponse.
type wireThreadSearch struct {
	Threads      []wireChannel `json:"threads"`
	Members      []struct{}    `json:"members"`
	HasMore      bool          `json:"has_more"`
	TotalResults int           `json:"total_results"`
}

// searchThreads matches the name query (case-insensitive, every word)
// against the threads of one channel the bot can see.
func (e *Emulator) searchThreads(c *call) response {
	limit, ferr := c.intQuery("limit", 25, 1, 25)
	if ferr != nil {
		return fail(ferr)
	}
	offset, ferr := c.intQuery("offset", 0, 0, 9975)
	if ferr != nil {
		return fail(ferr)
	}
	words := strings.Fields(strings.ToLower(string(c.ctx.QueryArgs().Peek("name"))))
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	parent, err := e.channel(c, 0)
	if err != nil {
		return fail(err)
	}
	var hits []*Channel
	for _, ch := range st.channels {
		if ch.ParentID == parent.ID && isThread(ch.Type) && containsAll(strings.ToLower(ch.Name), words) {
			hits = append(hits, ch)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].ID > hits[j].ID })
	out := wireThreadSearch{Threads: []wireChannel{}, Members: []struct{}{}, TotalResults: len(hits)}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		out.Threads = append(out.Threads, toWireChannel(hits[i], len(st.messages[hits[i].ID])))
	}
	out.HasMore = offset+limit < len(hits)
	return ok(out)
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}
