package tools

import (
	"context"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// Images on a message read come back as blob contents, within limits: a
// model or a person sees the picture, and one read cannot pull megabytes.
const (
	maxImageBytes    = 1 << 20 // per image, as Discord states it and as read
	maxImagesPerRead = 4
)

// images downloads the message's image attachments that fit the limits
// (Discord's declared size is checked first, the bytes read again). One
// that fails to download is left out; the JSON still lists it.
func (f *Full) images(ctx context.Context, message []byte) []mcp.ResourceContents {
	var out []mcp.ResourceContents
	gjson.GetBytes(message, "attachments").ForEach(func(_, a gjson.Result) bool {
		ct := a.Get("content_type").String()
		if !strings.HasPrefix(ct, "image/") || a.Get("size").Int() > maxImageBytes {
			return true
		}
		u := a.Get("url").String()
		got, err := f.p.FetchAttachment(ctx, u)
		if err != nil {
			f.log.Debug().Err(err).Str("attachment", a.Get("id").String()).Msg("tools: image left out of the message resource")
			return true
		}
		if !strings.HasPrefix(got.ContentType, "image/") || len(got.Data) > maxImageBytes {
			return true // the CDN's word wins over the message's
		}
		out = append(out, mcp.ResourceContents{URI: u, MimeType: got.ContentType, Blob: got.Data})
		return len(out) < maxImagesPerRead
	})
	return out
}
