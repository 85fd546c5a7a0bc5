package main

import (
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// Multipart uploads through the raw passthrough: what a caller could try
// with a form (a second payload_json, fields beside it, JSON fields sent
// as plain form fields, which Discord reads as the body when there is no
// payload_json, nested parts, encodings) is refused, and the emulator
// receives nothing; a well-formed upload reaches Discord with the scope's
// allowed_mentions forced into payload_json and its files intact.

func formField(name, value string) string {
	return `Content-Disposition: form-data; name="` + name + `"` + "\r\n\r\n" + value
}

func formFile(name, filename, value string) string {
	return `Content-Disposition: form-data; name="` + name + `"; filename="` + filename + `"` + "\r\nContent-Type: text/plain\r\n\r\n" + value
}

func TestFirewallMultipart(t *testing.T) {
	t.Parallel()
	var (
		random = discordtest.RandomID.String()
		owner  = discordtest.OwnerUserID.String()
		human  = discordtest.HumanUserID.String()
		msgs   = "/api/v10/channels/" + general + "/messages"
	)
	st, rec := startRecordingStack(t, nil, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	scope := [][2]string{{"X-Privileged-Call", "1"}, {"X-Target-Channels", general}, {"X-Target-Users", owner}}

	controlUpload(t, st, rec, scope, msgs)

	attempts := []struct {
		name, path string
		parts      []string
	}{
		{name: "two payload_json, second wider", parts: []string{formField("payload_json", `{"content":"hi"}`), formField("payload_json", `{"content":"@everyone","allowed_mentions":{"parse":["everyone"]}}`)}},
		{name: "content beside payload_json", parts: []string{formField("payload_json", `{"content":"hi"}`), formField("content", "@everyone")}},
		{name: "allowed_mentions beside payload_json", parts: []string{formField("payload_json", `{"content":"@everyone"}`), formField("allowed_mentions", `{"parse":["everyone"]}`)}},
		{name: "content as a plain field (read as the body)", parts: []string{formField("content", "@everyone"), formFile("files[0]", "a.txt", "x")}},
		{name: "reply into another channel via a plain field", parts: []string{formField("message_reference", `{"message_id":"1","channel_id":"`+random+`"}`)}},
		{name: "payload_json sent as a file", parts: []string{formFile("payload_json", "p.json", `{"content":"@everyone"}`)}},
		{name: "quoted-printable payload_json", parts: []string{"Content-Disposition: form-data; name=\"payload_json\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{\"content\":\"=40everyone\"}"}},
		{name: "nested multipart part", parts: []string{"Content-Disposition: form-data; name=\"files[0]\"; filename=\"x\"\r\nContent-Type: multipart/mixed; boundary=YB\r\n\r\n--YB\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{}\r\n--YB--"}},
		{name: "duplicate keys in payload_json", parts: []string{formField("payload_json", `{"content":"hi","message_reference":{"message_id":"1","channel_id":"`+general+`","channel_id":"`+random+`"}}`)}},
		{name: "reply into another channel in payload_json", parts: []string{formField("payload_json", `{"content":"hi","message_reference":{"message_id":"1","channel_id":"`+random+`"}}`)}},
		{name: "upload to a channel outside the targets", path: "/api/v10/channels/" + random + "/messages", parts: []string{formField("payload_json", `{"content":"hi"}`), formFile("files[0]", "a.txt", "x")}},
		{name: "multipart on a JSON-only route", path: "/api/v10/channels/" + general, parts: []string{formField("payload_json", `{"name":"renamed"}`)}},
		{name: "invite for a user outside the targets, as a form field", path: "/api/v10/channels/" + general + "/invites", parts: []string{formField("target_user_id", human), formField("target_type", "1")}},
		{name: "payload_json not JSON", parts: []string{formField("payload_json", `{"content":`)}},
		{name: "part without a name", parts: []string{"Content-Disposition: form-data\r\n\r\nx"}},
		{name: "33 parts", parts: manyFiles(33)},
	}
	for _, c := range attempts {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			if path == "" {
				path = msgs
			}
			method := "POST"
			if path == "/api/v10/channels/"+general {
				method = "PATCH"
			}
			body, ct := handForm(c.parts...)
			for pass := 1; pass <= 2; pass++ {
				st.emu.ResetStats()
				resp, out := sendForm(t, st.base, method, path, scope, ct, body)
				if resp.StatusCode != 400 && resp.StatusCode != 403 || resp.Header.Get("X-Response-Src") != "mcp" {
					t.Errorf("status %d src %q: %s", resp.StatusCode, resp.Header.Get("X-Response-Src"), out)
				}
				if gjson.Get(out, "message").Str == "" || gjson.Get(out, "code").Int() == 0 {
					t.Errorf("refusal not in Discord's shape: %s", out)
				}
				stats := st.emu.Stats()
				metadata := stats.Routes["GET /channels/{channel_id}"]
				if pass == 2 && stats.Total != 0 || stats.Total != metadata || metadata > 2 {
					t.Errorf("pass %d: the emulator saw %v", pass, stats.Routes)
				}
			}
		})
	}
	if strings.Contains(st.logs.String(), st.emu.Token()) {
		t.Error("the log holds the bot token")
	}
}

