package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// recorder keeps the request headers and bodies the emulator received,
// so tests can see exactly what the proxy sent upstream.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
	// answer holds headers added to every emulator answer, as Discord's
	// edge adds its own (CF-Ray, Set-Cookie…).
	answer [][2]string
}

type recorded struct {
	method, path string
	header       http.Header
	body         []byte
}

func (r *recorder) wrap(next fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(rc *fasthttp.RequestCtx) {
		rec := recorded{method: string(rc.Method()), path: string(rc.Path()), header: http.Header{},
			body: append([]byte(nil), rc.PostBody()...)}
		for k, v := range rc.Request.Header.All() {
			rec.header.Add(string(k), string(v))
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, rec)
		r.mu.Unlock()
		next(rc)
		for _, h := range r.answer {
			rc.Response.Header.Add(h[0], h[1])
		}
	}
}

func (r *recorder) last(t *testing.T) recorded { t.Helper(); return r.lastTo(t, "") }

// lastTo is the last request with this method ("" for any).
func (r *recorder) lastTo(t *testing.T, method string) recorded {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.reqs) - 1; i >= 0; i-- {
		if method == "" || r.reqs[i].method == method {
			return r.reqs[i]
		}
	}
	t.Fatalf("the emulator received no %s request", method)
	return recorded{}
}

// startRecordingStack is startStack with a recorder in front of the
// emulator (same emulator, same app, real loopback TCP on both sides).
func startRecordingStack(t *testing.T, limits *discordtest.Limits, env map[string]string) (*stack, *recorder) {
	t.Helper()
	emu, err := discordtest.New(discordtest.Options{Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	eln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: rec.wrap(emu.Handler()), Name: "cloudflare"}
	go func() { _ = srv.Serve(eln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	vals := map[string]string{"DMP_UPSTREAM": "http://" + eln.Addr().String() + "/api/v10", "DMP_LISTEN": "127.0.0.1:0",
		"DISCORD_TOKEN": emu.Token(), "DMP_LOG_LEVEL": "info", "DMP_DATA_DIR": t.TempDir()}
	for k, v := range env {
		// $EMULATOR names the emulator's host:port (its CDN route's host).
		vals[k] = strings.ReplaceAll(v, "$EMULATOR", eln.Addr().String())
	}
	cfg, err := config.Load("serve", nil, func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	a, err := newApp(cfg, zerolog.New(logs))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = a.serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	return &stack{emu: emu, base: "http://" + ln.Addr().String(), logs: logs}, rec
}

// formPart is one part of a multipart body built by buildForm.
type formPart struct{ name, filename, ctype, value string }

// buildForm encodes parts with Go's multipart writer.
func buildForm(t *testing.T, parts ...formPart) (body, ctype string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p.name + `"`
		if p.filename != "" {
			cd += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", cd)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pw.Write([]byte(p.value)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

// handForm builds a multipart body by hand (boundary XB), for bodies a
// well-behaved writer never makes.
func handForm(parts ...string) (body, ctype string) {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--XB\r\n" + p + "\r\n")
	}
	b.WriteString("--XB--\r\n")
	return b.String(), "multipart/form-data; boundary=XB"
}

// sendForm sends one request with the given Content-Type over loopback.
func sendForm(t *testing.T, base, method, path string, headers [][2]string, ctype, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for _, h := range headers {
		req.Header.Add(h[0], h[1])
	}
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}
