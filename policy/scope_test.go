package policy

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

func TestNewCeilingErrorsNameTheFlag(t *testing.T) {
	for _, tc := range []struct {
		cfg  config.Config
		flag string
	}{
		{config.Config{AllowedMethods: "GET,FETCH"}, "--allowed-methods"},
		{config.Config{AllowedPaths: "channels/*"}, "--allowed-paths"},
		{config.Config{AllowedPaths: "/channels/*x"}, "--allowed-paths"},
		{config.Config{TargetGuilds: "12,abc"}, "--target-guilds"},
		{config.Config{TargetChannels: "0,1"}, "--target-channels"},
		{config.Config{TargetUsers: "1,,2"}, "--target-users"},
		{config.Config{PermissionBits: "-1"}, "--permission-bits"},
		{config.Config{PrivilegedIntents: "presences"}, "--privileged-intents"},
		{config.Config{AllowedMentions: `{"parse":["here"]}`}, "--allowed-mentions"},
		{config.Config{DiscordToken: "a b"}, "DISCORD_TOKEN"},
	} {
		_, err := NewCeiling(&tc.cfg)
		if err == nil || !strings.HasPrefix(err.Error(), tc.flag) {
			t.Errorf("%+v: err = %v, want one naming %s", tc.cfg, err, tc.flag)
		}
	}
}

func TestDefaultIsTheCeiling(t *testing.T) {
	ce := ceiling(t, config.Config{DiscordToken: "secret.token", TargetGuilds: "100", PermissionBits: "2048"})
	d := ce.Default()
	if d.Token() != "Bot secret.token" || d.Fingerprint() == "" || strings.Contains(d.Fingerprint(), "secret") {
		t.Errorf("token %q fingerprint %q", d.Token(), d.Fingerprint())
	}
	if !d.AllowsGuild("100") || d.AllowsGuild("200") || d.PermissionCeiling() != 2048 {
		t.Error("Default does not carry the ceiling")
	}
	if string(d.AllowedMentions) != defaultMentions {
		t.Errorf("mentions %s", d.AllowedMentions)
	}
	if ce.Default() != d {
		t.Error("Default should be built once")
	}
	// Without headers, a request scope is the same ceiling.
	s := scope(t, ce)
	if s.Token() != d.Token() || s.Fingerprint() != d.Fingerprint() {
		t.Error("no Authorization should keep config's token")
	}
}

func TestAuthorization(t *testing.T) {
	ce := ceiling(t, config.Config{DiscordToken: "cfg"})
	const tok = "MTIz.abc.DEF-ghi_jkl"
	s := scope(t, ce, "Authorization", "Bot "+tok)
	if s.Token() != "Bot "+tok || s.Fingerprint() == ce.Default().Fingerprint() || len(s.Fingerprint()) != 16 {
		t.Errorf("token %q fp %q", s.Token(), s.Fingerprint())
	}
	if s2 := scope(t, ce, "Authorization", "bot "+tok); s2.Fingerprint() != s.Fingerprint() {
		t.Error("fingerprint not stable")
	}
	for _, v := range [][]string{
		{"Bearer eyJhbGciOi.x.y"},
		{"Basic " + tok},
		{"Bot"},
		{"Bot " + tok + " extra"},
		{tok},
		{"Bot " + tok, "Bot other"},
	} {
		kv := []string{}
		for _, x := range v {
			kv = append(kv, "Authorization", x)
		}
		_, err := ce.Scope(headers(kv...))
		var he *HeaderError
		if !errors.As(err, &he) || he.Header != "Authorization" {
			t.Errorf("%q: err = %v, want HeaderError on Authorization", v, err)
			continue
		}
		if strings.Contains(err.Error(), tok) || strings.Contains(err.Error(), "eyJ") {
			t.Errorf("error leaks the token: %v", err)
		}
	}
}

