package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy/jsonguard"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// Multipart bodies (file uploads). Discord reads the JSON body of a
// multipart request from its payload_json field, or, without one, from its
// plain form fields. Policy reads the same JSON the same way, checks it
// like a JSON body, and the proxy sends a form it re-encoded itself: the
// checked (and, for messages, rewritten) JSON and the same files. Anything
// whose reading by Discord would be a guess is refused.

// Bounds on a form; the server already bounds the whole body.
const (
	maxFormParts     = 32      // 10 files, payload_json and a few fields
	maxFormPartBytes = 1 << 20 // one part
	maxFormNameBytes = 256     // a part's name or filename
)

// BadForm is a multipart body that cannot be read: not the caller's scope
// but its encoding. The proxy answers it as invalid input.
type BadForm struct{ Reason string }

func (e *BadForm) Error() string { return "multipart body: " + e.Reason }

// Form is a multipart/form-data body as policy reads it.
type Form struct {
	// JSON is what Discord reads as the body: payload_json, or the plain
	// fields as an object of strings; nil when there is neither.
	JSON    []byte
	payload bool       // JSON came from payload_json
	parts   []formPart // files, and plain fields when there is no payload_json
}

type formPart struct {
	name, filename, ctype string
	data                  []byte
}

// IsMultipart reports whether a Content-Type names multipart/form-data.
func IsMultipart(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "multipart/form-data")
}

// ReadForm parses a multipart/form-data body sent to r. It returns a
// *Denied when the route takes no multipart body or the form is ambiguous
// (two payload_json parts, a field beside payload_json, a message sent
// without payload_json), and a *BadForm when it cannot be parsed.
func ReadForm(r *route.Route, contentType string, body []byte) (*Form, error) {
	f := r.Facts()
	if f.Body != route.BodyMultipart && f.Body != route.BodyMultipartOnly {
		return nil, deny("body", r.Method+" "+r.Label()+" takes a JSON body, not multipart/form-data")
	}
	_, params, err := mime.ParseMediaType(contentType)
	boundary := params["boundary"]
	if err != nil || boundary == "" {
		return nil, &BadForm{Reason: "Content-Type has no valid boundary"}
	}
	form, err := readParts(multipart.NewReader(bytes.NewReader(body), boundary))
	if err != nil {
		return nil, err
	}
	return form, form.settle(f.Shape)
}

// readParts reads every part, refusing what Discord might read otherwise.
func readParts(mr *multipart.Reader) (*Form, error) {
	form := &Form{}
	names := map[string]bool{}
	for n := 0; ; n++ {
		// Raw: NextPart would decode quoted-printable where Discord may not.
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return form, nil
		}
		if err != nil {
			return nil, &BadForm{Reason: "malformed: " + err.Error()}
		}
		if n >= maxFormParts {
			return nil, &BadForm{Reason: "more than 32 parts"}
		}
		fp, err := readPart(p)
		if err != nil {
			return nil, err
		}
		if fp.filename == "" && names[fp.name] {
			return nil, deny("body", "the form repeats the field "+quote(fp.name)+"; which copy Discord reads would be a guess")
		}
		names[fp.name] = true
		if fp.filename == "" && fp.name == "payload_json" {
			form.JSON, form.payload = fp.data, true
			continue
		}
		form.parts = append(form.parts, fp)
	}
}

