package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestAttachmentImageThroughSDK: an image uploaded with send_message comes
// back from get_attachment as an image content block the official Go SDK
// reads, byte for byte, with its size in the structured result.
func TestAttachmentImageThroughSDK(t *testing.T) {
	t.Parallel()
	st, _ := startRecordingStack(t, nil, map[string]string{"DMP_TOOLSETS": "all", "DMP_ATTACHMENT_HOSTS": "$EMULATOR"})
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	cs := connect(t, st.base+"/mcp", "")
	sent := callTool(t, cs, "send_message", map[string]any{"channel_id": general,
		"attachments": []any{map[string]any{"filename": "grey.png", "data": base64.StdEncoding.EncodeToString(img.Bytes())}}})
	msg := structured(t, sent)
	if sent.IsError || msg["id"] == nil {
		t.Fatalf("send_message: %s", text(sent))
	}
	res := callTool(t, cs, "get_attachment", map[string]any{"channel_id": general, "message_id": msg["id"]})
	out := structured(t, res)
	if res.IsError || out["kind"] != "image" || out["width"] != float64(4) || out["height"] != float64(3) {
		t.Fatalf("get_attachment: %v %s", out, text(res))
	}
	var got *sdk.ImageContent
	for _, c := range res.Content {
		if ic, ok := c.(*sdk.ImageContent); ok {
			got = ic
		}
	}
	if got == nil || got.MIMEType != "image/png" || !bytes.Equal(got.Data, img.Bytes()) {
		t.Errorf("image content %+v, want the uploaded PNG", got)
	}
}