// controlUpload: the scope the attacks meet lets a real upload through,
// with allowed_mentions forced into payload_json and the file intact, so
// the refusals are the firewall's doing.
func controlUpload(t *testing.T, st *stack, rec *recorder, scope [][2]string, msgs string) {
	t.Helper()
	body, ct := buildForm(t,
		formPart{name: "payload_json", value: `{"content":"@everyone look","allowed_mentions":{"parse":["everyone","users"]},"attachments":[{"id":0,"filename":"notes.txt"}]}`},
		formPart{name: "files[0]", filename: "a.txt", ctype: "text/plain", value: "the file's bytes"},
	)
	resp, out := sendForm(t, st.base, "POST", msgs, scope, ct, body)
	if resp.StatusCode != 200 || resp.Header.Get("X-Response-Src") != "discord" {
		t.Fatalf("control upload: %d %s", resp.StatusCode, out)
	}
	if gjson.Get(out, "mention_everyone").Bool() || gjson.Get(out, "attachments.0.filename").Str != "notes.txt" {
		t.Errorf("control upload answer: %s", out)
	}
	up := rec.last(t)
	payload, files := readForm(t, up.header.Get("Content-Type"), up.body)
	if gjson.Get(payload, "allowed_mentions").Raw != `{"parse":[]}` || gjson.Get(payload, "content").Str != "@everyone look" {
		t.Errorf("payload_json sent upstream: %s", payload)
	}
	if files["files[0]"] != "a.txt:the file's bytes" || len(files) != 1 {
		t.Errorf("files sent upstream: %v", files)
	}
}

func manyFiles(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = formFile("f"+strings.Repeat("x", i), "f.txt", "x")
	}
	return out
}

// readForm decodes a multipart body: payload_json, and name → "filename:bytes" for files.
func readForm(t *testing.T, ctype string, body []byte) (string, map[string]string) {
	t.Helper()
	_, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatalf("upstream Content-Type %q: %v", ctype, err)
	}
	form, err := multipart.NewReader(strings.NewReader(string(body)), params["boundary"]).ReadForm(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for name, fhs := range form.File {
		for _, fh := range fhs {
			f, _ := fh.Open()
			b := make([]byte, fh.Size)
			_, _ = f.Read(b)
			f.Close()
			files[name] = fh.Filename + ":" + string(b)
		}
	}
	payload := ""
	if v := form.Value["payload_json"]; len(v) == 1 {
		payload = v[0]
	} else {
		t.Errorf("payload_json parts upstream: %d", len(v))
	}
	return payload, files
}
