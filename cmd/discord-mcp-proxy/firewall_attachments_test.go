package main

import (
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// Attachments through the tools: what a model could try with files (a
// part smuggled in by its filename or content type, a file named
// payload_json, files to a channel out of scope, more bytes than the
// operator allows, reading a file from a channel out of scope or from a
// host not listed) is refused with nothing sent, or, where Discord itself
// would read it as a plain file, goes out as one with allowed_mentions
// forced in payload_json.

// reqCount is how many requests the emulator (API and CDN) has received.
func (r *recorder) reqCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// callHelper calls a tool through /v1/tools/call over loopback.
func callHelper(t *testing.T, st *stack, headers [][2]string, tool, args string) string {
	t.Helper()
	_, body := rawRequest(t, strings.TrimPrefix(st.base, "http://"), "POST", "/v1/tools/call", headers,
		`{"name":"`+tool+`","arguments":`+args+`}`)
	return body
}

func TestFirewallAttachmentTools(t *testing.T) {
	t.Parallel()
	st, rec := startRecordingStack(t, nil, map[string]string{"DMP_TOOLSETS": "all",
		"DMP_ATTACHMENT_HOSTS": "$EMULATOR", "DMP_ATTACHMENT_MAX_BYTES": "2048"})
	only := [][2]string{{"X-Target-Channels", general}}
	everyone := `{\"content\":\"@everyone\",\"allowed_mentions\":{\"parse\":[\"everyone\"]}}`

	// Control: a file named payload_json, whose text would widen the
	// mentions if Discord read it as the body, is sent as files[0] (Discord
	// reads payload_json by part name only) beside the proxy's own
	// payload_json with the scope's allowed_mentions.
	out := callHelper(t, st, only, "send_message", `{"channel_id":"`+general+`","content":"@everyone look",`+
		`"attachments":[{"filename":"payload_json","content_type":"application/json","text":"`+everyone+`"}]}`)
	msgID := gjson.Get(out, "structuredContent.id").Str
	if msgID == "" || gjson.Get(out, "structuredContent.attachments.0.filename").Str != "payload_json" {
		t.Fatalf("control upload: %s", out)
	}
	sent := rec.lastTo(t, "POST")
	payload, files := readSentForm(t, sent)
	if len(payload) != 1 || gjson.Get(payload[0], "allowed_mentions").Raw != `{"parse":[]}` || len(files) != 1 || files[0] != "files[0]" {
		t.Errorf("the form sent: payload_json %q, file parts %v", payload, files)
	}

	msg := `"channel_id":"` + general + `","content":"x","attachments":`
	refused := []struct{ name, tool, args, kind string }{
		{"file to a channel out of scope", "send_message", `{"channel_id":"` + hRandom + `","attachments":[{"filename":"a.txt","text":"x"}]}`, "PermissionDeniedError"},
		{"second payload_json by a filename", "send_message", `{` + msg + `[{"filename":"a\"\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n` + everyone + `","text":"x"}]}`, "InvalidInputError"},
		{"header by a content type", "send_message", `{` + msg + `[{"filename":"a.txt","content_type":"text/plain\r\nContent-Disposition: form-data; name=\"payload_json\"","text":"x"}]}`, "InvalidInputError"},
		{"a path as filename", "send_message", `{` + msg + `[{"filename":"../../etc/passwd","text":"x"}]}`, "InvalidInputError"},
		{"more bytes than the operator allows", "send_message", `{` + msg + `[{"filename":"big.txt","text":"` + strings.Repeat("x", 3000) + `"}]}`, "InvalidInputError"},
		{"eleven files", "send_message", `{` + msg + `[` + strings.TrimSuffix(strings.Repeat(`{"filename":"a.txt","text":"x"},`, 11), ",") + `]}`, "InvalidInputError"},
		{"forward with a file", "send_message", `{"channel_id":"` + general + `","forward":{"channel_id":"` + general + `","message_id":"` + msgID + `"},"attachments":[{"filename":"a.txt","text":"x"}]}`, "InvalidInputError"},
		{"edit into a channel out of scope", "edit_message", `{"channel_id":"` + hRandom + `","message_id":"` + msgID + `","attachments":[{"filename":"a.txt","text":"x"}]}`, "PermissionDeniedError"},
		{"read a file out of scope", "get_attachment", `{"channel_id":"` + hRandom + `","message_id":"` + msgID + `"}`, "PermissionDeniedError"},
	}
	for _, c := range refused {
		for pass := 1; pass <= 2; pass++ { // the second with channel metadata cached
			before := rec.reqCount()
			out := callHelper(t, st, only, c.tool, c.args)
			if !strings.Contains(out, c.kind) {
				t.Errorf("%s: want %s, got %s", c.name, c.kind, out)
			}
			if n := rec.reqCount() - before; n != 0 && pass == 2 {
				t.Errorf("%s: the emulator received %d requests", c.name, n)
			}
		}
	}
	// The same file reads back, from the listed host and without the token.
	out = callHelper(t, st, only, "get_attachment", `{"channel_id":"`+general+`","message_id":"`+msgID+`"}`)
	if gjson.Get(out, "structuredContent.kind").Str != "text" || !strings.Contains(gjson.Get(out, "structuredContent.text").Str, "@everyone") {
		t.Errorf("get_attachment: %s", out)
	}
	cdn := rec.lastTo(t, "GET")
	if !strings.HasPrefix(cdn.path, "/attachments/") || cdn.header.Get("Authorization") != "" {
		t.Errorf("the CDN fetch was %s with Authorization %q", cdn.path, cdn.header.Get("Authorization"))
	}
}

// TestAttachmentHostNotListed: with the default hosts (Discord's CDN), a
// file the emulator serves on its own host is not fetched: the message is
// read, the bytes are not.
func TestAttachmentHostNotListed(t *testing.T) {
	t.Parallel()
	st, rec := startRecordingStack(t, nil, map[string]string{"DMP_TOOLSETS": "all"})
	out := callHelper(t, st, nil, "send_message", `{"channel_id":"`+general+`","attachments":[{"filename":"a.txt","text":"x"}]}`)
	id := gjson.Get(out, "structuredContent.id").Str
	if id == "" {
		t.Fatalf("send: %s", out)
	}
	before := rec.reqCount()
	out = callHelper(t, st, nil, "get_attachment", `{"channel_id":"`+general+`","message_id":"`+id+`"}`)
	if !strings.Contains(out, "InvalidInputError") || !strings.Contains(out, "attachment-hosts") {
		t.Errorf("an unlisted host was not refused: %s", out)
	}
	if n := rec.reqCount() - before; n != 1 || rec.last(t).method != "GET" || strings.HasPrefix(rec.last(t).path, "/attachments/") {
		t.Errorf("want only the message read upstream, got %d requests, last %s", n, rec.last(t).path)
	}
}

// readSentForm returns the payload_json parts and the file part names of
// a recorded multipart request.
func readSentForm(t *testing.T, r recorded) (payload, files []string) {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("not a form: %q", r.header.Get("Content-Type"))
	}
	mr := multipart.NewReader(strings.NewReader(string(r.body)), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return payload, files
		}
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := p.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if p.FileName() != "" {
			files = append(files, p.FormName())
		} else if p.FormName() == "payload_json" {
			payload = append(payload, b.String())
		}
	}
}
