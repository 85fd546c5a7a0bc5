package proxy

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// cdnHosts serve Discord's attachment files. Fetches go only to these and
// to the upstream's own host (the emulator serves its files there), so an
// attachment URL cannot point the proxy at anything else.
var cdnHosts = map[string]bool{"cdn.discordapp.com": true, "media.discordapp.net": true}

// ErrAttachment is wrapped by every FetchAttachment failure.
var ErrAttachment = errors.New("proxy: attachment")

// cdnClient is one HTTP client for attachment files, made on first use
// and kept warm; it reads at most maxAttachmentBytes of a body.
type cdnClient struct {
	once sync.Once
	c    *fasthttp.Client
}

// maxAttachmentBytes is the most FetchAttachment ever reads.
const maxAttachmentBytes = 8 << 20

func (cc *cdnClient) get() *fasthttp.Client {
	cc.once.Do(func() {
		cc.c = &fasthttp.Client{MaxResponseBodySize: maxAttachmentBytes, NoDefaultUserAgentHeader: true,
			ReadTimeout: attachmentTimeout, WriteTimeout: attachmentTimeout}
	})
	return cc.c
}

// attachmentTimeout bounds one attachment download.
const attachmentTimeout = 10 * time.Second

// FetchAttachment downloads an attachment file of at most maxBytes from
// Discord's CDN. It sends no token (CDN URLs carry their own signature)
// and does not pass the limiter: the CDN is not the REST API and has no
// buckets. It returns the body and its content type.
func (p *Proxy) FetchAttachment(ctx context.Context, rawURL string, maxBytes int) ([]byte, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.User != nil || !(cdnHosts[u.Hostname()] && u.Scheme == "https" || u.Host == p.host && u.Scheme == p.scheme) {
		return nil, "", fmt.Errorf("%w: not a Discord CDN URL", ErrAttachment)
	}
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(u.String())
	req.Header.SetMethod(fasthttp.MethodGet)
	deadline := time.Now().Add(attachmentTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := p.cdn.get().DoDeadline(req, resp, deadline); err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrAttachment, err)
	}
	if resp.StatusCode() != fasthttp.StatusOK {
		return nil, "", fmt.Errorf("%w: HTTP %d", ErrAttachment, resp.StatusCode())
	}
	if len(resp.Body()) > maxBytes {
		return nil, "", fmt.Errorf("%w: larger than %d bytes", ErrAttachment, maxBytes)
	}
	return append([]byte(nil), resp.Body()...), string(resp.Header.ContentType()), nil
}
