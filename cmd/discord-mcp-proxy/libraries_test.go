package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// Discord libraries pointed at the raw passthrough: discordgo and disgo
// (here) and @discordjs/rest (discordjs_test.go) each send, fetch,
// edit, react, pin, upload a file and delete against the emulator, and a
// refusal reaches each as the library's own API error carrying the
// proxy's message.

// libClient is one library's REST client, reduced to the steps.
type libClient interface {
	send(ch, content string) (string, error)
	fetch(ch, id string) (content string, pinned bool, reactions int, err error)
	edit(ch, id, content string) error
	react(ch, id, emoji string) error
	pin(ch, id string) error
	upload(ch, name string, data []byte) (id, fileURL string, err error)
	del(ch, id, reason string) error
}

// addHeaders puts the proxy's headers on every request a library makes
// and sends https://discord.com/… to the proxy; a library cannot be told
// to add X-Privileged-Call itself.
type addHeaders struct {
	target *url.URL
	header [][2]string
}

func (a addHeaders) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = a.target.Scheme, a.target.Host, a.target.Host
	for _, h := range a.header {
		req.Header.Set(h[0], h[1])
	}
	return http.DefaultTransport.RoundTrip(req)
}

func libHTTP(t *testing.T, base string, header ...[2]string) *http.Client {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: addHeaders{u, append([][2]string{{"X-Privileged-Call", "1"}}, header...)}, Timeout: 20 * time.Second}
}

// runLibrary runs every step through c, then the refusal through refused
// (a client whose scope excludes the channel it writes to), whose error
// must carry the proxy's message; wantErr checks the library's error type.
func runLibrary(t *testing.T, st *stack, c, refused libClient, wantErr func(error) bool) {
	t.Helper()
	ch := general
	id, err := c.send(ch, "hello from a library")
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	data := []byte("file bytes \x00\x01 from a library")
	fid, fileURL, err := c.upload(ch, "report.bin", data)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if got := download(t, fileURL); !bytes.Equal(got, data) {
		t.Errorf("attachment %s serves %q", fileURL, got)
	}
	if err := c.edit(ch, id, "edited by a library"); err != nil {
		t.Fatalf("edit: %v", err)
	}
	if err := c.react(ch, id, "👍"); err != nil {
		t.Fatalf("react: %v", err)
	}
	if err := c.pin(ch, id); err != nil {
		t.Fatalf("pin: %v", err)
	}
	content, pinned, reactions, err := c.fetch(ch, id)
	if err != nil || content != "edited by a library" || !pinned || reactions != 1 {
		t.Fatalf("fetch: %q pinned=%v reactions=%d err=%v", content, pinned, reactions, err)
	}
	for _, m := range []string{id, fid} {
		if err := c.del(ch, m, "library-test"); err != nil {
			t.Fatalf("delete: %v", err)
		}
	}
	if _, _, _, err := c.fetch(ch, id); err == nil || !strings.Contains(err.Error(), "Unknown Message") {
		t.Errorf("fetch after delete: %v", err)
	}
	if r := st.emu.LastAuditReason(); r != "library-test" {
		t.Errorf("audit reason upstream %q", r)
	}

	st.emu.ResetStats()
	_, err = refused.send(discordtest.RandomID.String(), "outside the scope")
	if err == nil || !strings.Contains(err.Error(), "outside X-Target-Channels") || !wantErr(err) {
		t.Errorf("refusal: %v (%T)", err, err)
	}
	if n := st.emu.Stats().Routes["POST /channels/{channel_id}/messages"]; n != 0 {
		t.Errorf("the refused send reached the emulator %d times", n)
	}
}

// roomyLimits are Discord's buckets with room for a whole scenario in one
// window: every route the limiter has not learned yet holds a slot in
// each known bucket of its channel until it is answered (ratelimit's
// probes), and a scenario meets seven new routes in a row. The headers
// still come, so each library's own limiter is at work.
func roomyLimits() *discordtest.Limits {
	l := discordtest.DefaultLimits()
	for name, b := range l.Buckets {
		b.Limit = max(b.Limit, 20)
		l.Buckets[name] = b
	}
	return l
}

