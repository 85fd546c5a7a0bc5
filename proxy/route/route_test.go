package route

import (
	"errors"
	"testing"
	"time"
)

func TestParseKnown(t *testing.T) {
	tests := []struct {
		method, path string
		template     string
		major        Major
		majorID      string
		key          Key
		noGlobal     bool
		tokenScoped  bool
	}{
		{"GET", "/api/v10/channels/123/messages", "/channels/{channel_id}/messages", MajorChannel, "123",
			Key{"GET", "/channels/{channel_id}/messages", "123"}, false, false},
		{"GET", "/api/channels/123", "/channels/{channel_id}", MajorChannel, "123",
			Key{"GET", "/channels/{channel_id}", "123"}, false, false},
		{"GET", "/channels/123/messages/pins", "/channels/{channel_id}/messages/pins", MajorChannel, "123",
			Key{"GET", "/channels/{channel_id}/messages/pins", "123"}, false, false},
		{"PUT", "/channels/123/messages/pins/456", "/channels/{channel_id}/messages/pins/{message_id}", MajorChannel, "123",
			Key{"PUT", "/channels/{channel_id}/messages/pins/{message_id}", "123"}, false, false},
		{"PUT", "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", MajorChannel, "1",
			Key{AnyMethod, reactionsTemplate, "1"}, false, false},
		{"DELETE", "/channels/1/messages/3/reactions/name:99/77", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}", MajorChannel, "1",
			Key{AnyMethod, reactionsTemplate, "1"}, false, false},
		{"GET", "/guilds/9/emojis/8", "/guilds/{guild_id}/emojis/{emoji_id}", MajorGuild, "9",
			Key{AnyMethod, emojisTemplate, "9"}, false, false},
		{"GET", "/guilds/9/widget.json", "/guilds/{guild_id}/widget.json", MajorGuild, "9",
			Key{"GET", "/guilds/{guild_id}/widget.json", "9"}, false, false},
		{"GET", "/guilds/templates/abcDEF", "/guilds/templates/{code}", MajorNone, "",
			Key{"GET", "/guilds/templates/{code}", ""}, false, false},
		{"GET", "/users/@me", "/users/@me", MajorNone, "", Key{"GET", "/users/@me", ""}, false, false},
		{"GET", "/users/42", "/users/{user_id}", MajorNone, "", Key{"GET", "/users/{user_id}", ""}, false, false},
		{"POST", "/webhooks/5/tok-EN_1", "/webhooks/{webhook_id}/{webhook_token}", MajorWebhook, "5",
			Key{"POST", "/webhooks/{webhook_id}/{webhook_token}", "5/tok-EN_1"}, true, true},
		{"PATCH", "/webhooks/5/tok/messages/@original", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", MajorWebhook, "5",
			Key{"PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "5/tok"}, true, true},
		{"GET", "/webhooks/5", "/webhooks/{webhook_id}", MajorWebhook, "5",
			Key{"GET", "/webhooks/{webhook_id}", "5"}, false, false},
		{"POST", "/interactions/7/itok/callback", "/interactions/{interaction_id}/{interaction_token}/callback", MajorInteraction, "7",
			Key{"POST", "/interactions/{interaction_id}/{interaction_token}/callback", "7/itok"}, true, true},
		{"GET", "/applications/1/guilds/2/commands", "/applications/{application_id}/guilds/{guild_id}/commands", MajorNone, "",
			Key{"GET", "/applications/{application_id}/guilds/{guild_id}/commands", ""}, false, false},
		// Literal "users" beats the exception-id placeholder at the same position.
		{"GET", "/guilds/1/scheduled-events/2/users/counts", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users/counts", MajorGuild, "1",
			Key{"GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users/counts", "1"}, false, false},
		{"GET", "/guilds/1/scheduled-events/2/3/users", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/{guild_scheduled_event_exception_id}/users", MajorGuild, "1",
			Key{"GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/{guild_scheduled_event_exception_id}/users", "1"}, false, false},
		{"GET", "/applications/1/activity-instances/i-123-gc-4-5", "/applications/{application_id}/activity-instances/{instance_id}", MajorNone, "",
			Key{"GET", "/applications/{application_id}/activity-instances/{instance_id}", ""}, false, false},
	}
	for _, tt := range tests {
		r, err := Parse(tt.method, tt.path)
		if err != nil {
			t.Errorf("Parse(%s %s): %v", tt.method, tt.path, err)
			continue
		}
		if !r.Known || r.Template != tt.template || r.Major != tt.major || r.MajorID != tt.majorID ||
			r.NoGlobal != tt.noGlobal || r.TokenScoped != tt.tokenScoped {
			t.Errorf("Parse(%s %s) = known %v %q major %d %q noGlobal %v tokenScoped %v; want %q major %d %q %v %v",
				tt.method, tt.path, r.Known, r.Template, r.Major, r.MajorID, r.NoGlobal, r.TokenScoped,
				tt.template, tt.major, tt.majorID, tt.noGlobal, tt.tokenScoped)
		}
		if k := r.Key(); k != tt.key {
			t.Errorf("Parse(%s %s).Key() = %+v, want %+v", tt.method, tt.path, k, tt.key)
		}
	}
}

func TestParams(t *testing.T) {
	r, err := Parse("DELETE", "/api/v9/channels/11/messages/22/reactions/%E2%9C%85/33")
	if err != nil {
		t.Fatal(err)
	}
	if r.Path != "/channels/11/messages/22/reactions/%E2%9C%85/33" {
		t.Errorf("Path = %q", r.Path)
	}
	want := map[string]string{"channel_id": "11", "message_id": "22", "emoji_name": "%E2%9C%85", "user_id": "33"}
	if r.NParams != len(want) {
		t.Errorf("NParams = %d", r.NParams)
	}
	for k, v := range want {
		if got := r.Param(k); got != v {
			t.Errorf("Param(%q) = %q, want %q", k, got, v)
		}
	}
}

// snowflakeAt makes a message id created at t.
func snowflakeAt(t time.Time) uint64 {
	return uint64(t.UnixMilli()-discordEpochMs) << 22
}

func TestOldMessageDelete(t *testing.T) {
	now := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	old := snowflakeAt(now.Add(-15 * 24 * time.Hour))
	recent := snowflakeAt(now.Add(-13 * 24 * time.Hour))
	path := func(id uint64) string { return "/channels/1/messages/" + uitoa(id) }

	r, err := ParseAt("DELETE", path(old), now)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OldMessage() || r.Key() != (Key{"DELETE", OldMessageDeleteTemplate, "1"}) {
		t.Errorf("old DELETE: OldMessage %v key %+v", r.OldMessage(), r.Key())
	}
	r, _ = ParseAt("DELETE", path(recent), now)
	if r.OldMessage() || r.Key() != (Key{"DELETE", messageTemplate, "1"}) {
		t.Errorf("recent DELETE: OldMessage %v key %+v", r.OldMessage(), r.Key())
	}
	// Only DELETE has the slow bucket.
	r, _ = ParseAt("PATCH", path(old), now)
	if r.OldMessage() || r.Key().Template != messageTemplate {
		t.Errorf("old PATCH: OldMessage %v key %+v", r.OldMessage(), r.Key())
	}
	// Parse uses the real clock: an id from 2015 is old.
	r, _ = Parse("DELETE", path(1<<22))
	if !r.OldMessage() {
		t.Errorf("DELETE of a 2015 message not old")
	}
	// A 20-digit id past uint64 is not a time: not old, no panic.
	r, _ = ParseAt("DELETE", "/channels/1/messages/99999999999999999999", now)
	if r.OldMessage() {
		t.Errorf("overflowing id treated as old")
	}
}

func uitoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

func TestParseUnknown(t *testing.T) {
	tests := []struct {
		method, path, template string
		major                  Major
		majorID                string
		key                    Key
		tokenScoped            bool
	}{
		// nirn's bucket function panics on this one.
		{"GET", "/channels/123/456", "/channels/{channel_id}/{id}", MajorChannel, "123",
			Key{"GET", "/channels/{channel_id}/{id}", "123"}, false},
		{"GET", "/Channels/123/messages", "/Channels/{id}/messages", MajorNone, "",
			Key{"GET", "/Channels/{id}/messages", ""}, false},
		{"POST", "/guilds/5/new-thing/77", "/guilds/{guild_id}/new-thing/{id}", MajorGuild, "5",
			Key{"POST", "/guilds/{guild_id}/new-thing/{id}", "5"}, false},
		{"DELETE", "/webhooks/5/tok/new", "/webhooks/{webhook_id}/{webhook_token}/new", MajorWebhook, "5",
			Key{"DELETE", "/webhooks/{webhook_id}/{webhook_token}/new", "5/tok"}, true},
		{"GET", "/interactions/5/tok/x", "/interactions/{interaction_id}/{interaction_token}/x", MajorInteraction, "5",
			Key{"GET", "/interactions/{interaction_id}/{interaction_token}/x", "5/tok"}, true},
		// Known template, method Discord does not list: template kept, Known false.
		{"PUT", "/channels/9", "/channels/{channel_id}", MajorChannel, "9",
			Key{"PUT", "/channels/{channel_id}", "9"}, false},
		{"GET", "/channels/abc", "/channels/abc", MajorNone, "", Key{"GET", "/channels/abc", ""}, false},
		{"GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n", MajorNone, "",
			Key{"GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n", ""}, false},
		{"GET", "/channels/1/a/b/c/d/e/f/g/h/i/j/k/2", "/channels/{channel_id}/a/b/c/d/e/f/g/h/i/j/k/{id}", MajorChannel, "1",
			Key{"GET", "/channels/{channel_id}/a/b/c/d/e/f/g/h/i/j/k/{id}", "1"}, false},
	}
	for _, tt := range tests {
		r, err := Parse(tt.method, tt.path)
		if err != nil {
			t.Errorf("Parse(%s %s): %v", tt.method, tt.path, err)
			continue
		}
		if r.Known || r.Template != tt.template || r.Major != tt.major || r.MajorID != tt.majorID || r.TokenScoped != tt.tokenScoped {
			t.Errorf("Parse(%s %s) = known %v %q major %d %q tokenScoped %v; want %q %d %q %v",
				tt.method, tt.path, r.Known, r.Template, r.Major, r.MajorID, r.TokenScoped, tt.template, tt.major, tt.majorID, tt.tokenScoped)
		}
		if k := r.Key(); k != tt.key {
			t.Errorf("Parse(%s %s).Key() = %+v, want %+v", tt.method, tt.path, k, tt.key)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	long := "/channels/1/messages/"
	for len(long) <= MaxPathLen {
		long += "aaaaaaaa"
	}
	tests := []struct {
		method, path string
		err          error
	}{
		{"get", "/channels/1", ErrMethod},
		{"HEAD", "/channels/1", ErrMethod},
		{"OPTIONS", "/channels/1", ErrMethod},
		{"", "/channels/1", ErrMethod},
		{"GET", "", ErrUnsafePath},
		{"GET", "/", ErrUnsafePath},
		{"GET", "channels/1", ErrUnsafePath},
		{"GET", "/api", ErrUnsafePath},
		{"GET", "/api/v10", ErrUnsafePath},
		{"GET", "/api/v10/", ErrUnsafePath},
		{"GET", "/channels/1/", ErrUnsafePath},
		{"GET", "/channels//1", ErrUnsafePath},
		{"GET", "/channels/1/../2", ErrUnsafePath},
		{"GET", "/channels/1/./messages", ErrUnsafePath},
		{"GET", "/channels/1/messages.", ErrUnsafePath},
		{"GET", "/channels/1/messages..", ErrUnsafePath},
		{"GET", "/channels/1%2Fmessages", ErrUnsafePath},
		{"GET", "/channels/1%2fmessages", ErrUnsafePath},
		{"GET", "/channels/1%5Cmessages", ErrUnsafePath},
		{"GET", "/channels/1/%2E%2E/2", ErrUnsafePath},
		{"GET", "/channels/1/%2e", ErrUnsafePath},
		{"GET", "/channels/1/%252F", ErrUnsafePath},
		{"GET", "/channels/1/%25", ErrUnsafePath},
		{"GET", "/channels/1/%00", ErrUnsafePath},
		{"GET", "/channels/1/%0A", ErrUnsafePath},
		{"GET", "/channels/1/%7F", ErrUnsafePath},
		{"GET", "/channels/1/m%65ssages", ErrUnsafePath},
		{"GET", "/channels/%31", ErrUnsafePath},
		{"GET", "/channels/1/%", ErrUnsafePath},
		{"GET", "/channels/1/%4", ErrUnsafePath},
		{"GET", "/channels/1/%G0", ErrUnsafePath},
		{"GET", "/channels/1/%F0%9F%91", ErrUnsafePath},  // truncated UTF-8
		{"GET", "/channels/1/%F0%9F%91x", ErrUnsafePath}, // truncated UTF-8 then ASCII
		{"GET", "/channels/1/%C0%AF", ErrUnsafePath},     // overlong "/"
		{"GET", "/channels/1/%ED%A0%80", ErrUnsafePath},  // surrogate
		{"GET", "/channels/1/%FF", ErrUnsafePath},
		{"GET", "/channels/1/\x00", ErrUnsafePath},
		{"GET", "/channels/1/a\tb", ErrUnsafePath},
		{"GET", "/channels/1/é", ErrUnsafePath},
		{"GET", "/channels/1?x=1", ErrUnsafePath},
		{"GET", "/channels/1#frag", ErrUnsafePath},
		{"GET", "/channels/1\\messages", ErrUnsafePath},
		{"GET", "/channels/1/a b", ErrUnsafePath},
		{"GET", "/channels/{channel_id}", ErrUnsafePath},
		{"GET", long, ErrPathTooLong},
	}
	for _, tt := range tests {
		r, err := Parse(tt.method, tt.path)
		if !errors.Is(err, tt.err) {
			t.Errorf("Parse(%q, %q) = %+v, %v; want %v", tt.method, tt.path, r, err, tt.err)
			continue
		}
		var pe *PathError
		if !errors.As(err, &pe) || pe.Reason == "" {
			t.Errorf("Parse(%q, %q): error %v is not a *PathError with a reason", tt.method, tt.path, err)
		}
	}
}

func TestParseAccepts(t *testing.T) {
	for _, p := range []string{
		"/channels/1/messages/2/reactions/%F0%9F%91%8D%F0%9F%8F%BD",
		"/channels/1/messages/2/reactions/%3Aname%3A",
		"/apis/x",
		"/api/vX/channels/1",
		"/invites/a-b_c~d",
	} {
		if _, err := Parse("GET", p); err != nil {
			t.Errorf("Parse(GET, %q): %v", p, err)
		}
	}
}

func TestParseNoAllocs(t *testing.T) {
	paths := []struct{ method, path string }{
		{"GET", "/api/v10/channels/123456789012345678/messages"},
		{"PUT", "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me"},
		{"PATCH", "/webhooks/5/token/messages/@original"},
		{"DELETE", "/channels/1/messages/2"},
	}
	for _, p := range paths {
		var k Key
		n := testing.AllocsPerRun(100, func() {
			r, err := Parse(p.method, p.path)
			if err != nil || !r.Known {
				t.Fatalf("Parse(%s %s): %v known=%v", p.method, p.path, err, r.Known)
			}
			k = r.Key()
		})
		if n != 0 {
			t.Errorf("Parse(%s %s) + Key: %v allocs, want 0", p.method, p.path, n)
		}
		_ = k
	}
}

// TestLabelHidesBuiltTemplates: a template built from an unknown path is
// labelled UnknownLabel; published templates (for this method or another)
// keep their name.
func TestLabelHidesBuiltTemplates(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/channels/1085503155732611072/messages", "/channels/{channel_id}/messages"},
		{"PUT", "/channels/1085503155732611072/messages", "/channels/{channel_id}/messages"},
		{"GET", "/secret-token-here/x", UnknownLabel},
		{"GET", "/channels/1085503155732611072/secret-token-here", UnknownLabel},
	} {
		r, err := Parse(c.method, c.path)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		if got := r.Label(); got != c.want {
			t.Errorf("%s %s: Label %q, want %q", c.method, c.path, got, c.want)
		}
	}
}
