package proxy_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// rawServer serves f's passthrough on loopback for callers with ctx's
// Scope, and returns a client for it.
func rawServer(t *testing.T, f *fixture, ctx context.Context) *fasthttp.HostClient {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: func(rc *fasthttp.RequestCtx) { f.px.ServeRaw(ctx, rc) }}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return &fasthttp.HostClient{Addr: ln.Addr().String(), MaxConns: 64}
}

// rawAnswer is one passthrough answer as the caller saw it.
type rawAnswer struct {
	status    int
	src, body string
}

func rawGet(c *fasthttp.HostClient, path string) (rawAnswer, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI("http://" + c.Addr + path)
	if err := c.Do(req, resp); err != nil {
		return rawAnswer{}, err
	}
	return rawAnswer{resp.StatusCode(), string(resp.Header.Peek("X-Response-Src")), string(resp.Body())}, nil
}

// TestRecycledAnswersStayIntact: answer buffers are recycled at once
// (Release, and the passthrough's hand-over to fasthttp), so a buffer
// still referenced elsewhere would show another answer's bytes. Many
// callers at once (run it with -race) mix passthrough reads of different
// sizes, a channel the bot cannot see (kept by the negative memory), a
// channel read (kept by the metadata cache), and tool-path reads some of
// which are kept unreleased to the end: every answer must equal the one
// fetched alone first, and so must what the memories hold afterwards.
func TestRecycledAnswersStayIntact(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, map[string]string{"DMP_GLOBAL_PER_SECOND": "100000000", "DMP_ENABLE_PASSTHROUGH": "true"})
	ctx := f.ctx(t, map[string]string{"X-Privileged-Call": "1"})
	client := rawServer(t, f, ctx)
	const unknown = "1085503155732619999"
	paths := []string{"/api/v10/channels/" + unknown + "/messages", "/api/v10/channels/" + discordtest.RandomID.String()}
	for n := 1; n <= 6; n++ {
		paths = append(paths, "/api/v10/channels/"+general+"/messages?limit="+strconv.Itoa(n))
	}
	want := map[string]rawAnswer{}
	for _, p := range paths {
		a, err := rawGet(client, p)
		if err != nil || a.status != 200 && a.status != 404 {
			t.Fatalf("%s: %v %+v", p, err, a)
		}
		want[p] = a
	}
	info, ok := f.px.Cache().Peek(discordtest.RandomID.String())
	if !ok {
		t.Fatal("the channel read was not cached")
	}

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	kept := make([][]*proxy.Response, 8) // tool-path answers never released
	for w := range kept {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 150 {
				p := paths[(w+i)%len(paths)]
				if err := checkRaw(client, p, want[p]); err != nil {
					errs <- err
					return
				}
				if i%10 == 0 {
					resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + general + "/messages", Query: "limit=" + strconv.Itoa(1+i%6)})
					if err != nil {
						errs <- err
						return
					}
					kept[w] = append(kept[w], resp)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for w, list := range kept {
		for i, resp := range list {
			p := "/api/v10/channels/" + general + "/messages?limit=" + strconv.Itoa(1+(i*10)%6)
			if string(resp.Body) != want[p].body {
				t.Errorf("caller %d's unreleased answer %d changed under it: %.80s", w, i, resp.Body)
			}
			resp.Release()
		}
	}
	if got, _ := f.px.Cache().Peek(discordtest.RandomID.String()); !reflect.DeepEqual(got, info) {
		t.Errorf("cached channel changed: %+v, was %+v", got, info)
	}
	// The negative memory answers from what it kept: the same bytes.
	if err := checkRaw(client, paths[0], want[paths[0]]); err != nil {
		t.Error(err)
	}
	if st := f.emu.Stats(); st.Routes["GET /channels/{channel_id}/messages"] < int64(len(kept)*150*6/8) {
		t.Errorf("the emulator saw %d message reads: the run proved little", st.Routes["GET /channels/{channel_id}/messages"])
	}
}

// checkRaw compares an answer with the first one; the negative memory's
// answers come from the proxy (X-Response-Src: mcp) after the first.
func checkRaw(c *fasthttp.HostClient, p string, want rawAnswer) error {
	got, err := rawGet(c, p)
	if err != nil {
		return err
	}
	if want.status == 404 {
		want.src = "mcp"
	}
	if got.status != want.status || got.src != want.src || !bytes.Equal([]byte(got.body), []byte(want.body)) {
		return fmt.Errorf("%s: got %d %s %.80s, want %d %s %.80s", p, got.status, got.src, got.body, want.status, want.src, want.body)
	}
	return nil
}

// TestReleasedBufferKeptNowhere: a released answer's buffer serves the
// next answer of its size at once (same goroutine, same pool), so the
// negative memory, had it kept a view of a 404's body, would answer with
// the next 404's bytes. Each remembered answer must come back as Discord
// gave it.
func TestReleasedBufferKeptNowhere(t *testing.T) {
	f := newFixture(t, &discordtest.Limits{}, map[string]string{"DMP_GLOBAL_PER_SECOND": "100000000"})
	ctx := f.ctx(t, nil)
	get := func(path string) (status int, body string, remembered bool) {
		t.Helper()
		resp, err := f.px.Do(ctx, &proxy.Request{Method: "GET", Path: path})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Release()
		return resp.Status, string(resp.Body), resp.Remembered
	}
	type answer struct{ path, body string }
	var first []answer
	for i := range 20 {
		for _, path := range []string{
			fmt.Sprintf("/channels/10855031557326%05d/messages", i),             // 10003 Unknown Channel
			fmt.Sprintf("/channels/%s/messages/10855031557326%05d", general, i), // 10008 Unknown Message
		} {
			status, body, _ := get(path)
			if status != 404 {
				t.Fatalf("%s: %d %s", path, status, body)
			}
			first = append(first, answer{path, body})
		}
	}
	if first[0].body == first[1].body || len(first[0].body) != len(first[1].body) {
		t.Fatalf("the two answers should differ in bytes, not size: %s %s", first[0].body, first[1].body)
	}
	for _, a := range first {
		status, body, remembered := get(a.path)
		if status != 404 || !remembered || body != a.body {
			t.Errorf("%s remembered as %d %v %s, want %s", a.path, status, remembered, body, a.body)
		}
	}
}
