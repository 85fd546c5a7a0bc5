package discordtest

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/valyala/fasthttp"
)

// Invites by code (resolve, revoke), a guild's invites, and an invite's
// target users: a CSV file read back and replaced by a multipart upload,
// processed at once (the job status is COMPLETED on answer).

var inviteMoreRoutes = []route{
	{method: "GET", template: "/invites/{code}", bucket: BucketChannelRead, handle: (*Emulator).getInvite},
	{method: "DELETE", template: "/invites/{code}", bucket: BucketChannelModify, handle: (*Emulator).deleteInvite},
	{method: "GET", template: "/guilds/{guild_id}/invites", bucket: BucketGuildRead, handle: (*Emulator).listGuildInvites},
	{method: "GET", template: "/invites/{code}/target-users", bucket: BucketChannelRead, handle: (*Emulator).getInviteTargets},
	{method: "PUT", template: "/invites/{code}/target-users", bucket: BucketChannelModify, handle: (*Emulator).putInviteTargets},
	{method: "GET", template: "/invites/{code}/target-users/job-status", bucket: BucketChannelRead, handle: (*Emulator).getInviteTargetsJob},
}

// CodeUnknownInvite is Discord's error code for an invite code it does not know.
const CodeUnknownInvite = 10006

var errUnknownInvite = &apiError{fasthttp.StatusNotFound, CodeUnknownInvite, "Unknown Invite", nil}

// maxTargetUsers bounds one target-users file here (Discord documents none).
const maxTargetUsers = 10000

// inviteTargets is an invite's target user list and its last upload job.
type inviteTargets struct {
	users   []Snowflake
	created string
}

type wireTargetsJob struct {
	Status         int     `json:"status"`
	TotalUsers     int     `json:"total_users"`
	ProcessedUsers int     `json:"processed_users"`
	CreatedAt      *string `json:"created_at"`
	CompletedAt    *string `json:"completed_at"`
	ErrorMessage   *string `json:"error_message"`
}

// inviteByCode finds the invite of the code path parameter; st.mu held.
func (e *Emulator) inviteByCode(c *call) (*invite, *apiError) {
	inv := e.st.invites[c.param("code")]
	if inv == nil || e.st.channels[inv.channel] == nil {
		return nil, errUnknownInvite
	}
	return inv, nil
}

// manageInvite finds the invite and checks the bot may manage it: Manage
// Channels on its channel or Manage Server; st.mu held.
func (e *Emulator) manageInvite(c *call) (*invite, *apiError) {
	inv, err := e.inviteByCode(c)
	if err != nil {
		return nil, err
	}
	st := e.st
	ch := st.channels[inv.channel]
	if st.channelPerms(ch, st.botID)&discordgo.PermissionManageChannels == 0 &&
		st.guildOf(ch).basePerms(st.botID)&discordgo.PermissionManageGuild == 0 {
		return nil, errMissingPerms
	}
	return inv, nil
}

func (e *Emulator) getInvite(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	inv, err := e.inviteByCode(c)
	if err != nil {
		return fail(err)
	}
	return ok(e.st.toWireInvite(inv))
}

func (e *Emulator) deleteInvite(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	inv, err := e.manageInvite(c)
	if err != nil {
		return fail(err)
	}
	w := st.toWireInvite(inv)
	delete(st.invites, inv.code)
	delete(st.inviteTargets, inv.code)
	return ok(w)
}

func (e *Emulator) listGuildInvites(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	gs, err := e.guild(c)
	if err != nil {
		return fail(err)
	}
	if gs.basePerms(st.botID)&discordgo.PermissionManageGuild == 0 {
		return fail(errMissingPerms)
	}
	out := []wireInvite{}
	for _, inv := range st.invites {
		if ch := st.channels[inv.channel]; ch != nil && ch.GuildID == gs.g.ID {
			out = append(out, st.toWireInvite(inv))
		}
	}
	sortInvites(out)
	return ok(out)
}

// sortInvites orders invites by creation, then code.
func sortInvites(out []wireInvite) {
	slices.SortFunc(out, func(a, b wireInvite) int {
		return cmp.Or(cmp.Compare(a.CreatedAt, b.CreatedAt), cmp.Compare(a.Code, b.Code))
	})
}

func (e *Emulator) getInviteTargets(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	inv, err := e.manageInvite(c)
	if err != nil {
		return fail(err)
	}
	var b bytes.Buffer
	b.WriteString("Users\n")
	if t := st.inviteTargets[inv.code]; t != nil {
		for _, u := range t.users {
			b.WriteString(u.String() + "\n")
		}
	}
	return response{status: fasthttp.StatusOK, body: b.Bytes(), ctype: "text/csv"}
}

func (e *Emulator) putInviteTargets(c *call) response {
	if !c.isMultipart() {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "target_users_file"))
	}
	data, ferr := targetUsersFile(c)
	if ferr != nil {
		return fail(ferr)
	}
	users, perr := parseTargetUsers(data)
	if perr != nil {
		return fail(perr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	inv, err := e.manageInvite(c)
	if err != nil {
		return fail(err)
	}
	if st.inviteTargets == nil {
		st.inviteTargets = map[string]*inviteTargets{}
	}
	st.inviteTargets[inv.code] = &inviteTargets{users: users, created: formatTime(c.now)}
	return noContent()
}

// targetUsersFile reads the target_users_file part of the form.
func targetUsersFile(c *call) ([]byte, *apiError) {
	form, err := c.ctx.MultipartForm()
	if err != nil {
		return nil, errInvalidJSON
	}
	fhs := form.File["target_users_file"]
	if len(fhs) != 1 {
		return nil, formError("BASE_TYPE_REQUIRED", "This field is required", "target_users_file")
	}
	f, err := fhs[0].Open()
	if err != nil {
		return nil, errInvalidJSON
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUploadBytes+1))
	if err != nil || len(data) > maxUploadBytes {
		return nil, errTooLarge
	}
	return data, nil
}

// parseTargetUsers reads the first column of a CSV of user ids; a first
// row that is not an id is a header.
func parseTargetUsers(data []byte) ([]Snowflake, *apiError) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, formError("INVALID_FILE", "Invalid CSV file", "target_users_file")
	}
	var out []Snowflake
	for i, row := range rows {
		id, perr := strconv.ParseUint(strings.TrimSpace(row[0]), 10, 64)
		switch {
		case perr != nil && i == 0:
			continue
		case perr != nil:
			return nil, formError("INVALID_USER_ID", "Invalid user id on row "+strconv.Itoa(i+1), "target_users_file")
		}
		out = append(out, Snowflake(id))
	}
	if len(out) == 0 || len(out) > maxTargetUsers {
		return nil, formError("INVALID_FILE", "Must hold 1 to "+strconv.Itoa(maxTargetUsers)+" user ids", "target_users_file")
	}
	return out, nil
}

func (e *Emulator) getInviteTargetsJob(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	inv, err := e.manageInvite(c)
	if err != nil {
		return fail(err)
	}
	t := st.inviteTargets[inv.code]
	if t == nil {
		return ok(wireTargetsJob{})
	}
	created := t.created
	return ok(wireTargetsJob{Status: 2, TotalUsers: len(t.users), ProcessedUsers: len(t.users), CreatedAt: &created, CompletedAt: &created})
}
