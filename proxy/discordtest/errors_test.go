package discordtest

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

func TestErrors(t *testing.T) {
	e, base := start(t, Options{Limits: noLimits()})
	long := strings.Repeat("x", 2001)
	tests := []struct {
		name, method, path, body string
		hdr                      []string
		status, code             int
		errPath                  string // a gjson path that must exist in the body
	}{
		{"no token", "GET", "/users/@me", "", []string{"Authorization", ""}, 401, 0, ""},
		{"wrong token", "GET", "/users/@me", "", []string{"Authorization", "Bot nope"}, 401, 0, ""},
		{"bearer", "GET", "/users/@me", "", []string{"Authorization", "Bearer " + e.Token()}, 401, 0, ""},
		{"unknown route", "GET", "/nope/123", "", nil, 404, 0, ""},
		{"wrong method", "PUT", "/channels/" + GeneralID.String(), "", nil, 405, 0, ""},
		{"unknown channel", "GET", "/channels/1085503155732611999", "", nil, 404, 10003, ""},
		{"bad snowflake", "GET", "/channels/abc", "", nil, 400, 50035, "errors.channel_id._errors.0.code"},
		{"unknown message", "GET", "/channels/" + GeneralID.String() + "/messages/1085503155732611999", "", nil, 404, 10008, ""},
		{"unknown guild", "GET", "/guilds/1085503155732611999", "", nil, 404, 10004, ""},
		{"unknown member", "GET", "/guilds/" + SecondGuildID.String() + "/members/" + HumanUserID.String(), "", nil, 404, 10007, ""},
		{"unknown user", "GET", "/users/1085503155732611999", "", nil, 404, 10013, ""},
		{"unknown role", "GET", "/guilds/" + GuildID.String() + "/roles/1085503155732611999", "", nil, 404, 10011, ""},
		{"missing access", "GET", "/channels/" + PrivateID.String(), "", nil, 403, 50001, ""},
		{"missing access send", "POST", "/channels/" + PrivateID.String() + "/messages", `{"content":"hi"}`, nil, 403, 50001, ""},
		{"limit 0", "GET", "/channels/" + GeneralID.String() + "/messages?limit=0", "", nil, 400, 50035, "errors.limit._errors.0.code"},
		{"limit 101", "GET", "/channels/" + GeneralID.String() + "/messages?limit=101", "", nil, 400, 50035, "errors.limit._errors.0.message"},
		{"empty message", "POST", "/channels/" + GeneralID.String() + "/messages", `{"content":"  "}`, nil, 400, 50006, ""},
		{"too long", "POST", "/channels/" + GeneralID.String() + "/messages", `{"content":"` + long + `"}`, nil, 400, 50035, "errors.content._errors.0.code"},
		{"eleven embeds", "POST", "/channels/" + GeneralID.String() + "/messages", `{"embeds":[{},{},{},{},{},{},{},{},{},{},{}]}`, nil, 400, 50035, "errors.embeds._errors"},
		{"bad json", "POST", "/channels/" + GeneralID.String() + "/messages", `{"content":`, nil, 400, 50109, ""},
		{"unknown reply", "POST", "/channels/" + GeneralID.String() + "/messages", `{"content":"x","message_reference":{"message_id":"1085503155732611999"}}`, nil, 400, 50035, "errors.message_reference"},
		{"mentions exclusive", "POST", "/channels/" + GeneralID.String() + "/messages", `{"content":"x","allowed_mentions":{"parse":["users"],"users":["1"]}}`, nil, 400, 50035, "errors.allowed_mentions._errors"},
		{"edit others", "PATCH", "/channels/" + GeneralID.String() + "/messages/" + seededID(0), `{"content":"x"}`, nil, 403, 50005, ""},
		{"bulk too old", "POST", "/channels/" + GeneralID.String() + "/messages/bulk-delete", `{"messages":["` + seededID(0) + `","` + seededID(1) + `"]}`, nil, 400, 50034, ""},
		{"bulk one", "POST", "/channels/" + GeneralID.String() + "/messages/bulk-delete", `{"messages":["` + seededID(0) + `"]}`, nil, 400, 50035, "errors.messages"},
		{"unknown emoji", "PUT", "/channels/" + GeneralID.String() + "/messages/" + seededID(0) + "/reactions/abc/@me", "", nil, 400, 10014, ""},
		{"patch name too long", "PATCH", "/channels/" + GeneralID.String(), `{"name":"` + strings.Repeat("n", 101) + `"}`, nil, 400, 50035, "errors.name"},
		{"webhook unknown", "POST", "/webhooks/1085503155732611999/tok", `{"content":"x"}`, []string{"Authorization", ""}, 404, 10015, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, e, tc.method, base+tc.path, tc.body, tc.hdr...)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if got := gjson.Get(r.body, "code"); !got.Exists() || int(got.Int()) != tc.code {
				t.Errorf("code %v, want %d: %s", got, tc.code, r.body)
			}
			if !gjson.Get(r.body, "message").Exists() {
				t.Errorf("no message: %s", r.body)
			}
			if tc.errPath != "" && !gjson.Get(r.body, tc.errPath).Exists() {
				t.Errorf("no %s in %s", tc.errPath, r.body)
			}
		})
	}
}

func seededID(i int) string {
	return DefaultSeed().Messages[GeneralID.String()][i].ID.String()
}

// TestPermissionsOverwrite: a member overwrite may deny SEND_MESSAGES
// while VIEW_CHANNEL stays, which is 50013 rather than 50001.
func TestPermissionsOverwrite(t *testing.T) {
	seed := DefaultSeed()
	for i, c := range seed.Guilds[0].Channels {
		if c.ID == RandomID {
			seed.Guilds[0].Channels[i].PermissionOverwrites = []Overwrite{{ID: BotUserID, Type: 1, Deny: 1 << 11}}
		}
	}
	e, base := start(t, Options{Seed: seed, Limits: noLimits()})
	r := do(t, e, "POST", base+"/channels/"+RandomID.String()+"/messages", `{"content":"hi"}`)
	if r.status != 403 || gjson.Get(r.body, "code").Int() != 50013 {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	if r := do(t, e, "GET", base+"/channels/"+RandomID.String(), ""); r.status != 200 {
		t.Fatalf("view: %d %s", r.status, r.body)
	}
	// Administrator (the second guild's @everyone) bypasses overwrites.
	if r := do(t, e, "POST", base+"/channels/"+SecondGeneralID.String()+"/messages", `{"content":"hi"}`); r.status != 200 {
		t.Fatalf("admin: %d %s", r.status, r.body)
	}
}
