package discordtest

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"testing"

	"github.com/tidwall/gjson"
)

// part is one form part for formBody: a field, or a file when filename is set.
type part struct{ name, filename, ctype, value string }

// formBody encodes parts as multipart/form-data.
func formBody(t *testing.T, parts ...part) (body, ctype string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p.name + `"`
		if p.filename != "" {
			cd += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", cd)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write([]byte(p.value))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

func TestMultipartUploadServesAttachments(t *testing.T) {
	e, base := start(t, Options{Limits: noLimits()})
	body, ct := formBody(t,
		part{name: "payload_json", value: `{"content":"two files","attachments":[{"id":0,"filename":"renamed.txt","description":"notes"}]}`},
		part{name: "files[0]", filename: "a.txt", ctype: "text/plain", value: "hello attachment"},
		part{name: "files[1]", filename: "dir/b.png", value: "\x89PNG\r\n\x1a\nrest"},
	)
	r := do(t, e, "POST", msgURL(base), body, "Content-Type", ct)
	if r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	atts := gjson.Get(r.body, "attachments").Array()
	if len(atts) != 2 {
		t.Fatalf("attachments: %s", r.body)
	}
	a0, a1 := atts[0], atts[1]
	if a0.Get("filename").Str != "renamed.txt" || a0.Get("description").Str != "notes" || a0.Get("size").Int() != 16 ||
		a0.Get("content_type").Str != "text/plain" {
		t.Errorf("first attachment: %s", a0.Raw)
	}
	if a1.Get("filename").Str != "b.png" || a1.Get("content_type").Str != "image/png" {
		t.Errorf("second attachment (path cut, type sniffed): %s", a1.Raw)
	}
	ch := GeneralID.String()
	wantURL := base[:len(base)-len("/api/v10")] + "/attachments/" + ch + "/" + a0.Get("id").Str + "/renamed.txt"
	if a0.Get("url").Str != wantURL {
		t.Errorf("url %q, want %q", a0.Get("url").Str, wantURL)
	}
	got := do(t, e, "GET", a0.Get("url").Str, "")
	if got.status != 200 || got.body != "hello attachment" || got.header.Get("Content-Type") != "text/plain" {
		t.Errorf("CDN: %d %q %q", got.status, got.header.Get("Content-Type"), got.body)
	}
	if bad := do(t, e, "GET", a0.Get("url").Str+"x", ""); bad.status != 404 {
		t.Errorf("wrong filename served: %d", bad.status)
	}

	// Edit: keep the first by id, add a new file, drop the second.
	mid := gjson.Get(r.body, "id").Str
	body, ct = formBody(t,
		part{name: "payload_json", value: `{"attachments":[{"id":"` + a0.Get("id").Str + `"},{"id":0}]}`},
		part{name: "files[0]", filename: "c.txt", value: "third"},
	)
	ed := do(t, e, "PATCH", msgURL(base)+"/"+mid, body, "Content-Type", ct)
	names := gjson.Get(ed.body, "attachments.#.filename").Raw
	if ed.status != 200 || names != `["renamed.txt","c.txt"]` {
		t.Fatalf("edit: %d %s", ed.status, ed.body)
	}
	if gone := do(t, e, "GET", a1.Get("url").Str, ""); gone.status != 404 {
		t.Errorf("dropped attachment still served: %d", gone.status)
	}
	body, ct = formBody(t, part{name: "payload_json", value: `{"attachments":[{"id":"123"}]}`})
	if bad := do(t, e, "PATCH", msgURL(base)+"/"+mid, body, "Content-Type", ct); bad.status != 400 || gjson.Get(bad.body, "code").Int() != 50035 {
		t.Errorf("unknown attachment id: %d %s", bad.status, bad.body)
	}
}

// Without payload_json Discord reads the plain form fields as the body.
func TestMultipartFieldsAreTheBody(t *testing.T) {
	e, base := start(t, Options{Limits: noLimits()})
	body, ct := formBody(t,
		part{name: "content", value: "from a field"},
		part{name: "files[0]", filename: "f.bin", value: "x"},
	)
	r := do(t, e, "POST", msgURL(base), body, "Content-Type", ct)
	if r.status != 200 || gjson.Get(r.body, "content").Str != "from a field" || len(gjson.Get(r.body, "attachments").Array()) != 1 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	body, ct = formBody(t, part{name: "files[0]", filename: "only.txt", value: "just a file"})
	if r := do(t, e, "POST", msgURL(base), body, "Content-Type", ct); r.status != 200 {
		t.Errorf("a file alone is a message: %d %s", r.status, r.body)
	}
	body, ct = formBody(t, part{name: "payload_json", value: `{"content":`})
	if r := do(t, e, "POST", msgURL(base), body, "Content-Type", ct); r.status != 400 || gjson.Get(r.body, "code").Int() != 50109 {
		t.Errorf("bad payload_json: %d %s", r.status, r.body)
	}
}

func TestPins(t *testing.T) {
	e, base := start(t, Options{Limits: noLimits()})
	sent := do(t, e, "POST", msgURL(base), `{"content":"pin me"}`)
	mid := gjson.Get(sent.body, "id").Str
	ch := base + "/channels/" + GeneralID.String()
	for _, p := range []string{ch + "/pins/" + mid, ch + "/messages/pins/" + mid} {
		if r := do(t, e, "PUT", p, ""); r.status != 204 {
			t.Fatalf("pin %s: %d %s", p, r.status, r.body)
		}
		if !gjson.Get(do(t, e, "GET", msgURL(base)+"/"+mid, "").body, "pinned").Bool() {
			t.Errorf("%s: not pinned", p)
		}
		if r := do(t, e, "DELETE", p, ""); r.status != 204 {
			t.Fatalf("unpin %s: %d %s", p, r.status, r.body)
		}
		if gjson.Get(do(t, e, "GET", msgURL(base)+"/"+mid, "").body, "pinned").Bool() {
			t.Errorf("%s: still pinned", p)
		}
	}
	if r := do(t, e, "PUT", ch+"/pins/1", ""); r.status != 404 {
		t.Errorf("unknown message: %d", r.status)
	}
}
