package tools

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The attachments toolset: reading a file a message carries. Sending files
// is the attachments parameter of send_message and edit_message.

// maxAttachmentText is the most text get_attachment returns; a model's
// context is the limit here, not the file's size.
const maxAttachmentText = 100_000

var attachmentSpecs = []*spec{
	{
		name:    "get_attachment",
		title:   "Get attachment",
		toolset: tsAttachments,
		desc:    "Read a file attached to a message: text comes back as text, images as image content you can see, other files as their details only. Fetched from Discord's CDN.",
		params: []param{
			channelParam, messageParam,
			{name: "attachment_id", desc: "Which attachment (from the message's attachments). Default: the first.", typ: tSnowflake},
		},
		ann: mcp.Annotations{Title: "Get attachment", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		// Without message_content Discord (and the proxy's answer filter)
		// withholds attachments, so the tool would find none.
		needs:  access{perms: dg.PermissionViewChannel | dg.PermissionReadMessageHistory, intents: []string{"message_content"}},
		method: "GET", path: route.TChannelsChannelIDMessagesMessageID,
		out: attachmentFields,
		outExtra: []field{
			{name: "kind", typ: oString, enum: []string{"text", "image", "other"}, desc: "image: the image follows as image content"},
			{name: "text", typ: oString, nullable: true, untrusted: true, desc: "a text file's content"},
			{name: "truncated", typ: oBool, desc: "text cut at 100,000 bytes"},
		},
		run: getAttachment,
		examples: []example{{`{"channel_id":"` + exCh + `","message_id":"` + exMsg + `","attachment_id":"` + exUsr + `"}`,
			`GET /channels/` + exCh + `/messages/` + exMsg}},
	},
}

// getAttachment reads the message through proxy.Do (so the caller's scope
// decides whether it may), then fetches the bytes from the URL Discord
// gave, which must be on an allowed CDN host.
func getAttachment(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	resp, res := c.send(ctx, request(sp, a))
	if res != nil {
		return res
	}
	att, res := pickAttachment(parse(resp.Body), a.str("attachment_id"))
	if res != nil {
		return res
	}
	f, err := c.p.FetchAttachment(ctx, att.Get("url").Str)
	if err != nil {
		return fromProxyError(err)
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	project(w, c.projFor(sp), att, a)
	out := &mcp.ToolResult{}
	text, truncated := "", false
	kind := "other"
	switch mime := http.DetectContentType(f.Data); {
	case modelImage(mime):
		kind = "image"
		out.Media = []mcp.Media{{MimeType: mime, Data: f.Data}}
	case isText(att.Get("content_type").Str, f.ContentType) && utf8.Valid(f.Data):
		kind = "text"
		text, truncated = clipText(f.Data)
	}
	w.key("kind")
	w.str(kind)
	w.key("text")
	if kind == "text" {
		w.str(text)
	} else {
		w.null()
	}
	w.key("truncated")
	w.bool(truncated)
	w.close('}')
	out.Structured = w.bytes()
	return out
}

// modelImage reports whether a type sniffed from the bytes (not as the
// uploader labelled them) is one multimodal models take.
func modelImage(mime string) bool {
	switch mime {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return true
	}
	return false
}

// pickAttachment finds the attachment by id, or the first one.
func pickAttachment(msg gjson.Result, id string) (gjson.Result, *mcp.ToolResult) {
	list := msg.Get("attachments").Array()
	var ids []string
	for _, att := range list {
		if id == "" || att.Get("id").Str == id {
			return att, nil
		}
		ids = append(ids, att.Get("id").Str)
	}
	if len(list) == 0 {
		return gjson.Result{}, failure(proxy.InvalidInput, "the message has no attachments", "Pick a message whose attachments list is not empty.")
	}
	return gjson.Result{}, failure(proxy.InvalidInput, "the message has no attachment "+id,
		"Use one of its attachment ids: "+strings.Join(ids, ", ")+".")
}

// isText reports whether Discord's or the CDN's content type is textual.
func isText(types ...string) bool {
	for _, t := range types {
		t = strings.ToLower(t)
		if strings.HasPrefix(t, "text/") || strings.HasPrefix(t, "application/json") ||
			strings.HasPrefix(t, "application/xml") || strings.HasPrefix(t, "application/yaml") {
			return true
		}
	}
	return false
}

// clipText cuts text at maxAttachmentText bytes, on a rune boundary.
func clipText(b []byte) (string, bool) {
	if len(b) <= maxAttachmentText {
		return string(b), false
	}
	n := maxAttachmentText
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]), true
}
