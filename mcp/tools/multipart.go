package tools

import (
	"bytes"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// quoteEscaper escapes a quoted Content-Disposition value as Go's
// multipart.Writer does (filenames hold no control characters: checkUpload).
var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// multipartOf wraps a JSON body and files in Discord's form: payload_json,
// then files[n]. It returns the body and its Content-Type. Writes go to a
// bytes.Buffer, which does not fail.
func multipartOf(js []byte, files []upload) ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="payload_json"`)
	h.Set("Content-Type", "application/json")
	if pw, err := w.CreatePart(h); err == nil {
		_, _ = pw.Write(js)
	}
	for i, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="files[`+strconv.Itoa(i)+`]"; filename="`+quoteEscaper.Replace(f.filename)+`"`)
		h.Set("Content-Type", f.ctype)
		if pw, err := w.CreatePart(h); err == nil {
			_, _ = pw.Write(f.data)
		}
	}
	_ = w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// describeForm spells a multipart body for previews and examples: the
// JSON part, then each file's name, type and size (not its bytes).
func describeForm(r *proxy.Request) string {
	_, params, err := mime.ParseMediaType(r.ContentType)
	if err != nil {
		return "multipart (unreadable)"
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	var s strings.Builder
	s.WriteString("multipart")
	for {
		p, err := mr.NextPart()
		if err != nil {
			return s.String()
		}
		var data bytes.Buffer
		_, _ = data.ReadFrom(p)
		if p.FileName() == "" {
			s.WriteString(" " + p.FormName() + "=" + data.String())
			continue
		}
		s.WriteString(" " + p.FormName() + "=" + strconv.Quote(p.FileName()) + " (" + p.Header.Get("Content-Type") + ", " + strconv.Itoa(data.Len()) + " bytes)")
	}
}
