package route

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every row of the facts table names a published template with that
// method, once: a typo or a route Discord dropped fails here.
func TestFactRowsArePublishedRoutes(t *testing.T) {
	seen := map[factKey]bool{}
	for _, r := range factRows {
		k := factKey{r.method, r.template}
		if seen[k] {
			t.Errorf("%s %s listed twice", r.method, r.template)
		}
		seen[k] = true
		ok := false
		for _, row := range templates {
			if row.template == r.template && row.methods&methodOf(r.method) != 0 {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s %s is not a published route", r.method, r.template)
		}
	}
}

func TestDerivedFacts(t *testing.T) {
	for _, c := range []struct {
		method, template string
		flag             Flag
		want             bool
	}{
		{"PATCH", TUsersMe, Untargeted, true},
		{"PUT", TApplicationsApplicationIDCommands, Untargeted, true},
		{"GET", TUsersMeGuilds, Untargeted, false},
		{"POST", TUsersMeChannels, Untargeted, false},
		{"POST", TChannelsChannelIDMessages, Untargeted, false},
		{"PUT", TPartnerSDKDMsUserID1UserID2MessagesMessageIDModerationMetadata, Untargeted, false},
		{"POST", TWebhooksWebhookIDWebhookToken, Unresolvable, true},
		{"GET", TInvitesCode, Unresolvable, true},
		{"POST", TLobbies, Unresolvable, true},
		{"GET", TChannelsChannelID, Unresolvable, false},
		{"POST", TInvitesCodeTargetUsersBulkAdd, Unresolvable | Untargeted, true},
		{"POST", TGuildsGuildIDPrune, UnnamedUsers, true},
	} {
		if got := Lookup(c.method, c.template).Has(c.flag); got != c.want {
			t.Errorf("%s %s has %b: %v, want %v", c.method, c.template, c.flag, got, c.want)
		}
	}
	r, err := Parse("POST", "/api/v10/channels/123456789012345678/messages")
	if err != nil || !r.Facts().CanPing() || r.Facts().Shape != ShapeMessage {
		t.Errorf("message create: %+v %v", r.Facts(), err)
	}
	if f := (&Route{Method: "POST", Template: TChannelsChannelIDMessages}).Facts(); f != (Facts{}) {
		t.Errorf("an unknown route has facts %+v", f)
	}
}

// Leading zeros would let "0123" pass a string comparison with "123" while
// Discord reads both as one id: such a path is not a known route.
func TestLeadingZeroIDIsNotKnown(t *testing.T) {
	for _, p := range []string{"/channels/0123456789012345678/messages", "/guilds/00/members/1"} {
		r, err := Parse("GET", p)
		if err == nil && r.Known {
			t.Errorf("%s parsed as known %s", p, r.Template)
		}
	}
	if r, err := Parse("GET", "/channels/123456789012345678/messages"); err != nil || !r.Known {
		t.Errorf("canonical id: %v %v", r.Known, err)
	}
}

// TestFactsAgainstOpenAPI reads Discord's openapi.json (testdata, or the
// file DISCORD_OPENAPI_JSON names, for a newer spec) and checks
// that every request body able to ping, grant roles or come as multipart,
// and every answer holding webhook tokens, has its row.
func TestFactsAgainstOpenAPI(t *testing.T) {
	raw := readOpenAPI(t)
	var spec struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	w := schemaWalker{schemas: spec.Components.Schemas}
	for path, ops := range spec.Paths {
		for m, rawOp := range ops {
			var op struct {
				RequestBody struct {
					Content map[string]struct{ Schema any }
				}
				Responses map[string]struct {
					Content map[string]struct{ Schema any }
				}
			}
			if json.Unmarshal(rawOp, &op) != nil {
				continue
			}
			method := strings.ToUpper(m)
			f := Lookup(method, path)
			req := map[string]bool{}
			for ct, c := range op.RequestBody.Content {
				w.keys(c.Schema, req, 0, nil)
				if ct == "multipart/form-data" && f.Body == BodyJSON {
					t.Errorf("%s %s takes multipart; facts say JSON only", method, path)
				}
			}
			if req["allowed_mentions"] && !f.CanPing() || req["send_start_notification"] && f.Shape != ShapeStageInstance {
				t.Errorf("%s %s can ping; facts say not", method, path)
			}
			// A message's "roles" is allowed_mentions.roles; an emoji's
			// restricts who may use it: neither grants.
			if (req["role_ids"] || req["roles"] && !f.CanPing() && path != TGuildsGuildIDEmojis && path != TGuildsGuildIDEmojisEmojiID) &&
				!f.Has(GrantsRolesByBody) && !f.Has(GrantsRoles) {
				t.Errorf("%s %s names roles in its body; facts say it grants none", method, path)
			}
			resp := map[string]bool{}
			for _, code := range []string{"200", "201"} {
				for ct, c := range op.Responses[code].Content {
					w.keys(c.Schema, resp, 0, nil)
					// A non-JSON answer (a CSV of user ids) cannot be
					// filtered: only an image may pass unread.
					if ct != "application/json" && !strings.HasPrefix(ct, "image/") && !f.Has(HidesUsers) && !f.Has(HidesChannels) {
						t.Errorf("%s %s answers %s, which cannot be filtered; facts do not refuse it", method, path, ct)
					}
				}
			}
			if resp["token"] && f.Answer != AnswerWebhook && f.Answer != AnswerWebhooks && f.Answer != AnswerAuditLog &&
				!strings.HasPrefix(path, "/partner-sdk/") {
				t.Errorf("%s %s answers with a token; facts do not mask it", method, path)
			}
			checkAnswerTargets(t, method, path, f, resp)
		}
	}
}

// Answer members that name users, and channels, outside the path.
var (
	userKeys    = []string{"user", "users", "creator", "creator_id", "inviter", "target_user", "user_id", "author", "recipients", "members", "member", "owner", "owner_id"}
	channelKeys = []string{"channel", "channels", "channel_id", "channel_ids", "exempt_channels", "welcome_channels", "default_channel_ids", "parent_id", "threads"}
)

// answersOwnTarget are routes whose answer names only what the request
// itself names (checked by policy on the way in: the path's channel,
// member or guild, a new channel's parent from the body) or the bot.
// Reviewed by hand; each needs a reason.
var answersOwnTarget = map[string]string{
	"GET " + TChannelsChannelID:                          "the channel in the path (a DM passes only when listed)",
	"PATCH " + TChannelsChannelID:                        "the channel in the path",
	"DELETE " + TChannelsChannelID:                       "the channel in the path",
	"POST " + TChannelsChannelIDFollowers:                "the followed channel in the path",
	"POST " + TChannelsChannelIDMessagesMessageIDThreads: "a new thread of the path's channel, owned by the bot",
	"GET " + TChannelsChannelIDThreadMembersUserID:       "the member in the path",
	"GET " + TGuildsGuildIDBansUserID:                    "the user in the path",
	"POST " + TGuildsGuildIDChannels:                     "a new channel; its parent_id is checked in the body",
	"PATCH " + TGuildsGuildIDMembersMe:                   "the bot",
	"GET " + TGuildsGuildIDMembersUserID:                 "the member in the path",
	"PUT " + TGuildsGuildIDMembersUserID:                 "the member in the path",
	"PATCH " + TGuildsGuildIDMembersUserID:               "the member in the path",
	"POST " + TStageInstances:                            "the stage channel in the body",
	"GET " + TStageInstancesChannelID:                    "the stage channel in the path",
	"PATCH " + TStageInstancesChannelID:                  "the stage channel in the path",
	"POST " + TUsersMeChannels:                           "the DM with the recipient in the body",
	"GET " + TUsersMeGuildsGuildIDMember:                 "the bot",
	"GET " + TGuildsGuildIDVoiceStatesMe:                 "the bot (its channel: HidesChannels)",
	"GET " + TGuildsGuildIDVoiceStatesUserID:             "the user in the path (its channel: HidesChannels)",
	// An entitlement's parent_id is another entitlement, not a channel.
	"GET " + TApplicationsApplicationIDEntitlements:              "users: HidesUsers; parent_id is an entitlement",
	"POST " + TApplicationsApplicationIDEntitlements:             "users: HidesUsers; parent_id is an entitlement",
	"GET " + TApplicationsApplicationIDEntitlementsEntitlementID: "users: HidesUsers; parent_id is an entitlement",
	"GET " + TUsersMeApplicationsApplicationIDEntitlements:       "users: HidesUsers; parent_id is an entitlement",
}

// checkAnswerTargets fails a route whose answer can name users or
// channels but has neither an Answer filter, a refusal flag, nor a
// reviewed reason in answersOwnTarget.
func checkAnswerTargets(t *testing.T, method, path string, f Facts, resp map[string]bool) {
	t.Helper()
	if f.Answer != AnswerOther || answersOwnTarget[method+" "+path] != "" {
		return
	}
	for _, k := range userKeys {
		if resp[k] && !f.Has(HidesUsers) {
			t.Errorf("%s %s answers with %q (users) but has no Answer filter nor HidesUsers", method, path, k)
			break
		}
	}
	for _, k := range channelKeys {
		if resp[k] && !f.Has(HidesChannels) {
			t.Errorf("%s %s answers with %q (channels) but has no Answer filter nor HidesChannels", method, path, k)
			break
		}
	}
}

// schemaWalker collects every property name reachable from a schema.
type schemaWalker struct{ schemas map[string]any }

func (w schemaWalker) keys(s any, into map[string]bool, depth int, seen map[string]bool) {
	o, _ := s.(map[string]any)
	if o == nil || depth > 12 {
		return
	}
	if ref, _ := o["$ref"].(string); ref != "" {
		name := ref[strings.LastIndexByte(ref, '/')+1:]
		if seen[name] {
			return
		}
		next := map[string]bool{name: true}
		for k := range seen {
			next[k] = true
		}
		w.keys(w.schemas[name], into, depth+1, next)
		return
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		list, _ := o[k].([]any)
		for _, x := range list {
			w.keys(x, into, depth+1, seen)
		}
	}
	w.keys(o["items"], into, depth+1, seen)
	props, _ := o["properties"].(map[string]any)
	for k, v := range props {
		into[k] = true
		w.keys(v, into, depth+1, seen)
	}
}

// readOpenAPI returns Discord's published openapi.json: the copy in
// testdata (github.com/discord/discord-api-spec, MIT), or a newer one named
// by DISCORD_OPENAPI_JSON.
func readOpenAPI(t *testing.T) []byte {
	t.Helper()
	if file := os.Getenv("DISCORD_OPENAPI_JSON"); file != "" {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	f, err := os.Open(filepath.Join("testdata", "openapi.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
