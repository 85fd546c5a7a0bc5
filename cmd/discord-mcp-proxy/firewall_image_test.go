package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// imageHost is a local stand-in for an image endpoint (or any host): it
// counts requests and answers an OpenAI-style generation whose image is at
// imageURL (or inline when empty).
type imageHost struct {
	srv      *httptest.Server
	hits     atomic.Int64
	imageURL string
}

var onePixelPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

func newImageHost(t *testing.T, imageURL string) *imageHost {
	h := &imageHost{imageURL: imageURL}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		if r.Method == "GET" {
			_, _ = w.Write(onePixelPNG)
			return
		}
		item := map[string]string{"b64_json": base64.StdEncoding.EncodeToString(onePixelPNG)}
		if h.imageURL != "" {
			item = map[string]string{"url": h.imageURL}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": []any{item}})
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// TestFirewallImageTool: util_generate_image reaches only the endpoint the
// operator configured. A caller cannot name another (no such argument),
// cannot pick a model the operator did not list, and an answer pointing
// the image at a host the operator did not allow fetches nothing from it
// and posts nothing to Discord. The control posts an image.
func TestFirewallImageTool(t *testing.T) {
	t.Parallel()
	attacker := newImageHost(t, "")
	endpoint := newImageHost(t, attacker.srv.URL+"/stolen.png")
	honest := newImageHost(t, "")
	env := func(h *imageHost) map[string]string {
		return map[string]string{"DMP_TOOLSETS": "util", "DMP_IMAGE_URL": h.srv.URL + "/v1/images/generations",
			"DMP_IMAGE_MODELS": "gpt-image-1", "DMP_IMAGE_KEY": "sk-operator-secret"}
	}
	st, control := startStack(t, env(endpoint)), startStack(t, env(honest))
	args := `{"channel_id":"` + general + `","prompt":"a fox"}`
	for _, c := range []struct {
		name, args string
		headers    [][2]string
		endpointOK bool // the configured endpoint may be asked
	}{
		{"a URL argument", `{"channel_id":"` + general + `","prompt":"a fox","url":"` + attacker.srv.URL + `"}`, nil, false},
		{"a model the operator did not list", args, [][2]string{{"X-Image-Model", "attacker-model"}}, false},
		{"an answer pointing at another host", args, nil, true},
	} {
		before := endpoint.hits.Load()
		st.emu.ResetStats()
		body := toolCall(t, st, "util_generate_image", c.args, c.headers...)
		if !strings.Contains(body, `"isError":true`) || attacker.hits.Load() != 0 || st.emu.Stats().Total != 0 {
			t.Errorf("%s: attacker host saw %d, emulator %d: %s", c.name, attacker.hits.Load(), st.emu.Stats().Total, body)
		}
		if !c.endpointOK && endpoint.hits.Load() != before {
			t.Errorf("%s: the endpoint was asked", c.name)
		}
	}
	body := toolCall(t, control, "util_generate_image", args)
	if honest.hits.Load() != 1 || control.emu.Stats().Routes["POST /channels/{channel_id}/messages"] != 1 || strings.Contains(body, "sk-operator-secret") {
		t.Errorf("control: endpoint %d, emulator %v: %s", honest.hits.Load(), control.emu.Stats().Routes, body)
	}
	for _, s := range []*stack{st, control} {
		if strings.Contains(s.logs.String(), "sk-operator-secret") {
			t.Error("the log holds the image key")
		}
	}
}
