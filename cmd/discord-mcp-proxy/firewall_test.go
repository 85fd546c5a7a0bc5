package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// rawRequest sends exactly these bytes (no client-side path cleaning or
// header merging) and reads the answer.
func rawRequest(t *testing.T, addr, method, uri string, headers [][2]string, body string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, uri, addr)
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if body != "" {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, uri, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

type bypass struct {
	name    string
	method  string
	uri     string
	headers [][2]string // replace the defaults of the same name ("" drops one); added otherwise
	extra   [][2]string // sent as further copies, after the defaults
	body    string
}

// The firewall suite: every attempt is a real request through the real
// server, and the emulator's counters must show that none reached Discord.
func TestFirewallBypassAttempts(t *testing.T) {
	t.Parallel()
	var (
		guild   = discordtest.GuildID.String()
		guild2  = discordtest.SecondGuildID.String()
		random  = discordtest.RandomID.String()
		private = discordtest.PrivateID.String()
		thread  = discordtest.ThreadID.String()
		human   = discordtest.HumanUserID.String()
		owner   = discordtest.OwnerUserID.String()
		bot     = discordtest.BotUserID.String()
		msg     = "1085503155732611072" // any snowflake: refusals never look it up
	)
	// The operator's ceiling: one guild, three channels, no DELETE, a few
	// permission bits, mentions off.
	st := startStack(t, map[string]string{
		"DMP_ENABLE_PASSTHROUGH": "true",
		"DMP_TARGET_GUILDS":      guild,
		"DMP_TARGET_CHANNELS":    general + "," + random + "," + thread,
		"DMP_ALLOWED_METHODS":    "GET,POST,PUT,PATCH",
		"DMP_PERMISSION_BITS":    strconv.Itoa(1<<10 | 1<<11 | 1<<16 | 1<<13), // view, send, history, manage messages
	})
	addr := strings.TrimPrefix(st.base, "http://")
	// The caller narrows further: only #general (and its threads), GET and
	// POST, two users.
	defaults := [][2]string{
		{"X-Privileged-Call", "1"},
		{"X-Target-Channels", general},
		{"X-Allowed-Methods", "GET,POST"},
		{"X-Target-Users", owner + "," + bot},
	}
	merge := func(c bypass) [][2]string {
		out := append([][2]string(nil), defaults...)
		for _, h := range c.headers {
			replaced := false
			for i := range out {
				if strings.EqualFold(out[i][0], h[0]) {
					out[i][1], replaced = h[1], true
				}
			}
			if !replaced {
				out = append(out, h)
			}
		}
		var clean [][2]string
		for _, h := range out {
			if h[1] != "" {
				clean = append(clean, h)
			}
		}
		return append(clean, c.extra...)
	}
	api := "/api/v10"

	// Controls: the same harness lets allowed requests through, so the
	// refusals below are the firewall's doing.
	for _, c := range []bypass{
		{name: "control: read general", method: "GET", uri: api + "/channels/" + general + "/messages?limit=1"},
		{name: "control: read a thread of general", method: "GET", uri: api + "/channels/" + thread},
		{name: "control: post to general", method: "POST", uri: api + "/channels/" + general + "/messages", body: `{"content":"control"}`},
	} {
		st.emu.ResetStats()
		resp, body := rawRequest(t, addr, c.method, c.uri, merge(c), c.body)
		if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" || st.emu.Stats().Total == 0 {
			t.Fatalf("%s: %d src=%q emulator=%d %s", c.name, resp.StatusCode, resp.Header.Get("X-Response-Src"), st.emu.Stats().Total, body)
		}
	}

	attempts := []bypass{
		// Traversal and dot segments.
		{name: "dotdot", method: "GET", uri: api + "/channels/" + general + "/../" + random + "/messages"},
		{name: "dotdot encoded lower", method: "GET", uri: api + "/channels/" + general + "/%2e%2e/" + random + "/messages"},
		{name: "dotdot encoded upper", method: "GET", uri: api + "/channels/" + general + "/%2E%2E/" + random + "/messages"},
		{name: "dotdot half encoded", method: "GET", uri: api + "/channels/" + general + "/.%2e/" + random + "/messages"},
		{name: "dot segment", method: "GET", uri: api + "/channels/./" + random + "/messages"},
		{name: "dotdot at end", method: "GET", uri: api + "/channels/" + general + "/messages/.."},
		{name: "dotdot over prefix", method: "GET", uri: api + "/../api/v10/channels/" + random + "/messages"},
		{name: "dotdot to users", method: "GET", uri: api + "/channels/" + general + "/../../users/" + human},
		{name: "overlong utf-8 dots", method: "GET", uri: api + "/channels/" + general + "/%C0%AE%C0%AE/" + random + "/messages"},
		{name: "one dot leader lookalikes", method: "GET", uri: api + "/channels/" + general + "/%E2%80%A4%E2%80%A4/" + random + "/messages"},
		// Encoded separators and double encoding.
		{name: "encoded slash", method: "GET", uri: api + "/channels/" + random + "%2Fmessages"},
		{name: "encoded slash lower", method: "GET", uri: api + "/channels/" + general + "%2f..%2f" + random + "/messages"},
		{name: "double encoded slash", method: "GET", uri: api + "/channels/" + random + "%252Fmessages"},
		{name: "double encoded dots", method: "GET", uri: api + "/channels/" + general + "/%252e%252e/" + random + "/messages"},
		{name: "backslash", method: "GET", uri: api + "/channels/" + general + `\..\` + random + "/messages"},
		{name: "encoded backslash", method: "GET", uri: api + "/channels/" + general + "/%5C../" + random + "/messages"},
		{name: "encoded letters", method: "GET", uri: api + "/ch%61nnels/" + random + "/messages"},
		{name: "encoded NUL", method: "GET", uri: api + "/channels/" + general + "%00/messages"},
		{name: "semicolon parameter", method: "GET", uri: api + "/channels/" + random + ";" + general + "/messages"},
		{name: "encoded question mark", method: "GET", uri: api + "/channels/" + random + "%3F/messages"},
		{name: "encoded hash", method: "GET", uri: api + "/channels/" + random + "%23/messages"},
		{name: "bad escape", method: "GET", uri: api + "/channels/" + general + "/%zz/messages"},
		// Empty segments and trailing forms.
		{name: "double slash before api", method: "GET", uri: "/" + api + "/channels/" + random + "/messages"},
		{name: "double slash after version", method: "GET", uri: api + "//channels/" + random + "/messages"},
		{name: "double slash mid path", method: "GET", uri: api + "/channels//" + random + "/messages"},
		{name: "trailing slash", method: "GET", uri: api + "/channels/" + general + "/messages/"},
		{name: "trailing dot on id", method: "GET", uri: api + "/channels/" + random + "./messages"},
		{name: "trailing dot on name", method: "GET", uri: api + "/channels./" + random + "/messages"},
		{name: "trailing dot on last", method: "GET", uri: api + "/channels/" + general + "/messages."},
		// Case.
		{name: "upper case resource", method: "GET", uri: api + "/CHANNELS/" + random + "/messages"},
		{name: "title case resource", method: "GET", uri: api + "/Channels/" + random + "/messages"},
		{name: "upper case sub-resource", method: "GET", uri: api + "/channels/" + general + "/MESSAGES"},
		{name: "lower case method", method: "get", uri: api + "/channels/" + random + "/messages"},
		// Query and fragment tricks.
		{name: "target in query", method: "GET", uri: api + "/channels/" + random + "/messages?channel_id=" + general},
		{name: "path in query", method: "GET", uri: api + "/channels/" + random + "/messages?x=/channels/" + general + "/messages"},
		{name: "guild search over every channel", method: "GET", uri: api + "/guilds/" + guild + "/messages/search?content=secret"},
		{name: "guild search naming another channel", method: "GET", uri: api + "/guilds/" + guild + "/messages/search?content=secret&channel_id=" + random},
		{name: "query names another channel on an allowed path", method: "GET", uri: api + "/channels/" + general + "/messages?channel_id=" + random},
		{name: "malformed query escape", method: "GET", uri: api + "/channels/" + general + "/messages?limit=%zz"},
		{name: "fragment", method: "GET", uri: api + "/channels/" + random + "/messages#/channels/" + general},
		{name: "absolute-form URI", method: "GET", uri: "http://discord.com" + api + "/channels/" + random + "/messages"},
		{name: "api v9 alias", method: "GET", uri: "/api/v9/channels/" + random + "/messages"},
		{name: "unversioned api", method: "GET", uri: "/api/channels/" + random + "/messages"},
		// Targets in the path.
		{name: "other channel", method: "GET", uri: api + "/channels/" + random + "/messages"},
		{name: "channel outside the ceiling", method: "GET", uri: api + "/channels/" + private},
		{name: "other guild", method: "GET", uri: api + "/guilds/" + guild2},
		{name: "other guild's channels", method: "GET", uri: api + "/guilds/" + guild2 + "/channels"},
		{name: "user outside targets", method: "GET", uri: api + "/users/" + human},
		{name: "member outside targets", method: "GET", uri: api + "/guilds/" + guild + "/members/" + human},
		{name: "unknown route", method: "GET", uri: api + "/channels/" + general + "/secrets"},
		{name: "snowflake as sub-resource", method: "GET", uri: api + "/channels/" + general + "/" + random},
		{name: "webhook token route while channels restricted", method: "POST", uri: api + "/webhooks/" + msg + "/sometoken", body: `{"content":"x"}`},
		{name: "interaction callback while channels restricted", method: "POST", uri: api + "/interactions/" + msg + "/sometoken/callback", body: `{"type":4,"data":{"content":"@everyone"}}`},
		// Methods.
		{name: "DELETE outside methods", method: "DELETE", uri: api + "/channels/" + general + "/messages/" + msg},
		{name: "PATCH outside caller methods", method: "PATCH", uri: api + "/channels/" + general, body: `{"name":"x"}`},
		{name: "method override header", method: "POST", uri: api + "/channels/" + general + "/messages/" + msg, headers: [][2]string{{"X-HTTP-Method-Override", "DELETE"}}},
		// Ids in bodies.
		{name: "reply into another channel", method: "POST", uri: api + "/channels/" + general + "/messages", body: `{"content":"x","message_reference":{"message_id":"` + msg + `","channel_id":"` + random + `"}}`},
		{name: "reply into another guild", method: "POST", uri: api + "/channels/" + general + "/messages", body: `{"content":"x","message_reference":{"message_id":"` + msg + `","guild_id":"` + guild2 + `"}}`},
		{name: "DM to a user outside targets", method: "POST", uri: api + "/users/@me/channels", body: `{"recipient_id":"` + human + `"}`},
		{name: "forum post into another channel", method: "POST", uri: api + "/channels/" + random + "/threads", body: `{"name":"t","message":{"content":"x"}}`},
		{name: "overwrite for a user outside targets", method: "PUT", uri: api + "/channels/" + general + "/permissions/" + human, headers: [][2]string{{"X-Allowed-Methods", "PUT"}}, body: `{"type":1,"allow":"1024"}`},
		{name: "overwrite granting administrator", method: "PUT", uri: api + "/channels/" + general + "/permissions/" + owner, headers: [][2]string{{"X-Allowed-Methods", "PUT"}}, body: `{"type":1,"allow":"8"}`},
		{name: "channel edit granting bits in overwrites", method: "PATCH", uri: api + "/channels/" + general, headers: [][2]string{{"X-Allowed-Methods", "PATCH"}}, body: `{"permission_overwrites":[{"id":"` + owner + `","type":1,"allow":"8"}]}`},
		{name: "role granting administrator", method: "POST", uri: api + "/guilds/" + guild + "/roles", body: `{"name":"r","permissions":"8"}`},
		{name: "channel positions touching another channel", method: "PATCH", uri: api + "/guilds/" + guild + "/channels", headers: [][2]string{{"X-Allowed-Methods", "PATCH"}}, body: `[{"id":"` + private + `","position":1}]`},
		{name: "body is not JSON", method: "POST", uri: api + "/channels/" + general + "/messages", body: `content=x`},
		// Threads of forbidden parents.
		{name: "thread when only random is allowed", method: "GET", uri: api + "/channels/" + thread, headers: [][2]string{{"X-Target-Channels", random}}},
		{name: "thread messages when only random is allowed", method: "GET", uri: api + "/channels/" + thread + "/messages", headers: [][2]string{{"X-Target-Channels", random}}},
		// Headers that try to widen the ceiling.
		{name: "channels header names a channel outside the ceiling", method: "GET", uri: api + "/channels/" + private, headers: [][2]string{{"X-Target-Channels", private}}},
		{name: "channels header says any", method: "GET", uri: api + "/channels/" + private, headers: [][2]string{{"X-Target-Channels", "*"}}},
		{name: "guilds header names another guild", method: "GET", uri: api + "/guilds/" + guild2, headers: [][2]string{{"X-Target-Guilds", guild2}}},
		{name: "methods header says any", method: "DELETE", uri: api + "/channels/" + general + "/messages/" + msg, headers: [][2]string{{"X-Allowed-Methods", "*"}}},
		{name: "methods header names DELETE", method: "DELETE", uri: api + "/channels/" + general + "/messages/" + msg, headers: [][2]string{{"X-Allowed-Methods", "DELETE"}}},
		{name: "permission header asks for administrator", method: "POST", uri: api + "/guilds/" + guild + "/roles", headers: [][2]string{{"X-Permission-Bits", "8"}}, body: `{"name":"r","permissions":"8"}`},
		{name: "duplicate channels headers", method: "GET", uri: api + "/channels/" + random + "/messages", extra: [][2]string{{"X-Target-Channels", random}}},
		{name: "no privileged call", method: "GET", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"X-Privileged-Call", ""}}},
		{name: "privileged call false", method: "GET", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"X-Privileged-Call", "0"}}},
		{name: "privileged call malformed", method: "GET", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"X-Privileged-Call", "yes please"}}},
		{name: "malformed channels header", method: "GET", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"X-Target-Channels", "general"}}},
		{name: "bearer token not accepted", method: "GET", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"Authorization", "Bearer abc.def.ghi"}}},
		{name: "foreign browser origin", method: "GET", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"Origin", "http://evil.example:8080"}}},
		{name: "rename the bot while targets are restricted", method: "PATCH", uri: api + "/users/@me", headers: [][2]string{{"X-Allowed-Methods", "PATCH"}}, body: `{"username":"pwned"}`},
		{name: "global slash commands while targets are restricted", method: "PUT", uri: api + "/applications/" + msg + "/commands", headers: [][2]string{{"X-Allowed-Methods", "PUT"}}, body: `[]`},
		{name: "create a guild while targets are restricted", method: "POST", uri: api + "/guilds", body: `{"name":"g"}`},
		{name: "give a member a role beyond the bits", method: "PUT", uri: api + "/guilds/" + guild + "/members/" + owner + "/roles/" + msg, headers: [][2]string{{"X-Allowed-Methods", "PUT"}}},
		{name: "set a member's roles beyond the bits", method: "PATCH", uri: api + "/guilds/" + guild + "/members/" + owner, headers: [][2]string{{"X-Allowed-Methods", "PATCH"}}, body: `{"roles":["` + msg + `"]}`},
		{name: "reorder roles beyond the bits", method: "PATCH", uri: api + "/guilds/" + guild + "/roles", headers: [][2]string{{"X-Allowed-Methods", "PATCH"}}, body: `[{"id":"` + msg + `","position":9}]`},
		{name: "malformed allowed mentions", method: "POST", uri: api + "/channels/" + general + "/messages", headers: [][2]string{{"X-Allowed-Mentions", `{"parse":["everyone"`}}, body: `{"content":"@everyone"}`},
	}
	if len(attempts) < 60 {
		t.Fatalf("only %d attempts; the suite promises at least 60", len(attempts))
	}
	// Deciding may take the proxy's own read of a channel's metadata (is
	// this channel a thread of an allowed one? which guild is it in?), a
	// read whose answer never reaches the caller. So each attempt goes
	// twice: the first may cost at most such reads, the second, with the
	// metadata cached, must cost nothing at all.
	for _, c := range attempts {
		t.Run(c.name, func(t *testing.T) {
			for pass := 1; pass <= 2; pass++ {
				st.emu.ResetStats()
				resp, body := rawRequest(t, addr, c.method, c.uri, merge(c), c.body)
				if resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("%s %s: status %d, want a 4xx refusal: %s", c.method, c.uri, resp.StatusCode, body)
				}
				if src := resp.Header.Get("X-Response-Src"); src != "mcp" {
					t.Errorf("%s %s: X-Response-Src %q: the answer did not come from the proxy", c.method, c.uri, src)
				}
				if strings.Contains(body, st.emu.Token()) {
					t.Errorf("the refusal quotes the bot token")
				}
				stats := st.emu.Stats()
				metadata := stats.Routes["GET /channels/{channel_id}"]
				if pass == 2 && stats.Total != 0 || stats.Total != metadata || metadata > 2 {
					t.Errorf("%s %s (pass %d): the emulator saw %v", c.method, c.uri, pass, stats.Routes)
				}
			}
		})
	}
}

// TestMentionsAreForced: whatever a caller puts in allowed_mentions (body
// or header), Discord receives the operator's: @everyone does not ping.
func TestMentionsAreForced(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	for _, c := range []struct {
		name, body string
		headers    [][2]string
	}{
		{"body asks for everyone", `{"content":"@everyone hi","allowed_mentions":{"parse":["everyone","users","roles"]}}`, nil},
		{"header asks for everyone", `{"content":"@everyone hi"}`, [][2]string{{"X-Allowed-Mentions", `{"parse":["everyone"]}`}}},
		{"allowed_mentions hidden in an embed", `{"content":"@everyone hi","embeds":[{"description":"x","allowed_mentions":{"parse":["everyone"]}}]}`, nil},
		{"no allowed_mentions at all", `{"content":"@everyone <@` + discordtest.HumanUserID.String() + `>"}`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			headers := append([][2]string{{"X-Privileged-Call", "1"}}, c.headers...)
			resp, body := rawRequest(t, addr, "POST", "/api/v10/channels/"+general+"/messages", headers, c.body)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if !strings.Contains(body, `"mention_everyone":false`) || !strings.Contains(body, `"mentions":[]`) {
				t.Errorf("a mention got through: %s", body)
			}
		})
	}
}
