package tools

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestGenerateImage: util_generate_image against local fakes of the
// image endpoint over loopback HTTP, through the real proxy to the
// emulator. The operator's endpoint and hosts are the only ones used; a
// model outside --image-models, or an answer pointing at a host the
// operator did not allow, sends nothing further.
func TestGenerateImage(t *testing.T) {
	t.Parallel()
	img, elsewhere := newImageFake(t), newImageFake(t)
	call := func(st *toolStack, headers map[string]string, args string) (string, bool) {
		res, err := st.cat.CallTool(st.ctx(t, headers), "util_generate_image", json.RawMessage(args), func(float64, float64, string) {})
		if err != nil {
			t.Fatal(err)
		}
		return res.Text + string(res.Structured), res.IsError
	}
	args := `{"channel_id":"1085503155732611072","prompt":"a red fox","size":"512x512"}`
	st := newToolStack(t, nil, Options{Toolsets: []string{"util"}, Image: img.options()})

	out, isErr := call(st, map[string]string{"X-Image-Model": "midjourney"}, args)
	if !isErr || !strings.Contains(out, "PermissionDeniedError") || img.count() != 0 || st.emu.Stats().Total != 0 {
		t.Errorf("a model outside --image-models: %s; endpoint saw %d, emulator %d", out, img.count(), st.emu.Stats().Total)
	}
	out, isErr = call(st, map[string]string{"X-Image-Model": "dall-e-3"}, args)
	reqs, auth := img.seen()
	if isErr || len(reqs) != 1 || reqs[0]["model"] != "dall-e-3" || reqs[0]["size"] != "512x512" || auth[0] != "Bearer sk-test-image-key" {
		t.Errorf("X-Image-Model dall-e-3: %s; endpoint saw %v %v", out, reqs, auth)
	}
	if strings.Contains(out, "sk-test-image-key") {
		t.Error("the result holds the image key")
	}
	if n := st.emu.Stats().Routes["POST /channels/{channel_id}/messages"]; n != 1 {
		t.Errorf("the image was posted %d times", n)
	}

	// The endpoint answers with a URL on another host.
	img.answerWith(elsewhere.srv.URL + "/img.png")
	st.emu.ResetStats()
	out, isErr = call(st, nil, args)
	if !isErr || !strings.Contains(out, "PermissionDeniedError") || elsewhere.count() != 0 || st.emu.Stats().Total != 0 {
		t.Errorf("an image URL on a host not allowed: %s; that host saw %d, emulator %d", out, elsewhere.count(), st.emu.Stats().Total)
	}
	o := img.options()
	o.AllowedHosts = []string{elsewhere.host()}
	allowed := newToolStack(t, nil, Options{Toolsets: []string{"util"}, Image: o})
	if out, isErr = call(allowed, nil, args); isErr || elsewhere.count() != 1 {
		t.Errorf("an image URL on an allowed host: %s; that host saw %d", out, elsewhere.count())
	}

	// No endpoint configured: the tool is not served.
	none := newToolStack(t, nil, Options{Toolsets: []string{"util"}})
	if len(none.cat.specs) != 0 {
		t.Errorf("util_generate_image served without an endpoint")
	}
}
