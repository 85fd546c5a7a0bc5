package tools

import (
	"context"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// The call the load tool drives (/tmp/perf/toolscall.lua, issue #13):
// get_messages with limit 10 against a 10-message answer shaped like the
// bench fake's, through the real MCP handler as a stateless 2026-07-28
// POST /mcp and as POST /v1/tools/call. Run:
// go test ./mcp/tools -run '^$' -bench Stateless -benchmem

// fakeLikeMessages is a 10-message page in the bench fake's shape (about
// 4.5 KB): plain authors, no attachments, embeds or mentions.
func fakeLikeMessages(channel string) []byte {
	contents := []string{"new build on arm64 starts faster", "about 40% here, cache warm-up was slow",
		"can you open an issue with numbers?", "done, flamegraph attached", "thanks! after lunch",
		"freeze starts friday 18:00 UTC", "is staging green again?", "green since 10:42, a tz bug",
		"of course it was", "ship it 🚀"}
	authors := [][2]string{{"300000000000000001", "ada"}, {"300000000000000002", "grace"}, {"300000000000000003", "linus"}}
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	b := []byte{'['}
	for i, c := range contents {
		if i > 0 {
			b = append(b, ',')
		}
		ts := base.Add(time.Duration(9-i) * time.Minute)
		id := uint64(ts.UnixMilli()-1420070400000)<<22 | uint64(i)
		a := authors[i%len(authors)]
		b = append(b, `{"id":"`...)
		b = strconv.AppendUint(b, id, 10)
		b = append(b, `","type":0,"content":`...)
		b = strconv.AppendQuote(b, c)
		b = append(b, `,"channel_id":"`+channel+`","author":{"id":"`+a[0]+`","username":"`+a[1]+
			`","avatar":null,"discriminator":"0","public_flags":0,"global_name":"`+a[1]+`"}`...)
		b = append(b, `,"attachments":[],"embeds":[],"mentions":[],"mention_roles":[],"pinned":false,"mention_everyone":false,"tts":false,"timestamp":"`...)
		b = ts.AppendFormat(b, "2006-01-02T15:04:05.000000-07:00")
		b = append(b, `","edited_timestamp":null,"flags":0,"components":[]}`...)
	}
	return append(b, ']')
}

// BenchmarkStatelessCall10 is one get_messages call (limit 10) through
// the real MCP handler, as the load tool sends it, against a loopback
// upstream replaying the fake's answer: raw is proxy.Do alone for the
// same answer (what the passthrough pays upstream), mcp the stateless
// POST /mcp, helper POST /v1/tools/call.
func BenchmarkStatelessCall10(b *testing.B) {
	ch := discordtest.GeneralID.String()
	s := newBenchStackWith(b, fakeLikeMessages(ch))
	b.Run("raw", func(b *testing.B) {
		ctx := s.ctx(b)
		b.ReportAllocs()
		for b.Loop() {
			resp, err := s.px.Do(ctx, &proxy.Request{Method: "GET", Path: "/channels/" + ch + "/messages", Query: "limit=10"})
			if err != nil || resp.Status != 200 {
				b.Fatalf("raw: %v", err)
			}
		}
	})
	h := s.handler(b)
	args := `{"channel_id":"` + ch + `","limit":10}`
	b.Run("mcp", func(b *testing.B) {
		body := []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_messages","arguments":` + args + `,` +
			`"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"wrk","version":"4.1.0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`)
		benchPost(b, h, "/mcp", body, map[string]string{"Accept": "application/json, text/event-stream",
			"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "get_messages"})
	})
	b.Run("helper", func(b *testing.B) {
		benchPost(b, h, "/v1/tools/call", []byte(`{"name":"get_messages","arguments":`+args+`}`), nil)
	})
}

// handler is the MCP handler wired as the binary wires it: scope from
// the headers, the caller named by its scope, the fence on.
func (s *benchStack) handler(b *testing.B) fasthttp.RequestHandler {
	srv := mcp.NewServer(mcp.Options{
		Catalog: NewFull(s.cat),
		Logger:  zerolog.New(io.Discard),
		// As cmd's prepareHeader: the scope read from the header in place,
		// in the context it comes with (no getter of copies).
		PrepareHeader: func(ctx context.Context, h *fasthttp.RequestHeader) (context.Context, error) {
			sctx, _, err := s.ceiling.ScopeContext(ctx, h)
			return sctx, err
		},
		Identity: func(ctx context.Context) mcp.Caller {
			sc := policy.FromContext(ctx)
			return mcp.Caller{ID: sc.CallerID(), Live: sc.CredentialLive()}
		},
	})
	b.Cleanup(srv.Close)
	return srv.Handler()
}

// benchPost sends body to path through h, with the Bot token and the
// extra headers, and wants a 200 whose answer is a tool result.
func benchPost(b *testing.B, h fasthttp.RequestHandler, path string, body []byte, headers map[string]string) {
	var rc fasthttp.RequestCtx
	b.ReportAllocs()
	for b.Loop() {
		rc.Request.Reset()
		rc.Response.Reset()
		rc.Request.Header.SetMethod("POST")
		rc.Request.SetRequestURI(path)
		rc.Request.Header.SetHost("127.0.0.1")
		rc.Request.Header.SetContentType("application/json")
		rc.Request.Header.Set("Authorization", "Bot "+discordtest.DefaultToken)
		for k, v := range headers {
			rc.Request.Header.Set(k, v)
		}
		rc.Request.SetBody(body)
		h(&rc)
		if rc.Response.StatusCode() != 200 || len(rc.Response.Body()) < 3000 {
			b.Fatalf("%s: %d %.300s", path, rc.Response.StatusCode(), rc.Response.Body())
		}
	}
}

// BenchmarkProject10 is the projection alone on the load tool's answer:
// the fake's 10 messages to the get_messages result.
func BenchmarkProject10(b *testing.B) {
	body := fakeLikeMessages(discordtest.GeneralID.String())
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	a, err := parseArgs(c.row("get_messages"), getMessagesArgs, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		w := getBuf()
		w.open('{')
		project(w, c.projFor(c.row("get_messages")), parse(body), a)
		w.close('}')
		putBuf(w)
	}
}
