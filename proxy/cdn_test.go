package proxy_test

import (
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// cdnDouble is a loopback HTTP server that records what reached it.
type cdnDouble struct {
	addr string
	mu   sync.Mutex // guards hits and auth
	hits int
	auth []string // Authorization headers seen
}

func startCDN(t *testing.T, h func(ctx *fasthttp.RequestCtx)) *cdnDouble {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &cdnDouble{addr: ln.Addr().String()}
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		d.mu.Lock()
		d.hits++
		d.auth = append(d.auth, string(ctx.Request.Header.Peek("Authorization")))
		d.mu.Unlock()
		h(ctx)
	}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return d
}

func (d *cdnDouble) seen() (int, []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.hits, append([]string(nil), d.auth...)
}

// TestFetchAttachmentHosts: bytes come only from listed hosts, without the
// bot token; a redirect is followed on a listed host and refused off it;
// an unlisted host, a non-loopback http URL, credentials in the URL and an
// oversized body are refused with their error kinds; an unlisted host
// receives nothing.
func TestFetchAttachmentHosts(t *testing.T) {
	t.Parallel()
	other := startCDN(t, func(ctx *fasthttp.RequestCtx) { ctx.SetBodyString("elsewhere") })
	var good *cdnDouble
	good = startCDN(t, func(ctx *fasthttp.RequestCtx) {
		switch string(ctx.Path()) {
		case "/a.txt":
			ctx.SetContentType("text/plain")
			ctx.SetBodyString("hello")
		case "/hop":
			ctx.Redirect("http://"+good.addr+"/a.txt", fasthttp.StatusFound)
		case "/away":
			ctx.Redirect("http://"+other.addr+"/x", fasthttp.StatusFound)
		case "/big":
			ctx.SetBody(make([]byte, 2048))
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		}
	})
	f := newFixture(t, nil, map[string]string{"DMP_ATTACHMENT_HOSTS": good.addr + ",cdn.discordapp.com",
		"DMP_ATTACHMENT_MAX_BYTES": "1024", "DMP_ATTACHMENT_TIMEOUT": "100ms"})
	ctx := f.ctx(t, nil)
	for _, path := range []string{"/a.txt", "/hop"} {
		got, err := f.px.FetchAttachment(ctx, "http://"+good.addr+path)
		if err != nil || string(got.Data) != "hello" || got.ContentType != "text/plain" {
			t.Errorf("%s: %+v %v", path, got, err)
		}
	}
	bad := []struct {
		url  string
		kind error
	}{
		{"http://" + other.addr + "/x", proxy.ErrAttachmentHost},
		{"http://" + good.addr + "/away", proxy.ErrAttachmentHost},
		{"http://cdn.discordapp.com/attachments/1/2/a.txt", proxy.ErrAttachmentHost}, // http off loopback
		{"https://user:pw@cdn.discordapp.com/attachments/1/2/a.txt", proxy.ErrAttachmentHost},
		{"/attachments/1/2/a.txt", proxy.ErrAttachmentHost},
		{"http://" + good.addr + "/big", proxy.ErrAttachmentTooLarge},
		{"http://" + good.addr + "/slow", proxy.ErrAttachmentFetch},
	}
	for _, tc := range bad {
		_, err := f.px.FetchAttachment(ctx, tc.url)
		var pe *proxy.Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &pe) {
			t.Errorf("%s: %v, want %v", tc.url, err, tc.kind)
		}
	}
	if n, _ := other.seen(); n != 0 {
		t.Errorf("an unlisted host received %d requests", n)
	}
	_, auth := good.seen()
	for _, a := range auth {
		if a != "" || strings.Contains(a, f.emu.Token()) {
			t.Errorf("the CDN was sent Authorization %q", a)
		}
	}
}
