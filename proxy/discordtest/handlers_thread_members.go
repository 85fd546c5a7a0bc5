package discordtest

import (
	"slices"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// Thread members (join, leave, add, remove, list) and archived thread
// lists. A private thread is seen only by its members and by holders of
// MANAGE_THREADS (state.channelPerms).

var threadMemberRoutes = []route{
	{method: "GET", template: "/channels/{channel_id}/thread-members", bucket: BucketChannelRead, handle: (*Emulator).listThreadMembers},
	{method: "GET", template: "/channels/{channel_id}/thread-members/{user_id}", bucket: BucketChannelRead, handle: (*Emulator).getThreadMember},
	{method: "PUT", template: "/channels/{channel_id}/thread-members/@me", bucket: BucketChannelModify, handle: (*Emulator).joinThread},
	{method: "DELETE", template: "/channels/{channel_id}/thread-members/@me", bucket: BucketChannelModify, handle: (*Emulator).leaveThread},
	{method: "PUT", template: "/channels/{channel_id}/thread-members/{user_id}", bucket: BucketChannelModify, handle: (*Emulator).addThreadMember},
	{method: "DELETE", template: "/channels/{channel_id}/thread-members/{user_id}", bucket: BucketChannelModify, handle: (*Emulator).removeThreadMember},
	{method: "GET", template: "/channels/{channel_id}/threads/archived/public", bucket: BucketChannelRead, handle: (*Emulator).archivedPublic},
	{method: "GET", template: "/channels/{channel_id}/threads/archived/private", bucket: BucketChannelRead, handle: (*Emulator).archivedPrivate},
	{method: "GET", template: "/channels/{channel_id}/users/@me/threads/archived/private", bucket: BucketChannelRead, handle: (*Emulator).archivedJoined},
}

// threadMember is one member of a thread.
type threadMember struct {
	user   Snowflake
	joined time.Time
}

type wireThreadMember struct {
	ID            string `json:"id"`
	UserID        string `json:"user_id"`
	JoinTimestamp string `json:"join_timestamp"`
	Flags         int    `json:"flags"`
}

func (st *state) isThreadMember(thread, uid Snowflake) bool {
	return slices.ContainsFunc(st.threadMembers[thread], func(m threadMember) bool { return m.user == uid })
}

func (st *state) joinThread(th *Channel, uid Snowflake, now time.Time) {
	if st.isThreadMember(th.ID, uid) {
		return
	}
	if st.threadMembers == nil {
		st.threadMembers = map[Snowflake][]threadMember{}
	}
	st.threadMembers[th.ID] = append(st.threadMembers[th.ID], threadMember{uid, now})
	th.MemberCount = len(st.threadMembers[th.ID])
}

func (st *state) leaveThread(th *Channel, uid Snowflake) {
	st.threadMembers[th.ID] = slices.DeleteFunc(st.threadMembers[th.ID], func(m threadMember) bool { return m.user == uid })
	th.MemberCount = len(st.threadMembers[th.ID])
}

// thread resolves channel_id to a thread the bot sees; st.mu held.
func (e *Emulator) thread(c *call) (*Channel, *apiError) {
	th, err := e.channel(c, 0)
	if err != nil {
		return nil, err
	}
	if !isThread(th.Type) {
		return nil, errWrongType
	}
	return th, nil
}

func (e *Emulator) listThreadMembers(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	th, err := e.thread(c)
	if err != nil {
		return fail(err)
	}
	out := []wireThreadMember{}
	for _, m := range e.st.threadMembers[th.ID] {
		out = append(out, wireThreadMember{th.ID.String(), m.user.String(), formatTime(m.joined), 1})
	}
	return ok(out)
}

func (e *Emulator) getThreadMember(c *call) response {
	uid, ferr := c.snowflake("user_id")
	if ferr != nil {
		return fail(ferr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	th, err := e.thread(c)
	if err != nil {
		return fail(err)
	}
	for _, m := range e.st.threadMembers[th.ID] {
		if m.user == uid {
			return ok(wireThreadMember{th.ID.String(), m.user.String(), formatTime(m.joined), 1})
		}
	}
	return fail(errUnknownMember)
}

func (e *Emulator) joinThread(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	th, err := e.thread(c)
	if err != nil {
		return fail(err)
	}
	if th.ThreadMetadata != nil && th.ThreadMetadata.Locked {
		return fail(errThreadLocked)
	}
	e.st.joinThread(th, e.st.botID, c.now)
	return noContent()
}

func (e *Emulator) leaveThread(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	th, err := e.thread(c)
	if err != nil {
		return fail(err)
	}
	e.st.leaveThread(th, e.st.botID)
	return noContent()
}

// addThreadMember needs SEND_MESSAGES_IN_THREADS and a user of the guild.
func (e *Emulator) addThreadMember(c *call) response {
	uid, ferr := c.snowflake("user_id")
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	th, err := e.thread(c)
	if err != nil {
		return fail(err)
	}
	if e.perms(th)&discordgo.PermissionSendMessagesInThreads == 0 {
		return fail(errMissingPerms)
	}
	if gs := st.guildOf(th); gs == nil || gs.members[uid] == nil {
		return fail(errUnknownMember)
	}
	st.joinThread(th, uid, c.now)
	return noContent()
}

// removeThreadMember needs MANAGE_THREADS, or owning the private thread.
func (e *Emulator) removeThreadMember(c *call) response {
	uid, ferr := c.snowflake("user_id")
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	th, err := e.thread(c)
	if err != nil {
		return fail(err)
	}
	if e.perms(th)&discordgo.PermissionManageThreads == 0 && !(th.Type == chanPrivateThread && th.OwnerID == st.botID) {
		return fail(errMissingPerms)
	}
	st.leaveThread(th, uid)
	return noContent()
}

var errThreadLocked = &apiError{400, 50083, "Thread is archived", nil}

// archived lists parent's archived threads that keep returns true for,
// newest archive first, paged by before (an ISO time) and limit.
func (e *Emulator) archived(c *call, need Perm, keep func(*Channel) bool) response {
	limit, ferr := c.intQuery("limit", 50, 2, 100)
	if ferr != nil {
		return fail(ferr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	parent, err := e.channel(c, discordgo.PermissionReadMessageHistory|need)
	if err != nil {
		return fail(err)
	}
	var list []*Channel
	for _, ch := range st.channels {
		if ch.ParentID == parent.ID && isThread(ch.Type) && ch.ThreadMetadata != nil && ch.ThreadMetadata.Archived && keep(ch) {
			list = append(list, ch)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID > list[j].ID })
	out := wireThreadList{Threads: []wireChannel{}, Members: []struct{}{}, HasMore: len(list) > limit}
	for _, ch := range list[:min(limit, len(list))] {
		out.Threads = append(out.Threads, toWireChannel(ch, len(st.messages[ch.ID])))
	}
	return ok(out)
}

func (e *Emulator) archivedPublic(c *call) response {
	return e.archived(c, 0, func(ch *Channel) bool { return ch.Type != chanPrivateThread })
}

func (e *Emulator) archivedPrivate(c *call) response {
	return e.archived(c, discordgo.PermissionManageThreads, func(ch *Channel) bool { return ch.Type == chanPrivateThread })
}

func (e *Emulator) archivedJoined(c *call) response {
	return e.archived(c, 0, func(ch *Channel) bool {
		return ch.Type == chanPrivateThread && e.st.isThreadMember(ch.ID, e.st.botID)
	})
}

// patchThread applies a thread's own fields of a PATCH body to upd
// (archived, locked, auto_archive_duration), with Discord's form errors.
func patchThread(body gjson.Result, upd *Channel, parent *Channel, now time.Time, fe formErrors) {
	if v := body.Get("applied_tags"); v.Exists() {
		upd.AppliedTags = parseAppliedTags(v, parent, fe)
	}
	tm := ThreadMetadata{AutoArchiveDuration: 4320}
	if upd.ThreadMetadata != nil {
		tm = *upd.ThreadMetadata
	}
	for _, f := range []struct {
		name string
		dst  *bool
	}{{"archived", &tm.Archived}, {"locked", &tm.Locked}} {
		v := body.Get(f.name)
		switch {
		case !v.Exists():
		case v.Type != gjson.True && v.Type != gjson.False:
			fe.add("BASE_TYPE_BOOLEAN", "Must be either true or false.", f.name)
		default:
			if f.name == "archived" && v.Bool() != tm.Archived {
				tm.ArchiveTimestamp = formatTime(now)
			}
			*f.dst = v.Bool()
		}
	}
	if a := body.Get("auto_archive_duration"); a.Exists() {
		switch a.Int() {
		case 60, 1440, 4320, 10080:
			tm.AutoArchiveDuration = int(a.Int())
		default:
			fe.add("BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.", "auto_archive_duration")
		}
	}
	upd.ThreadMetadata = &tm
}
