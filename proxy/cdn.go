package proxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// Attachment bytes come from Discord's CDN, which is not the REST API:
// the bot token is never sent there, and the fetch does not pass the rate
// limiter (the CDN does not count against the token's API buckets, and
// spending them would slow real API calls). Each fetch holds up to the
// size limit in memory, so a few slots bound how many run at once.

// Errors of an attachment fetch, for errors.Is.
var (
	ErrAttachmentHost     = errors.New("attachment URL is not on an allowed CDN host")
	ErrAttachmentTooLarge = errors.New("attachment is larger than the limit")
	ErrAttachmentFetch    = errors.New("attachment could not be fetched")
)

const (
	cdnSlots        = 4 // fetches at once
	cdnMaxRedirects = 3
	// defaultAttachmentBytes applies when the config sets no limit.
	defaultAttachmentBytes = 10 << 20
	defaultAttachmentTime  = 20 * time.Second
)

// Fetched is an attachment's bytes and the type the CDN gave them.
type Fetched struct {
	ContentType string
	Data        []byte
}

// cdn fetches attachment bytes from the allowed hosts only.
type cdn struct {
	hosts   map[string]bool // host or host:port, lower case
	max     int
	timeout time.Duration
	client  *fasthttp.Client
	slots   chan struct{}
}

func newCDN(cfg *config.Config) *cdn {
	c := &cdn{hosts: map[string]bool{}, max: cfg.AttachmentMaxBytes, timeout: cfg.AttachmentTimeout, slots: make(chan struct{}, cdnSlots)}
	if c.max <= 0 {
		c.max = defaultAttachmentBytes
	}
	if c.timeout <= 0 {
		c.timeout = defaultAttachmentTime
	}
	for _, h := range cfg.AttachmentHosts {
		c.hosts[strings.ToLower(h)] = true
	}
	c.client = &fasthttp.Client{
		MaxResponseBodySize:      c.max,
		ReadTimeout:              c.timeout,
		WriteTimeout:             c.timeout,
		MaxConnsPerHost:          cdnSlots,
		NoDefaultUserAgentHeader: true,
	}
	return c
}

// AttachmentLimit is the largest attachment fetched or sent, in bytes.
func (p *Proxy) AttachmentLimit() int { return p.cdn.max }

// FetchAttachment gets an attachment's bytes from rawURL, which must be on
// an allowed host (https, or http on a loopback host such as the
// emulator's). Redirects are followed only to allowed hosts. Failures are
// *Error with ErrAttachmentHost, ErrAttachmentTooLarge or ErrAttachmentFetch.
func (p *Proxy) FetchAttachment(ctx context.Context, rawURL string) (*Fetched, error) {
	c := p.cdn
	u, err := c.allowed(rawURL)
	if err != nil {
		return nil, err
	}
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-ctx.Done():
		return nil, cdnError(ErrAttachmentFetch, "cancelled while waiting for a fetch slot", ctx.Err())
	}
	deadline := time.Now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	for range cdnMaxRedirects + 1 {
		f, next, err := c.get(u, deadline)
		if err != nil || next == nil {
			return f, err
		}
		u = next
	}
	return nil, cdnError(ErrAttachmentFetch, fmt.Sprintf("more than %d redirects", cdnMaxRedirects), nil)
}

// get sends one GET, without any credential. It returns the bytes, or the
// allowed URL a redirect points to.
func (c *cdn) get(u *url.URL, deadline time.Time) (*Fetched, *url.URL, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(u.String())
	req.Header.SetMethod(fasthttp.MethodGet)
	err := c.client.DoDeadline(req, resp, deadline)
	switch {
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		return nil, nil, cdnError(ErrAttachmentTooLarge, fmt.Sprintf("over %d bytes", c.max), err)
	case err != nil:
		return nil, nil, cdnError(ErrAttachmentFetch, "the CDN did not answer in time or at all", err)
	}
	st := resp.StatusCode()
	if st >= 300 && st < 400 {
		loc, perr := u.Parse(string(resp.Header.Peek(fasthttp.HeaderLocation)))
		if perr != nil {
			return nil, nil, cdnError(ErrAttachmentFetch, "the CDN redirected to a malformed URL", perr)
		}
		next, aerr := c.allowed(loc.String())
		return nil, next, aerr
	}
	if st != fasthttp.StatusOK {
		return nil, nil, cdnError(ErrAttachmentFetch, fmt.Sprintf("the CDN answered HTTP %d", st), nil)
	}
	return &Fetched{ContentType: string(resp.Header.ContentType()), Data: append([]byte(nil), resp.Body()...)}, nil, nil
}

// allowed parses rawURL and checks it against the host list.
func (c *cdn) allowed(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.User != nil {
		return nil, cdnError(ErrAttachmentHost, "not an absolute URL without credentials", err)
	}
	host := strings.ToLower(u.Hostname())
	if !c.hosts[strings.ToLower(u.Host)] && !(u.Port() == "" && c.hosts[host]) {
		return nil, cdnError(ErrAttachmentHost, "host "+u.Host+" is not in --attachment-hosts", nil)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback(host)) {
		return nil, cdnError(ErrAttachmentHost, "want https (plain http only on a loopback host)", nil)
	}
	return u, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func cdnError(kind error, msg string, cause error) *Error {
	k, st := InvalidInput, fasthttp.StatusBadRequest
	res := "Use get_attachment with an attachment of a message the bot can read."
	switch {
	case errors.Is(kind, ErrAttachmentTooLarge):
		st, res = fasthttp.StatusRequestEntityTooLarge, "The file is over the operator's --attachment-max-bytes; open its url outside this tool."
	case errors.Is(kind, ErrAttachmentFetch):
		k, st, res = NotConnected, fasthttp.StatusBadGateway, "Try again later."
	}
	err := kind
	if cause != nil {
		err = fmt.Errorf("%w: %w", kind, cause)
	}
	return &Error{Kind: k, Status: st, Msg: "attachment: " + msg, Resolution: res, Err: err}
}