func TestHeadersNarrowNeverWiden(t *testing.T) {
	ce := ceiling(t, config.Config{
		AllowedMethods: "GET,POST", TargetGuilds: "100,200", TargetChannels: "10,20",
		PermissionBits: "3072", PrivilegedIntents: "server_members,message_content",
		AllowedMentions: `{"parse":["users"],"roles":["7","8"]}`,
	})
	type want func(s *Scope) bool
	for _, tc := range []struct {
		name string
		kv   []string
		ok   want
	}{
		{"method outside ceiling dropped", []string{"X-Allowed-Methods", "POST, delete"},
			func(s *Scope) bool {
				return s.AllowsMethod("POST") && !s.AllowsMethod("DELETE") && !s.AllowsMethod("GET")
			}},
		{"method * is the ceiling", []string{"X-Allowed-Methods", "*"},
			func(s *Scope) bool { return s.AllowsMethod("GET") && !s.AllowsMethod("PUT") }},
		{"guild outside ceiling: empty", []string{"X-Target-Guilds", "300"},
			func(s *Scope) bool { return !s.AllowsGuild("300") && !s.AllowsGuild("100") }},
		{"guild narrowed", []string{"X-Target-Guilds", "100,300"},
			func(s *Scope) bool { return s.AllowsGuild("100") && !s.AllowsGuild("200") && !s.AllowsGuild("300") }},
		{"duplicates intersect", []string{"X-Target-Guilds", "100", "X-Target-Guilds", "200"},
			func(s *Scope) bool { return !s.AllowsGuild("100") && !s.AllowsGuild("200") }},
		{"channels * keeps ceiling", []string{"X-Target-Channels", "*"},
			func(s *Scope) bool { return s.AllowsChannel("10") && !s.AllowsChannel("30") }},
		{"users 0: no DMs", []string{"X-Target-Users", "0"},
			func(s *Scope) bool { return !s.AllowsDMs() && !s.AllowsUser("5") }},
		{"users absent: any", nil,
			func(s *Scope) bool { return s.AllowsDMs() && s.AllowsUser("5") }},
		{"bits and", []string{"X-Permission-Bits", "2049"},
			func(s *Scope) bool {
				return s.PermissionCeiling() == 2048 && s.HasPermissions(2048) && !s.HasPermissions(1)
			}},
		{"bits duplicates and", []string{"X-Permission-Bits", "3072", "X-Permission-Bits", "1024"},
			func(s *Scope) bool { return s.PermissionCeiling() == 1024 }},
		{"intents narrowed", []string{"X-Privileged-Intents", "presence,message_content"},
			func(s *Scope) bool {
				return s.HasIntents("message_content") && !s.HasIntents("presence") && !s.HasIntents("server_members")
			}},
		{"intents none", []string{"X-Privileged-Intents", "0"},
			func(s *Scope) bool { return !s.HasIntents("message_content") && s.HasIntents() }},
		{"mentions cannot add everyone", []string{"X-Allowed-Mentions", `{"parse":["everyone","users"]}`},
			func(s *Scope) bool { return string(s.AllowedMentions) == `{"parse":["users"]}` }},
		{"mentions roles intersect", []string{"X-Allowed-Mentions", `{"parse":["roles"],"replied_user":true}`},
			func(s *Scope) bool { return string(s.AllowedMentions) == `{"parse":[],"roles":["7","8"]}` }},
		{"mentions user list within parse users", []string{"X-Allowed-Mentions", `{"users":["5"]}`},
			func(s *Scope) bool { return string(s.AllowedMentions) == `{"parse":[],"users":["5"]}` }},
		// Role pings reach holders the request does not name: they go too.
		{"mentions follow target users", []string{"X-Target-Users", "5,6"},
			func(s *Scope) bool {
				return string(s.AllowedMentions) == `{"parse":[],"users":["5","6"]}`
			}},
		{"owner needs the operator", []string{"X-Owner-Access", "1", "X-Privileged-Call", "true"},
			func(s *Scope) bool { return !s.OwnerAccess() && !s.PrivilegedCall() }},
		{"current ids and debug", []string{"X-Current-Channel", "10", "X-Current-Channel", "10", "X-Debug-Mode", "TRUE"},
			func(s *Scope) bool { return s.CurrentChannel == "10" && s.Debug }},
	} {
		s, err := ce.Scope(headers(tc.kv...))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !tc.ok(s) {
			t.Errorf("%s: unexpected scope (mentions %s)", tc.name, s.AllowedMentions)
		}
	}
	// The ceiling itself is untouched by all of that.
	d := ce.Default()
	if !d.AllowsGuild("100") || !d.AllowsGuild("200") || d.PermissionCeiling() != 3072 || len(d.paths) != 0 {
		t.Error("a request scope changed the ceiling")
	}
}

func TestOwnerAndPassthroughWhenEnabled(t *testing.T) {
	ce := ceiling(t, config.Config{EnableOwnerTools: true, EnablePassthrough: true})
	if s := scope(t, ce, "X-Owner-Access", "true", "X-Privileged-Call", "1"); !s.OwnerAccess() || !s.PrivilegedCall() {
		t.Error("want both")
	}
	if s := scope(t, ce, "X-Owner-Access", "0"); s.OwnerAccess() || s.PrivilegedCall() {
		t.Error("want neither")
	}
	if d := ce.Default(); d.OwnerAccess() || d.PrivilegedCall() {
		t.Error("Default carries no header switches")
	}
}