// readPart reads one part's headers and bytes, within the bounds.
func readPart(p *multipart.Part) (formPart, error) {
	defer p.Close()
	h := p.Header
	for k := range h {
		switch textproto.CanonicalMIMEHeaderKey(k) {
		case "Content-Disposition", "Content-Type":
		default:
			return formPart{}, deny("body", "a form part carries the header "+quote(k)+"; only Content-Disposition and Content-Type are read")
		}
	}
	disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil || disp != "form-data" || params["name"] == "" {
		return formPart{}, &BadForm{Reason: "a part has no Content-Disposition: form-data with a name"}
	}
	fp := formPart{name: params["name"], filename: params["filename"], ctype: h.Get("Content-Type")}
	if len(fp.name) > maxFormNameBytes || len(fp.filename) > maxFormNameBytes {
		return formPart{}, &BadForm{Reason: "a part's name or filename is too long"}
	}
	if mt, _, _ := strings.Cut(fp.ctype, ";"); strings.HasPrefix(strings.ToLower(strings.TrimSpace(mt)), "multipart/") {
		return formPart{}, deny("body", "nested multipart parts are not read")
	}
	if fp.name == "payload_json" && fp.filename != "" {
		return formPart{}, deny("body", "payload_json is sent as a file; whether Discord reads it as the body would be a guess")
	}
	fp.data, err = io.ReadAll(io.LimitReader(p, maxFormPartBytes+1))
	if err != nil {
		return formPart{}, &BadForm{Reason: "malformed part: " + err.Error()}
	}
	if len(fp.data) > maxFormPartBytes {
		return formPart{}, &BadForm{Reason: "a part is larger than 1 MiB"}
	}
	return fp, nil
}

// settle works out the JSON Discord reads. With payload_json, no plain
// field may stand beside it (Discord's reading of both would be a guess).
// Without it, the plain fields are the body; a message must then come as
// payload_json, which is where allowed_mentions is forced.
func (f *Form) settle(k route.Shape) error {
	fields := 0
	for _, p := range f.parts {
		if p.filename == "" {
			fields++
		}
	}
	switch {
	case f.payload && fields > 0:
		return deny("body", "the form has fields beside payload_json; send every JSON field inside payload_json")
	case f.payload:
		if err := jsonguard.Validate(f.JSON); err != nil {
			return &BadForm{Reason: "payload_json: " + err.Error()}
		}
		return nil
	case fields > 0 && forcesMentions(k):
		return deny("body", "a message's fields must be sent in payload_json, where allowed_mentions is enforced")
	case fields > 0:
		f.JSON = f.fieldsJSON()
	case forcesMentions(k):
		// Files alone: the forced allowed_mentions still goes along.
		f.JSON, f.payload = []byte("{}"), true
	}
	return nil
}

func forcesMentions(k route.Shape) bool {
	return k == route.ShapeMessage || k == route.ShapeForumPost || k == route.ShapeCallback || k == route.ShapeForeignWebhook
}

// fieldsJSON is the plain fields as one JSON object: each value a string,
// except one that is itself a JSON object or array, which goes in as that
// value, so that what Discord might parse out of it is checked too.
func (f *Form) fieldsJSON() []byte {
	b := []byte{'{'}
	for _, p := range f.parts {
		if p.filename != "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		name, _ := json.Marshal(p.name) // strings always encode
		b = append(append(b, name...), ':')
		if v := bytes.TrimSpace(p.data); len(v) > 0 && (v[0] == '{' || v[0] == '[') && jsonguard.Validate(v) == nil {
			b = append(b, v...)
			continue
		}
		val, _ := json.Marshal(string(p.data))
		b = append(b, val...)
	}
	return append(b, '}')
}

// Encode writes the form for upstream: js (the checked and rewritten
// JSON) as payload_json when the caller sent one or the route is a
// message, then every other part as received. It returns the body and its
// Content-Type (a fresh boundary).
func (f *Form) Encode(r *route.Route, js []byte) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if f.payload || forcesMentions(r.Facts().Shape) {
		if len(js) == 0 {
			js = []byte("{}")
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="payload_json"`)
		h.Set("Content-Type", "application/json")
		if err := writePart(w, h, js); err != nil {
			return nil, "", err
		}
	}
	for _, p := range f.parts {
		h := textproto.MIMEHeader{}
		disp := `form-data; name="` + quoteEscaper.Replace(p.name) + `"`
		if p.filename != "" {
			disp += `; filename="` + quoteEscaper.Replace(p.filename) + `"`
		}
		h.Set("Content-Disposition", disp)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		if err := writePart(w, h, p.data); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// quoteEscaper escapes a quoted Content-Disposition value the way Go's
// multipart.Writer and the Discord libraries do.
var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func writePart(w *multipart.Writer, h textproto.MIMEHeader, data []byte) error {
	pw, err := w.CreatePart(h)
	if err == nil {
		_, err = pw.Write(data)
	}
	return err
}