func download(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

func TestDiscordgoThroughPassthrough(t *testing.T) {
	t.Parallel()
	st, rec := startRecordingStack(t, roomyLimits(), map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	newSession := func(h ...[2]string) *dgoClient {
		s, err := discordgo.New("Bot " + st.emu.Token())
		if err != nil {
			t.Fatal(err)
		}
		s.Client, s.MaxRestRetries = libHTTP(t, st.base, h...), 0
		return &dgoClient{s}
	}
	runLibrary(t, st, newSession(), newSession([2]string{"X-Target-Channels", general}), func(err error) bool {
		var re *discordgo.RESTError
		return errors.As(err, &re) && re.Message != nil && re.Message.Code == 50013
	})
	// What discordgo sent reached Discord as a library sends it: its
	// User-Agent, no proxy headers.
	up := rec.lastTo(t, "DELETE")
	if ua := up.header.Get("User-Agent"); !strings.Contains(ua, "discordgo") {
		t.Errorf("User-Agent upstream %q", ua)
	}
	if up.header.Get("X-Privileged-Call") != "" || up.header.Get("X-Target-Channels") != "" {
		t.Errorf("proxy headers went upstream: %v", up.header)
	}
}

type dgoClient struct{ s *discordgo.Session }

func (c *dgoClient) send(ch, content string) (string, error) {
	m, err := c.s.ChannelMessageSend(ch, content)
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

func (c *dgoClient) fetch(ch, id string) (string, bool, int, error) {
	m, err := c.s.ChannelMessage(ch, id)
	if err != nil {
		return "", false, 0, err
	}
	n := 0
	for _, r := range m.Reactions {
		n += r.Count
	}
	return m.Content, m.Pinned, n, nil
}

func (c *dgoClient) edit(ch, id, content string) error {
	_, err := c.s.ChannelMessageEdit(ch, id, content)
	return err
}

func (c *dgoClient) react(ch, id, emoji string) error { return c.s.MessageReactionAdd(ch, id, emoji) }
func (c *dgoClient) pin(ch, id string) error          { return c.s.ChannelMessagePin(ch, id) }

func (c *dgoClient) upload(ch, name string, data []byte) (string, string, error) {
	m, err := c.s.ChannelMessageSendComplex(ch, &discordgo.MessageSend{
		Content: "a file", Files: []*discordgo.File{{Name: name, ContentType: "application/octet-stream", Reader: bytes.NewReader(data)}}})
	if err != nil {
		return "", "", err
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != name || m.Attachments[0].Size != len(data) {
		return "", "", errors.New("upload answered without the attachment")
	}
	return m.ID, m.Attachments[0].URL, nil
}

func (c *dgoClient) del(ch, id, reason string) error {
	return c.s.ChannelMessageDelete(ch, id, discordgo.WithAuditLogReason(reason))
}

func TestDisgoThroughPassthrough(t *testing.T) {
	t.Parallel()
	st := startStackWith(t, discordtest.Options{Limits: roomyLimits()}, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	newClient := func(h ...[2]string) *disgoClient {
		rc := rest.NewClient(st.emu.Token(), rest.WithURL(st.base+"/api/v10"), rest.WithHTTPClient(libHTTP(t, st.base, h...)))
		t.Cleanup(func() { rc.Close(t.Context()) })
		return &disgoClient{rest.New(rc)}
	}
	runLibrary(t, st, newClient(), newClient([2]string{"X-Target-Channels", general}), func(err error) bool {
		var re rest.Error
		return errors.As(err, &re) && re.Code == 50013
	})
}

type disgoClient struct{ r rest.Rest }

func sf(t string) snowflake.ID { return snowflake.MustParse(t) }

func (c *disgoClient) send(ch, content string) (string, error) {
	m, err := c.r.CreateMessage(sf(ch), discord.MessageCreate{Content: content})
	if err != nil {
		return "", err
	}
	return m.ID.String(), nil
}

func (c *disgoClient) fetch(ch, id string) (string, bool, int, error) {
	m, err := c.r.GetMessage(sf(ch), sf(id))
	if err != nil {
		return "", false, 0, err
	}
	n := 0
	for _, r := range m.Reactions {
		n += r.Count
	}
	return m.Content, m.Pinned, n, nil
}

func (c *disgoClient) edit(ch, id, content string) error {
	_, err := c.r.UpdateMessage(sf(ch), sf(id), discord.MessageUpdate{Content: &content})
	return err
}

func (c *disgoClient) react(ch, id, emoji string) error {
	return c.r.AddReaction(sf(ch), sf(id), emoji)
}
func (c *disgoClient) pin(ch, id string) error { return c.r.PinMessage(sf(ch), sf(id)) }

func (c *disgoClient) upload(ch, name string, data []byte) (string, string, error) {
	m, err := c.r.CreateMessage(sf(ch), discord.MessageCreate{Content: "a file",
		Files: []*discord.File{discord.NewFile(name, "a description", bytes.NewReader(data))}})
	if err != nil {
		return "", "", err
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != name || m.Attachments[0].Size != len(data) {
		return "", "", errors.New("upload answered without the attachment")
	}
	return m.ID.String(), m.Attachments[0].URL, nil
}

func (c *disgoClient) del(ch, id, reason string) error {
	return c.r.DeleteMessage(sf(ch), sf(id), rest.WithReason(reason))
}
