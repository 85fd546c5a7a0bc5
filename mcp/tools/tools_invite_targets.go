package tools

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// An invite's target users: only they can accept it. Discord keeps the list
// as a CSV file (one user id a row), read back as text/csv and replaced by
// a multipart upload processed as a job. The tools speak arrays of ids and
// do the CSV themselves.

// maxTargetIDs bounds one upload from a tool call (Discord documents no
// limit; a larger list belongs in several calls or the raw request tool).
const maxTargetIDs = 1000

var targetUserFields = []field{{name: "users", src: "users", typ: oArray, items: []field{{name: "user_id", src: "user_id", typ: oString}}}}

var inviteTargetSpecs = []*spec{
	{
		name: "get_invite_target_users", title: "Get invite target users", toolset: tsChannelAdmin,
		desc:   "List the users an invite is restricted to (read from the CSV file Discord keeps).",
		params: []param{inviteCode},
		ann:    mcp.Annotations{Title: "Get invite target users", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageInvites,
		method: "GET", path: route.TInvitesCodeTargetUsers,
		out:      targetUserFields,
		run:      runTargetUsers,
		examples: []example{{`{"code":"` + exCode + `"}`, "GET /invites/" + exCode + "/target-users"}},
	},
	{
		name: "set_invite_target_users", title: "Set invite target users", toolset: tsChannelAdmin,
		desc: "Replace the users an invite is restricted to (uploaded to Discord as a CSV file). " +
			"Discord processes the list as a job: see get_invite_target_users_job_status.",
		params: []param{inviteCode,
			{name: "user_ids", desc: "Who may accept the invite (1-" + strconv.Itoa(maxTargetIDs) + " user ids; replaces the list).",
				typ: arrayT{item: tSnowflake, min: 1, max: maxTargetIDs, unique: true}, required: true}},
		ann:    mcp.Annotations{Title: "Set invite target users", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageInvites,
		method: "PUT", path: route.TInvitesCodeTargetUsers,
		out:  []field{{name: "ok", src: "const:true", typ: oBool}, {name: "code", src: "arg:code", typ: oString}},
		run:  runPlanned,
		plan: targetUsersPlan,
		examples: []example{{`{"code":"` + exCode + `","user_ids":["` + exUsr + `"]}`,
			"PUT /invites/" + exCode + `/target-users multipart target_users_file="target_users.csv" (text/csv, 25 bytes)`}},
	},
	{
		name: "get_invite_target_users_job_status", title: "Get invite target users job status", toolset: tsChannelAdmin,
		desc:   "How far Discord got with the last target-users upload of an invite: status, users processed, any error.",
		params: []param{inviteCode},
		ann:    mcp.Annotations{Title: "Get invite target users job status", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs:  manageInvites,
		method: "GET", path: route.TInvitesCodeTargetUsersJobStatus,
		out: []field{
			{name: "status", src: "status", typ: oInt, desc: "0 unspecified, 1 processing, 2 completed, 3 failed"},
			{name: "total_users", src: "total_users", typ: oInt},
			{name: "processed_users", src: "processed_users", typ: oInt},
			{name: "created_at", src: "created_at", typ: oString, nullable: true},
			{name: "completed_at", src: "completed_at", typ: oString, nullable: true},
			{name: "error_message", src: "error_message", typ: oString, nullable: true},
		},
		examples: []example{{`{"code":"` + exCode + `"}`, "GET /invites/" + exCode + "/target-users/job-status"}},
	},
}

// targetUsersPlan uploads the ids as target_users_file, one id a row
// under a "Users" header, as Discord's own export reads.
func targetUsersPlan(sp *spec, a *args) []*proxy.Request {
	var csvText strings.Builder
	csvText.WriteString("Users\n")
	ids, _ := a.given("user_ids")
	for _, id := range ids.Array() {
		csvText.WriteString(id.Str + "\n")
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="target_users_file"; filename="target_users.csv"`)
	h.Set("Content-Type", "text/csv")
	if pw, err := w.CreatePart(h); err == nil { // writes to a bytes.Buffer do not fail
		_, _ = pw.Write([]byte(csvText.String()))
	}
	_ = w.Close()
	return []*proxy.Request{{Method: sp.method, Path: buildPath(sp, a), Body: b.Bytes(), ContentType: w.FormDataContentType()}}
}

// runTargetUsers reads the CSV answer into ids: the first column of each
// row, skipping a header. A row that is no id fails the call rather than
// pass on a partial list.
func runTargetUsers(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	resp, res := c.send(ctx, request(sp, a))
	if res != nil {
		return res
	}
	ids, err := targetUserIDs(resp.Body)
	if err != nil {
		return failure(proxy.NotConnected, "the target users file is not a CSV of user ids: "+err.Error(),
			"Try again; if it persists, read it with discord_request.")
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	w.key("users")
	w.open('[')
	for _, id := range ids {
		w.open('{')
		w.key("user_id")
		w.str(id)
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return success(w.bytes())
}

// targetUserIDs parses a target-users CSV.
func targetUserIDs(body []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for i, row := range rows {
		id := strings.TrimSpace(row[0])
		if _, perr := strconv.ParseUint(id, 10, 64); perr != nil {
			if i == 0 {
				continue // the header
			}
			return nil, &csvRowError{row: i + 1}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// csvRowError names the first row that is not a user id (not its text:
// the file is Discord's, untrusted).
type csvRowError struct{ row int }

func (e *csvRowError) Error() string { return "row " + strconv.Itoa(e.row) + " is not a user id" }
