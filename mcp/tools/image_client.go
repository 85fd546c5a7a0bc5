package tools

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// ImageOptions are the operator's OpenAI-compatible images endpoint
// (config.Image) for util_generate_image.
type ImageOptions struct {
	URL          string   // the generations endpoint; empty: the tool is not served
	Key          string   // sent as a Bearer token; never logged or returned
	Models       []string // allowed models; the first is the default
	AllowedHosts []string // hosts an answer's image URL may be fetched from, besides URL's
	// Client is the HTTP client (nil: one with a 2-minute timeout that
	// follows no redirect to a host outside the allowed ones).
	Client *http.Client
}

// Kinds of image failure, as values (never parsed from text).
var (
	errImageHost     = errors.New("the image is at a host the operator did not allow")
	errImageUpstream = errors.New("the image endpoint refused")
	errImageAnswer   = errors.New("the image endpoint's answer has no image")
)

// maxGeneratedImageBytes bounds an image (and the endpoint's answer) in memory.
const maxGeneratedImageBytes = 20 << 20

// model is the caller's pick (X-Image-Model) if the operator allows it,
// else the default; ok is false for a model the operator did not list.
func (o *ImageOptions) model(pick string) (string, bool) {
	if pick == "" {
		return o.Models[0], true
	}
	return pick, slices.Contains(o.Models, pick)
}

// allowed reports whether u may be fetched: http(s) on the endpoint's
// host or one the operator listed.
func (o *ImageOptions) allowed(u *url.URL) bool {
	ep, err := url.Parse(o.URL)
	if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.User != nil {
		return false
	}
	return u.Host == ep.Host || slices.Contains(o.AllowedHosts, u.Host) || slices.Contains(o.AllowedHosts, u.Hostname())
}

func (o *ImageOptions) client() *http.Client {
	if o.Client != nil {
		return o.Client
	}
	return &http.Client{Timeout: 2 * time.Minute, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if !o.allowed(r.URL) {
			return errImageHost
		}
		return nil
	}}
}

// generated is one image and what the endpoint said of it.
type generated struct {
	data    []byte
	mime    string
	revised string
}

// generate asks the endpoint for one image of prompt.
func (o *ImageOptions) generate(ctx context.Context, model, prompt, size string) (*generated, error) {
	body, _ := json.Marshal(map[string]any{"model": model, "prompt": prompt, "n": 1, "size": size})
	req, err := http.NewRequestWithContext(ctx, "POST", o.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("image request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if o.Key != "" {
		req.Header.Set("Authorization", "Bearer "+o.Key)
	}
	raw, err := o.fetch(req)
	if err != nil {
		return nil, err
	}
	var ans struct {
		Data []struct {
			B64     string `json:"b64_json"`
			URL     string `json:"url"`
			Revised string `json:"revised_prompt"`
		} `json:"data"`
	}
	if json.Unmarshal(raw, &ans) != nil || len(ans.Data) == 0 {
		return nil, errImageAnswer
	}
	d := ans.Data[0]
	g := &generated{revised: d.Revised}
	switch {
	case d.B64 != "":
		if g.data, err = base64.StdEncoding.DecodeString(d.B64); err != nil {
			return nil, fmt.Errorf("%w: b64_json is not base64", errImageAnswer)
		}
	case d.URL != "":
		if g.data, err = o.download(ctx, d.URL); err != nil {
			return nil, err
		}
	default:
		return nil, errImageAnswer
	}
	return g, g.sniff()
}

// download fetches an answer's image URL, only from an allowed host.
func (o *ImageOptions) download(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || !o.allowed(u) {
		return nil, errImageHost
	}
	req, err := http.NewRequestWithContext(ctx, "GET", u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("image download: %w", err)
	}
	return o.fetch(req)
}

// fetch sends req and reads a 2xx answer of at most maxGeneratedImageBytes.
func (o *ImageOptions) fetch(req *http.Request) ([]byte, error) {
	resp, err := o.client().Do(req)
	if err != nil {
		if errors.Is(err, errImageHost) {
			return nil, errImageHost
		}
		return nil, fmt.Errorf("%w: %s %s: unreachable", errImageUpstream, req.Method, req.URL.Host)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxGeneratedImageBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: reading the answer: %v", errImageUpstream, err)
	case len(raw) > maxGeneratedImageBytes:
		return nil, fmt.Errorf("%w: the answer is over %d bytes", errImageUpstream, maxGeneratedImageBytes)
	case resp.StatusCode/100 != 2:
		return nil, fmt.Errorf("%w: status %d", errImageUpstream, resp.StatusCode)
	}
	return raw, nil
}

// imageTypes are the image types a message attachment may be here.
var imageTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}

// sniff sets the image's type from its bytes, refusing anything else.
func (g *generated) sniff() error {
	g.mime = http.DetectContentType(g.data)
	if imageTypes[g.mime] == "" {
		return fmt.Errorf("%w: the answer is %s, not an image", errImageAnswer, g.mime)
	}
	return nil
}
