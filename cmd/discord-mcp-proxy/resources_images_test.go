package main

import (
	"bytes"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestMessageImagesAsBlobs: reading a message resource returns its image
// attachments within the size limit as blob contents, byte for byte from
// the (emulated) CDN, and leaves out non-images and images declared too
// large.
func TestMessageImagesAsBlobs(t *testing.T) {
	seed := discordtest.DefaultSeed()
	msgs := seed.Messages[general1]
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 300)...)
	m := &msgs[3]
	m.Attachments = []discordtest.Attachment{
		{ID: 1185503155732611001, Filename: "cat.png", ContentType: "image/png", Width: 4, Height: 4, Data: png},
		{ID: 1185503155732611002, Filename: "notes.txt", ContentType: "text/plain", Data: []byte("not an image")},
		{ID: 1185503155732611003, Filename: "huge.png", ContentType: "image/png", Data: png, Size: 5 << 20},
	}
	st := startStackWith(t, discordtest.Options{Seed: seed}, nil)
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	uri := "discord://channels/" + general1 + "/messages/" + m.ID.String()
	res, err := cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: uri})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Contents) != 2 {
		t.Fatalf("want the JSON and one image, got %d contents: %+v", len(res.Contents), res.Contents)
	}
	img := res.Contents[1]
	if img.MIMEType != "image/png" || !bytes.Equal(img.Blob, png) || !bytes.HasSuffix([]byte(img.URI), []byte("/cat.png")) {
		t.Fatalf("image content: %s %q %d bytes", img.URI, img.MIMEType, len(img.Blob))
	}
	if !bytes.Contains([]byte(res.Contents[0].Text), []byte(`"huge.png"`)) {
		t.Fatalf("the JSON should still list every attachment: %s", res.Contents[0].Text)
	}
}
