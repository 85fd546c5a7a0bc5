package tools

import (
	"slices"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

const (
	tg = "1085502652416131072"
	tc = "1085503155732611072"
	tm = "1194551200972931072"
)

func TestParseResURI(t *testing.T) {
	good := map[string]string{
		"discord://guilds":                                "/users/@me/guilds",
		"discord://guilds/" + tg:                          "/guilds/" + tg,
		"discord://guilds/" + tg + "/channels":            "/guilds/" + tg + "/channels",
		"discord://guilds/" + tg + "/roles":               "/guilds/" + tg + "/roles",
		"discord://guilds/" + tg + "/members":             "/guilds/" + tg + "/members",
		"discord://guilds/" + tg + "/members?after=" + tm: "/guilds/" + tg + "/members",
		"discord://channels/" + tc:                        "/channels/" + tc,
		"discord://channels/" + tc + "/messages":          "/channels/" + tc + "/messages",
		"discord://channels/" + tc + "/messages/" + tm:    "/channels/" + tc + "/messages/" + tm,
		"discord://channels/" + tc + "/pins":              "/channels/" + tc + "/messages/pins",
	}
	for uri, path := range good {
		u, ok := parseResURI(uri)
		if got, _ := u.apiPath(); !ok || got != path {
			t.Errorf("%s: ok=%v path %q, want %q", uri, ok, got, path)
		}
	}
	for _, bad := range []string{
		"", "discord://", "discord://guild", "discord://guilds/", "discord://guilds/12", "discord://guilds/" + tg + "/",
		"discord://guilds/" + tg + "/bans", "discord://guilds/" + tg + "/roles/x", "discord://guilds/../" + tg,
		"discord://channels/" + tc + "/messages/x", "discord://channels/" + tc + "/messages/" + tm + "/reactions",
		"discord://channels/" + tc + "?after=" + tm, "discord://guilds/" + tg + "/members?after=x",
		"discord://guilds/" + tg + "/members?after=" + tm + "&limit=5", "http://guilds", "discord://channels/" + tc + "%2Fmessages",
	} {
		if _, ok := parseResURI(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func FuzzParseResURI(f *testing.F) {
	f.Add("discord://guilds/" + tg + "/members?after=" + tm)
	f.Add("discord://channels/" + tc + "/messages/" + tm)
	f.Fuzz(func(t *testing.T, uri string) {
		u, ok := parseResURI(uri)
		if ok {
			if p, _ := u.apiPath(); p == "" {
				t.Fatalf("%q parsed with no path", uri)
			}
		}
	})
}

func TestAffected(t *testing.T) {
	ch := "discord://channels/" + tc
	g := "discord://guilds/" + tg
	cases := []struct {
		w    proxy.Write
		uris []string
		list bool
	}{
		{proxy.Write{Method: "POST", Template: "/channels/{channel_id}/messages", ChannelID: tc, MessageID: tm, GuildID: tg}, []string{ch + "/messages", ch + "/messages/" + tm}, false},
		{proxy.Write{Method: "POST", Template: "/channels/{channel_id}/typing", ChannelID: tc, GuildID: tg}, nil, false},
		{proxy.Write{Method: "PUT", Template: "/channels/{channel_id}/messages/pins/{message_id}", ChannelID: tc, MessageID: tm}, []string{ch + "/messages", ch + "/messages/" + tm, ch + "/pins"}, false},
		{proxy.Write{Method: "POST", Template: "/channels/{channel_id}/messages/bulk-delete", ChannelID: tc}, []string{ch + "/messages"}, false},
		{proxy.Write{Method: "PATCH", Template: "/channels/{channel_id}", ChannelID: tc, GuildID: tg}, []string{ch, g + "/channels"}, false},
		{proxy.Write{Method: "DELETE", Template: "/channels/{channel_id}", ChannelID: tc, GuildID: tg}, []string{ch, g + "/channels"}, true},
		{proxy.Write{Method: "POST", Template: "/guilds/{guild_id}/channels", ChannelID: tc, GuildID: tg}, []string{ch, g + "/channels"}, true},
		{proxy.Write{Method: "PATCH", Template: "/guilds/{guild_id}", GuildID: tg}, []string{g, "discord://guilds"}, false},
		{proxy.Write{Method: "PUT", Template: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", GuildID: tg}, []string{g + "/members"}, false},
		{proxy.Write{Method: "PATCH", Template: "/guilds/{guild_id}/roles/{role_id}", GuildID: tg}, []string{g + "/roles"}, false},
		{proxy.Write{Method: "DELETE", Template: "/users/@me/guilds/{guild_id}", GuildID: tg}, []string{"discord://guilds", g}, true},
	}
	for _, c := range cases {
		uris, list := affected(c.w)
		if !slices.Equal(uris, c.uris) || list != c.list {
			t.Errorf("%s %s: %v %v, want %v %v", c.w.Method, c.w.Template, uris, list, c.uris, c.list)
		}
	}
}
