package discordtest

import (
	"bytes"
	"image"
	_ "image/gif" // image.DecodeConfig reads these
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"path"
	"strings"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// Attachment is an uploaded file on a message. Its bytes are served at
// URL, on the emulator's own host under Discord's CDN path shape
// /attachments/{channel_id}/{attachment_id}/{filename}.
type Attachment struct {
	ID          Snowflake
	ChannelID   Snowflake
	Filename    string
	Description string
	ContentType string
	URL         string
	Data        []byte
	// Width and Height are an image's size in pixels, 0 for other files.
	Width, Height int
}

// wireAttachment is Discord's attachment object.
type wireAttachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
	ProxyURL    string `json:"proxy_url"`
	ContentType string `json:"content_type,omitempty"`
	Description string `json:"description,omitempty"`
	Width       *int   `json:"width,omitempty"` // images only, as on Discord
	Height      *int   `json:"height,omitempty"`
}

func toWireAttachments(list []*Attachment) []wireAttachment {
	out := make([]wireAttachment, 0, len(list))
	for _, a := range list {
		w := wireAttachment{ID: a.ID.String(), Filename: a.Filename, Size: len(a.Data),
			URL: a.URL, ProxyURL: a.URL, ContentType: a.ContentType, Description: a.Description}
		if a.Width > 0 {
			w.Width, w.Height = &a.Width, &a.Height
		}
		out = append(out, w)
	}
	return out
}

const cdnPrefix = "/attachments/"

// attach works out a message's attachments from the body's attachments
// entries and the uploaded files, as Discord does: an entry's id is either
// n of an uploaded files[n] (a new attachment, its filename and
// description taken from the entry) or, on an edit, the id of one the
// message has (kept). Without entries, a create attaches every file and
// an edit keeps what the message had and adds the files. st.mu must be
// held.
func (e *Emulator) attach(c *call, ch *Channel, body gjson.Result, files []upload, had []*Attachment) ([]*Attachment, *apiError) {
	meta := body.Get("attachments")
	if !meta.Exists() || meta.Type == gjson.Null {
		out := append([]*Attachment(nil), had...)
		for _, f := range files {
			out = append(out, e.store(c, ch, f, f.filename, ""))
		}
		return out, nil
	}
	if !meta.IsArray() {
		return nil, formError("LIST_TYPE_CONVERT", "Only iterables may be used in a ListType", "attachments")
	}
	var out []*Attachment
	used := map[int]bool{}
	for i, m := range meta.Array() {
		at := itoa(int64(i))
		id := m.Get("id").String()
		if f, ok := uploadByIndex(files, id); ok && !used[f.index] {
			used[f.index] = true
			name := f.filename
			if n := m.Get("filename").String(); n != "" {
				name = n
			}
			out = append(out, e.store(c, ch, f, name, m.Get("description").String()))
			continue
		}
		if a := findAttachment(had, id); a != nil {
			out = append(out, a)
			continue
		}
		return nil, formError("ATTACHMENT_NOT_FOUND", "Attachment data not found", "attachments", at, "id")
	}
	for _, f := range files { // files no entry names are attached too
		if !used[f.index] {
			out = append(out, e.store(c, ch, f, f.filename, ""))
		}
	}
	return out, nil
}

func uploadByIndex(files []upload, id string) (upload, bool) {
	for _, f := range files {
		if id == itoa(int64(f.index)) {
			return f, true
		}
	}
	return upload{}, false
}

func findAttachment(list []*Attachment, id string) *Attachment {
	for _, a := range list {
		if a.ID.String() == id {
			return a
		}
	}
	return nil
}

// store mints an attachment for f; st.mu must be held.
func (e *Emulator) store(c *call, ch *Channel, f upload, name, desc string) *Attachment {
	st := e.st
	name = cleanFilename(name)
	a := &Attachment{ID: st.mint(c.now), ChannelID: ch.ID, Filename: name, Description: desc,
		ContentType: f.contentType, Data: f.data}
	// Discord measures images it can decode; the emulator knows PNG, JPEG and GIF.
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(f.data)); err == nil {
		a.Width, a.Height = cfg.Width, cfg.Height
	}
	a.URL = "http://" + string(c.ctx.Host()) + cdnPrefix + ch.ID.String() + "/" + a.ID.String() + "/" + url.PathEscape(name)
	st.files[a.ID] = a
	return a
}

// cleanFilename keeps the last path element, as Discord does.
func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		return "unknown"
	}
	return name
}

// forget drops the stored bytes of attachments no longer on a message;
// st.mu must be held.
func (st *state) forget(old, kept []*Attachment) {
	for _, a := range old {
		if findAttachment(kept, a.ID.String()) == nil {
			delete(st.files, a.ID)
		}
	}
}

// serveAttachment answers GET /attachments/{channel_id}/{attachment_id}/{filename}
// with the uploaded bytes, like Discord's CDN (not rate limited, not counted).
func (e *Emulator) serveAttachment(ctx *fasthttp.RequestCtx, raw []byte) {
	parts := bytes.Split(bytes.TrimPrefix(raw, []byte(cdnPrefix)), []byte("/"))
	if len(parts) != 3 || !ctx.IsGet() && !ctx.IsHead() {
		writeErr(ctx, errNotFound)
		return
	}
	id, ok := ParseSnowflake(string(parts[1]))
	name, err := url.PathUnescape(string(parts[2]))
	if !ok || err != nil {
		writeErr(ctx, errNotFound)
		return
	}
	st := e.st
	st.mu.Lock()
	a := st.files[id]
	st.mu.Unlock()
	if a == nil || a.ChannelID.String() != string(parts[0]) || a.Filename != name {
		writeErr(ctx, errNotFound)
		return
	}
	ctx.SetContentType(a.ContentType)
	ctx.SetBody(a.Data)
}