func TestUnconstrainedCeiling(t *testing.T) {
	s := ceiling(t, config.Config{}).Default()
	if s.PermissionCeiling() != math.MaxInt64 || !s.HasPermissions(1<<40) || !s.HasIntents("presence") ||
		!s.AllowsMethod("DELETE") || s.AllowsMethod("HEAD") || s.Token() != "" || s.Fingerprint() != "" {
		t.Error("empty config should be the widest ceiling, without a token")
	}
}

func TestMalformedHeadersNameTheHeader(t *testing.T) {
	ce := ceiling(t, config.Config{})
	for _, kv := range [][]string{
		{"X-Allowed-Methods", "GET,HEAD"},
		{"X-Allowed-Methods", ""},
		{"X-Allowed-Paths", "/channels/**/x%2f"},
		{"X-Allowed-Paths", "/api/v10/channels/*"},
		{"X-Allowed-Paths", "/channels/../guilds"},
		{"X-Allowed-Paths", "/channels//x"},
		{"X-Allowed-Paths", "/a/b*"},
		{"X-Target-Guilds", "012"},
		{"X-Target-Guilds", "*,1"},
		{"X-Target-Channels", "1 2"},
		{"X-Target-Users", "99999999999999999999999"},
		{"X-Target-Users", "   "},
		{"X-Permission-Bits", "0x8"},
		{"X-Permission-Bits", "99999999999999999999"},
		{"X-Privileged-Intents", "GUILD_MEMBERS"},
		{"X-Allowed-Mentions", `{"parse":["here"]}`},
		{"X-Allowed-Mentions", `{"parse":["users"],"users":["1"]}`},
		{"X-Allowed-Mentions", `{"parse":[],"parse":["everyone"]}`},
		{"X-Allowed-Mentions", `{"users":[1]}`},
		{"X-Allowed-Mentions", `{"replied_user":"yes"}`},
		{"X-Allowed-Mentions", `{"everyone":true}`},
		{"X-Allowed-Mentions", `[]`},
		{"X-Allowed-Mentions", `{"parse":[]`},
		{"X-Allowed-Mentions", `{"users":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21","22","23","24","25","26","27","28","29","30","31","32","33","34","35","36","37","38","39","40","41","42","43","44","45","46","47","48","49","50","51","52","53","54","55","56","57","58","59","60","61","62","63","64","65","66","67","68","69","70","71","72","73","74","75","76","77","78","79","80","81","82","83","84","85","86","87","88","89","90","91","92","93","94","95","96","97","98","99","100","101"]}`},
		{"X-Current-User", "me"},
		{"X-Current-Guild", ""},
		{"X-Current-Channel", "1", "X-Current-Channel", "2"},
		{"X-Owner-Access", "yes"},
		{"X-Privileged-Call", "1", "X-Privileged-Call", "0"},
		{"X-Debug-Mode", "on"},
	} {
		_, err := ce.Scope(headers(kv...))
		var he *HeaderError
		if !errors.As(err, &he) || he.Header != kv[0] || he.Reason == "" {
			t.Errorf("%q: err = %v, want a HeaderError naming %s", kv, err, kv[0])
		}
	}
}

func TestPatterns(t *testing.T) {
	for _, tc := range []struct {
		pat, path string
		ok        bool
	}{
		{"/channels/*/messages", "/channels/1/messages", true},
		{"/channels/*/messages", "/channels/1/messages/2", false},
		{"/channels/*/messages", "/channels/messages", false},
		{"/channels/{channel_id}/messages/{id}", "/channels/1/messages/2", true},
		{"/guilds/123/**", "/guilds/123", true},
		{"/guilds/123/**", "/guilds/123/members/4", true},
		{"/guilds/123/**", "/guilds/1234/members", false},
		{"/**", "/users/@me", true},
		{"/**/reactions/**", "/channels/1/messages/2/reactions/x/@me", true},
		{"/**/reactions/**", "/channels/1/messages/2", false},
		{"/**/messages/*", "/channels/1/messages/2", true},
		{"/**/messages/*", "/channels/1/messages/2/reactions", false},
		{"/channels/*/**/*", "/channels/1/x", true},
		{"/channels/*/**/*", "/channels/1", false},
		{"/users/@me/", "/users/@me", true},
		{"/Channels/*", "/channels/1", false},
		{"/channels/*", "/Channels/1", false},
	} {
		p, bad := parsePattern(tc.pat)
		if bad != "" {
			t.Fatalf("%s: %s", tc.pat, bad)
		}
		if got := p.match(tc.path); got != tc.ok {
			t.Errorf("%s ~ %s = %v, want %v", tc.pat, tc.path, got, tc.ok)
		}
	}
}
