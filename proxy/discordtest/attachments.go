package discordtest

import (
	"bytes"
	"net"
	"strconv"
	"strings"

	"github.com/valyala/fasthttp"
)

// Attachment is a file on a seeded message. Data is its content (base64
// in a seed file); the emulator serves it under /attachments/, the path
// Discord's CDN uses, on the emulator's own address.
type Attachment struct {
	ID          Snowflake `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	Data        []byte    `json:"data"`
	// Size overrides len(Data) in the message (a file the test claims is
	// larger than it is); 0 means len(Data).
	Size int `json:"size"`
}

// wireAttachment is Discord's AttachmentResponse.
type wireAttachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
	ProxyURL    string `json:"proxy_url"`
	Width       *int   `json:"width,omitempty"`
	Height      *int   `json:"height,omitempty"`
	ContentType string `json:"content_type,omitempty"`
}

// cdnPrefix is the path of attachment files, as on cdn.discordapp.com.
const cdnPrefix = "/attachments/"

func (st *state) toWireAttachments(m *Message) []wireAttachment {
	out := make([]wireAttachment, 0, len(m.Attachments))
	for i := range m.Attachments {
		a := &m.Attachments[i]
		size := a.Size
		if size == 0 {
			size = len(a.Data)
		}
		u := st.cdnBase + cdnPrefix + m.ChannelID.String() + "/" + a.ID.String() + "/" + a.Filename
		w := wireAttachment{ID: a.ID.String(), Filename: a.Filename, Size: size, URL: u, ProxyURL: u, ContentType: a.ContentType}
		if a.Width > 0 {
			w.Width, w.Height = intPtr(a.Width), intPtr(a.Height)
		}
		out = append(out, w)
	}
	return out
}

// setCDNBase records the address attachment URLs name: the first
// listener's, with an unspecified host as loopback.
func (st *state) setCDNBase(addr net.Addr) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return
	}
	ip := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		ip = "127.0.0.1"
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.cdnBase == "" {
		st.cdnBase = "http://" + net.JoinHostPort(ip, strconv.Itoa(tcp.Port))
	}
}

// serveAttachment answers GET /attachments/{channel}/{id}/{filename}
// with the file, like Discord's CDN: no token, no rate limit.
func (e *Emulator) serveAttachment(ctx *fasthttp.RequestCtx, path []byte) {
	parts := strings.Split(string(bytes.TrimPrefix(path, []byte(cdnPrefix))), "/")
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(parts) == 3 {
		ch, _ := ParseSnowflake(parts[0])
		id, _ := ParseSnowflake(parts[1])
		for _, m := range st.messages[ch] {
			for _, a := range m.Attachments {
				if a.ID == id && a.Filename == parts[2] {
					ctx.SetContentType(a.ContentType)
					ctx.SetBody(a.Data)
					return
				}
			}
		}
	}
	ctx.SetStatusCode(fasthttp.StatusNotFound)
}
