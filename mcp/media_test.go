package mcp

import (
	"encoding/base64"
	"testing"

	"github.com/tidwall/gjson"
)

// TestToolResultMedia: image blocks follow the (fenced) text block, with
// their bytes in base64 and their MIME type, and the result stays valid
// JSON.
func TestToolResultMedia(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\"quote")
	res := &ToolResult{Structured: []byte(`{"filename":"a.png"}`), Untrusted: true,
		Media: []Media{{MimeType: "image/png", Data: png}}}
	out := appendToolResult(nil, res, true)
	if !gjson.ValidBytes(out) {
		t.Fatalf("invalid JSON: %s", out)
	}
	r := gjson.ParseBytes(out)
	if n := r.Get("content.#").Int(); n != 2 {
		t.Fatalf("%d content blocks, want 2: %s", n, out)
	}
	img := r.Get("content.1")
	data, err := base64.StdEncoding.DecodeString(img.Get("data").Str)
	if img.Get("type").Str != "image" || img.Get("mimeType").Str != "image/png" || err != nil || string(data) != string(png) {
		t.Errorf("image block %s", img.Raw)
	}
	if r.Get("content.0.type").Str != "text" {
		t.Errorf("first block is not the text: %s", out)
	}
	if out := appendToolResult(nil, &ToolResult{Text: "x"}, true); gjson.GetBytes(out, "content.#").Int() != 1 {
		t.Errorf("no media, yet %s", out)
	}
}
