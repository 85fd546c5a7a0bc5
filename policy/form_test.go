package policy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// rawForm builds a multipart body by hand, so tests can send what a
// well-behaved writer never would.
func rawForm(parts ...string) (body, ctype string) {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--XB\r\n" + p + "\r\n")
	}
	b.WriteString("--XB--\r\n")
	return b.String(), "multipart/form-data; boundary=XB"
}

func field(name, value string) string {
	return `Content-Disposition: form-data; name="` + name + `"` + "\r\n\r\n" + value
}

func file(name, filename, value string) string {
	return `Content-Disposition: form-data; name="` + name + `"; filename="` + filename + `"` + "\r\nContent-Type: text/plain\r\n\r\n" + value
}

// readBack parses an encoded form into name → (filename, value).
func readBack(t *testing.T, body []byte, ctype string) map[string][2]string {
	t.Helper()
	_, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		v, _ := io.ReadAll(p)
		out[p.FormName()] = [2]string{p.FileName(), string(v)}
	}
}

func TestFormIsCheckedRewrittenAndReencoded(t *testing.T) {
	s := ceiling(t, config.Config{}).Default()
	r := mustRoute(t, "POST", "/channels/10/messages")
	body, ct := rawForm(
		field("payload_json", `{"content":"@everyone","allowed_mentions":{"parse":["everyone"]}}`),
		file("files[0]", "a.txt", "file bytes"),
	)
	f, err := ReadForm(r, ct, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(context.Background(), r, f.JSON, world()); err != nil {
		t.Fatal(err)
	}
	js, err := s.Rewrite(r, f.JSON)
	if err != nil {
		t.Fatal(err)
	}
	out, octype, err := f.Encode(r, js)
	if err != nil {
		t.Fatal(err)
	}
	got := readBack(t, out, octype)
	if got["payload_json"][1] != `{"content":"@everyone","allowed_mentions":{"parse":[]}}` {
		t.Errorf("payload_json %q", got["payload_json"][1])
	}
	if got["files[0]"] != [2]string{"a.txt", "file bytes"} || len(got) != 2 {
		t.Errorf("parts %v", got)
	}

	// Files alone still carry the forced mentions.
	body, ct = rawForm(file("files[0]", "a.txt", "x"))
	if f, err = ReadForm(r, ct, []byte(body)); err != nil || string(f.JSON) != "{}" {
		t.Fatalf("files only: %v %q", err, f.JSON)
	}
}

func TestFormTargetsAreChecked(t *testing.T) {
	s := scope(t, ceiling(t, config.Config{}), "X-Target-Channels", "10", "X-Permission-Bits", "1024")
	r := mustRoute(t, "POST", "/channels/10/messages")
	for name, payload := range map[string]string{
		"reply into another channel": `{"content":"x","message_reference":{"message_id":"1","channel_id":"20"}}`,
		"duplicate keys":             `{"content":"a","content":"b"}`,
	} {
		body, ct := rawForm(field("payload_json", payload))
		f, err := ReadForm(r, ct, []byte(body))
		if err == nil {
			err = s.Check(context.Background(), r, f.JSON, world())
		}
		var d *Denied
		if !errors.As(err, &d) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	// Fields of a non-message route are the body, and checked as such.
	gr := mustRoute(t, "POST", "/channels/10/invites")
	body, ct := rawForm(field("target_user_id", "999"), field("max_age", "0"))
	f, err := ReadForm(gr, ct, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	us := scope(t, ceiling(t, config.Config{}), "X-Target-Users", "5")
	var d *Denied
	if err := us.Check(context.Background(), gr, f.JSON, world()); !errors.As(err, &d) {
		t.Errorf("target_user_id as a form field: %v, want a refusal", err)
	}
	// A field holding JSON is checked as the JSON Discord might parse.
	body, ct = rawForm(field("target_users", ` [{"id":"999"}] `), field("max_age", "0"))
	if f, err = ReadForm(gr, ct, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if string(f.JSON) != `{"target_users":[{"id":"999"}],"max_age":"0"}` {
		t.Errorf("fields as JSON: %s", f.JSON)
	}
}

func TestFormAmbiguitiesAreRefused(t *testing.T) {
	msg := mustRoute(t, "POST", "/channels/10/messages")
	for _, c := range []struct {
		name  string
		parts []string
		bad   bool // *BadForm rather than *Denied
	}{
		{name: "two payload_json", parts: []string{field("payload_json", `{"content":"a"}`), field("payload_json", `{"content":"@everyone"}`)}},
		{name: "content beside payload_json", parts: []string{field("payload_json", `{}`), field("content", "@everyone")}},
		{name: "allowed_mentions beside payload_json", parts: []string{field("payload_json", `{"content":"x"}`), field("allowed_mentions", `{"parse":["everyone"]}`)}},
		{name: "message fields without payload_json", parts: []string{field("content", "@everyone")}},
		{name: "payload_json as a file", parts: []string{file("payload_json", "p.json", `{"content":"@everyone"}`)}},
		{name: "nested multipart", parts: []string{"Content-Disposition: form-data; name=\"files[0]\"; filename=\"x\"\r\nContent-Type: multipart/mixed; boundary=YB\r\n\r\n--YB--"}},
		{name: "transfer encoding", parts: []string{"Content-Disposition: form-data; name=\"payload_json\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{\"content\":\"=40everyone\"}"}},
		{name: "payload_json not JSON", parts: []string{field("payload_json", `{"content":`)}, bad: true},
		{name: "part without a name", parts: []string{"Content-Disposition: form-data\r\n\r\nx"}, bad: true},
	} {
		body, ct := rawForm(c.parts...)
		_, err := ReadForm(msg, ct, []byte(body))
		var d *Denied
		var bf *BadForm
		switch {
		case c.bad && !errors.As(err, &bf):
			t.Errorf("%s: %v, want *BadForm", c.name, err)
		case !c.bad && !errors.As(err, &d):
			t.Errorf("%s: %v, want *Denied", c.name, err)
		}
	}
	var bf *BadForm
	if _, err := ReadForm(msg, "multipart/form-data", []byte("x")); !errors.As(err, &bf) {
		t.Errorf("no boundary: %v", err)
	}
	var d *Denied
	body, ct := rawForm(field("payload_json", `{}`))
	if _, err := ReadForm(mustRoute(t, "PATCH", "/channels/10"), ct, []byte(body)); !errors.As(err, &d) {
		t.Errorf("multipart on a JSON-only route: %v", err)
	}
	parts := make([]string, 40)
	for i := range parts {
		parts[i] = file("files["+string(rune('a'+i%26))+"]", "f", "x")
	}
	body, ct = rawForm(parts...)
	if _, err := ReadForm(msg, ct, []byte(body)); !errors.As(err, &bf) {
		t.Errorf("40 parts: %v", err)
	}
}

// FuzzReadForm: any body either is refused with one of the two error
// kinds, or reads into a form whose re-encoding reads back to the same
// JSON and parts (what the proxy sends is what policy checked).
func FuzzReadForm(f *testing.F) {
	body, _ := rawForm(field("payload_json", `{"content":"x"}`), file("files[0]", "a.txt", "bytes"))
	f.Add(body)
	body, _ = rawForm(field("content", "x"), field("content", "y"))
	f.Add(body)
	body, _ = rawForm(file("files[0]", "a\".txt", "\r\n--XB\r\n"))
	f.Add(body)
	f.Add("--XB\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n")
	routes := []string{"/channels/10/messages", "/channels/10/invites"}
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range routes {
			r := mustRoute(t, "POST", path)
			form, err := ReadForm(r, "multipart/form-data; boundary=XB", []byte(body))
			if err != nil {
				var d *Denied
				var bf *BadForm
				if !errors.As(err, &d) && !errors.As(err, &bf) {
					t.Fatalf("error of another kind: %T %v", err, err)
				}
				continue
			}
			out, ct, err := form.Encode(r, form.JSON)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ReadForm(r, ct, out)
			if err != nil {
				t.Fatalf("re-encoded form refused: %v\n%q", err, out)
			}
			if !bytes.Equal(again.JSON, form.JSON) || len(again.parts) != len(form.parts) {
				t.Fatalf("re-encoding changed the form: %q → %q", form.JSON, again.JSON)
			}
			for i := range form.parts {
				if a, b := form.parts[i], again.parts[i]; a.name != b.name || a.filename != b.filename || !bytes.Equal(a.data, b.data) {
					t.Fatalf("part %d changed: %+v → %+v", i, a, b)
				}
			}
		}
	})
}
