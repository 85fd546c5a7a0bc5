package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// uploadFixture posts a message with files straight to the emulator (a
// fixture, as if a person had posted it in Discord) and returns its id.
func uploadFixture(t *testing.T, st *stack, channel string, files map[string][2]string) string {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("payload_json", `{"content":"pictures"}`)
	i := 0
	for name, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="files[`+strconv.Itoa(i)+`]"; filename="`+name+`"`)
		h.Set("Content-Type", f[0])
		part, _ := w.CreatePart(h)
		_, _ = io.WriteString(part, f[1])
		i++
	}
	_ = w.Close()
	req, _ := http.NewRequest("POST", st.api+"/channels/"+channel+"/messages", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bot "+st.emu.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
		t.Fatalf("upload: %d %v", resp.StatusCode, err)
	}
	return m.ID
}

// TestMessageImagesAsBlobs: reading a message resource returns its image
// attachments within the size limit as blob contents, byte for byte from
// the (emulated) CDN, and leaves out non-images and images too large.
func TestMessageImagesAsBlobs(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ATTACHMENT_HOSTS": "$EMULATOR"})
	png := "\x89PNG\r\n\x1a\n" + string(bytes.Repeat([]byte{7}, 300))
	huge := "\x89PNG\r\n\x1a\n" + string(bytes.Repeat([]byte{7}, 1<<20))
	id := uploadFixture(t, st, general1, map[string][2]string{
		"cat.png": {"image/png", png}, "notes.txt": {"text/plain", "not an image"}, "huge.png": {"image/png", huge},
	})
	cs := connect(t, st.base+"/mcp", "2025-11-25")
	uri := "discord://channels/" + general1 + "/messages/" + id
	res, err := cs.ReadResource(tctx(t), &sdk.ReadResourceParams{URI: uri})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Contents) != 2 {
		t.Fatalf("want the JSON and one image, got %d contents", len(res.Contents))
	}
	img := res.Contents[1]
	if img.MIMEType != "image/png" || string(img.Blob) != png || !bytes.HasSuffix([]byte(img.URI), []byte("/cat.png")) {
		t.Fatalf("image content: %s %q %d bytes", img.URI, img.MIMEType, len(img.Blob))
	}
	if !bytes.Contains([]byte(res.Contents[0].Text), []byte(`"huge.png"`)) {
		t.Fatalf("the JSON should still list every attachment: %s", res.Contents[0].Text)
	}
}
