package tools

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// tinyPNG is a 1x1 PNG.
var tinyPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

// imageFake is a local OpenAI-compatible images endpoint over loopback
// HTTP: it records each request and answers b64_json, or a URL (answerURL)
// to fetch the image from.
type imageFake struct {
	srv       *httptest.Server
	mu        sync.Mutex // guards reqs, auth, answerURL
	reqs      []map[string]any
	auth      []string
	answerURL string // "" answers b64_json
}

// answerWith makes the fake answer with an image URL instead of b64_json.
func (f *imageFake) answerWith(u string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answerURL = u
}

// seen is a copy of the requests' bodies and Authorization headers.
func (f *imageFake) seen() ([]map[string]any, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.reqs...), append([]string(nil), f.auth...)
}

func newImageFake(t *testing.T) *imageFake {
	t.Helper()
	f := &imageFake{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *imageFake) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == "GET" { // an image URL this fake handed out
		f.record(r, nil)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(tinyPNG)
		return
	}
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	if json.Unmarshal(raw, &body) != nil {
		http.Error(w, `{"error":{"message":"bad json"}}`, 400)
		return
	}
	u := f.record(r, body)
	item := map[string]any{"revised_prompt": "a red fox, watercolor"}
	if u != "" {
		item["url"] = u
	} else {
		item["b64_json"] = base64.StdEncoding.EncodeToString(tinyPNG)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"created": 1, "data": []any{item}})
}

// record keeps one request; it returns the URL to answer with.
func (f *imageFake) record(r *http.Request, body map[string]any) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if body == nil {
		body = map[string]any{"GET": r.URL.Path}
	}
	f.reqs = append(f.reqs, body)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	return f.answerURL
}

// count is how many requests the fake received.
func (f *imageFake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

// options point the catalog at the fake.
func (f *imageFake) options(models ...string) ImageOptions {
	if len(models) == 0 {
		models = []string{"gpt-image-1", "dall-e-3"}
	}
	return ImageOptions{URL: f.srv.URL + "/v1/images/generations", Key: "sk-test-image-key", Models: models}
}

func (f *imageFake) host() string { return strings.TrimPrefix(f.srv.URL, "http://") }
