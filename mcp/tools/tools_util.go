package tools

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/textproto"

	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The util toolset: util_generate_image asks the operator's images
// endpoint (ImageOptions; served only when one is configured) for an
// image and posts it to a channel as an attachment, through proxy.Do like
// any message. The caller names no URL: the endpoint and the hosts an
// image may come from are the operator's alone.

const imageBoundary = "dmp-image-form"

var generateImageSpec = &spec{
	name: "util_generate_image", title: "Generate and post an image", toolset: tsUtil,
	desc: "Generate an image from a prompt with the operator's image model (X-Image-Model picks among the allowed ones) and post it to a channel as an attachment, with optional text.",
	params: []param{
		{name: "channel_id", desc: "The channel to post it to.", typ: tSnowflake, in: inPath, required: true},
		{name: "prompt", desc: "What to draw, up to 4000 characters.", typ: strT{min: 1, max: 4000}, required: true},
		{name: "size", desc: "Width x height (default 1024x1024).", typ: enumT{values: []string{"1024x1024", "1024x1536", "1536x1024", "1024x1792", "1792x1024", "512x512", "256x256"}}},
		{name: "content", desc: "Message text with the image, up to 2000 characters.", typ: str(2000)},
	},
	ann:          mcp.Annotations{Title: "Generate and post an image", OpenWorldHint: true},
	needs:        access{perms: dg.PermissionViewChannel | dg.PermissionSendMessages | dg.PermissionAttachFiles},
	notToCurrent: false,
	method:       "POST", path: route.TChannelsChannelIDMessages,
	plan: func(sp *spec, a *args) []*proxy.Request {
		return []*proxy.Request{imageMessage(sp, a, &generated{data: []byte("(the generated image)"), mime: "image/png"})}
	},
	run: generateImage,
	out: []field{
		{name: "id", src: "id", typ: oString, desc: "the message's id"},
		{name: "channel_id", src: "channel_id", typ: oString},
		{name: "attachment_url", src: "attachments.0.url", typ: oString, nullable: true},
	},
	outExtra: []field{
		{name: "model", typ: oString},
		{name: "bytes", typ: oInt},
		{name: "revised_prompt", typ: oString, nullable: true},
	},
	examples: []example{{`{"channel_id":"` + exCh + `","prompt":"a red fox"}`,
		"POST /channels/" + exCh + `/messages multipart payload_json={"attachments":[{"id":"0","filename":"image.png"}]} files[0]="image.png" (image/png, 21 bytes)`}},
}

// imageMessage is the message carrying g: payload_json (content and the
// attachment) and files[0].
func imageMessage(sp *spec, a *args, g *generated) *proxy.Request {
	req, content := request(sp, a), a.str("content")
	name := "image." + imageTypes[g.mime]
	w := &buf{}
	w.open('{')
	if content != "" {
		w.key("content")
		w.str(content)
	}
	w.key("attachments")
	w.raw(`[{"id":"0","filename":`)
	w.str(name)
	w.raw(`}]`)
	w.close('}')
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.SetBoundary(imageBoundary)
	_ = mw.WriteField("payload_json", string(w.b))
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="files[0]"; filename="`+name+`"`)
	h.Set("Content-Type", g.mime)
	part, _ := mw.CreatePart(h)
	_, _ = part.Write(g.data)
	_ = mw.Close()
	req.Body, req.ContentType = b.Bytes(), mw.FormDataContentType()
	return req
}

// generateImage picks the model, generates, posts, and reports.
func generateImage(ctx context.Context, c *Catalog, sp *spec, a *args, _ mcp.Progress) *mcp.ToolResult {
	o := &c.opts.Image
	s := policy.FromContext(ctx)
	pick := ""
	if s != nil {
		pick = s.ImageModel
	}
	model, ok := o.model(pick)
	if !ok {
		return failure(proxy.PermissionDenied, "X-Image-Model names a model the operator did not allow", "Omit X-Image-Model for the default, or ask the operator to add the model to --image-models.")
	}
	size := a.str("size")
	if size == "" {
		size = "1024x1024"
	}
	g, err := o.generate(ctx, model, a.str("prompt"), size)
	if err != nil {
		return imageFailure(err)
	}
	resp, res := c.send(ctx, imageMessage(sp, a, g))
	if res != nil {
		return res
	}
	w := getBuf()
	defer putBuf(w)
	w.open('{')
	project(w, c.projFor(sp), parse(resp.Body), a)
	w.key("model")
	w.str(model)
	w.key("bytes")
	w.int(int64(len(g.data)))
	w.key("revised_prompt")
	if g.revised == "" {
		w.null()
	} else {
		w.str(g.revised)
	}
	w.close('}')
	return success(w.bytes())
}

// imageFailure tells the model what went wrong with the image endpoint.
func imageFailure(err error) *mcp.ToolResult {
	switch {
	case errors.Is(err, errImageHost):
		return failure(proxy.PermissionDenied, err.Error(), "The operator allows images only from the endpoint's host and --image-allowed-hosts.")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return failure(proxy.NotConnected, "the image endpoint did not answer in time", "Try again later.")
	}
	return failure(proxy.NotConnected, err.Error(), "Try again, or a different prompt; if it persists, tell the operator.")
}
