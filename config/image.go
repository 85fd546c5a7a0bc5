package config

import (
	"fmt"
	"net/url"
	"strings"
)

// Image is the operator's OpenAI-compatible images endpoint for the util
// toolset's util_generate_image. Empty URL: the tool is not offered.
type Image struct {
	URL          string   // the generations endpoint, e.g. https://api.openai.com/v1/images/generations
	Models       []string // models callers may pick (X-Image-Model); the first is the default
	AllowedHosts []string // hosts an answer's image URL may be fetched from, besides URL's host
	// Key is the endpoint's API key, from DMP_IMAGE_KEY only (never a
	// flag or file, like the Discord tokens). Never log it.
	Key string
}

func imageSettings() []setting {
	list := func(f func(*Config) *[]string) func(*Config, string) error {
		return func(c *Config, v string) error { *f(c) = SplitList(v); return nil }
	}
	return []setting{
		{"image-url", "DMP_IMAGE_URL", "", "OpenAI-compatible images endpoint for util_generate_image (key in DMP_IMAGE_KEY); off when empty", func(c *Config, v string) error {
			c.Image.URL = v
			return nil
		}},
		{"image-models", "DMP_IMAGE_MODELS", "", "image models callers may pick with X-Image-Model (comma list; the first is the default)", list(func(c *Config) *[]string { return &c.Image.Models })},
		{"image-allowed-hosts", "DMP_IMAGE_ALLOWED_HOSTS", "", "hosts an image URL in the endpoint's answer may be fetched from, besides the endpoint's own (comma list)", func(c *Config, v string) error {
			c.Image.AllowedHosts = SplitList(v)
			return validHosts(c.Image.AllowedHosts)
		}},
	}
}

// checkImage refuses an image endpoint that is not an http(s) URL, or one
// without a model to ask for.
func (c *Config) checkImage() []error {
	if c.Image.URL == "" {
		return nil
	}
	var errs []error
	u, err := url.Parse(c.Image.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		errs = append(errs, fmt.Errorf("--image-url (env DMP_IMAGE_URL): want an http(s) URL without credentials, got %q", c.Image.URL))
	}
	if len(c.Image.Models) == 0 {
		errs = append(errs, fmt.Errorf("--image-models (env DMP_IMAGE_MODELS): name at least one model when --image-url is set"))
	}
	if strings.ContainsAny(c.Image.Key, " \t\r\n") {
		errs = append(errs, fmt.Errorf("DMP_IMAGE_KEY: contains whitespace; set it to the bare key"))
	}
	return errs
}
