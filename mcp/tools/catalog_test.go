package tools

import (
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
)

// The table is checked at start; this proves every row passes and that
// the generated schemas are what a client needs.
func TestCatalogSchemas(t *testing.T) {
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range c.Tools(t.Context()) {
		var in, out map[string]any
		if err := json.Unmarshal(tool.InputSchema, &in); err != nil {
			t.Fatalf("%s input schema: %v\n%s", tool.Name, err, tool.InputSchema)
		}
		if err := json.Unmarshal(tool.OutputSchema, &out); err != nil {
			t.Fatalf("%s output schema: %v\n%s", tool.Name, err, tool.OutputSchema)
		}
		if in["type"] != "object" || in["additionalProperties"] != false || out["type"] != "object" {
			t.Errorf("%s: schemas must be closed objects: %s", tool.Name, tool.InputSchema)
		}
		fresh := *tool
		fresh.Encoded = nil
		if enc, err := mcp.EncodeTool(&fresh); err != nil || string(enc) != string(tool.Encoded) || !json.Valid(tool.Encoded) {
			t.Errorf("%s: pre-encoded entry differs from its encoding (%v):\n%s\n%s", tool.Name, err, tool.Encoded, enc)
		}
		// Tools on guilds and users take no channel; every id is a snowflake.
		for _, id := range []string{"channel_id", "guild_id", "user_id"} {
			p := gjson.GetBytes(tool.InputSchema, "properties."+id)
			if p.Exists() && p.Get("pattern").String() != `^\d{17,20}$` {
				t.Errorf("%s: %s pattern %q", tool.Name, id, p.Get("pattern").String())
			}
		}
	}
	bad := &spec{name: "x", desc: "x", toolset: tsMessages, method: "GET", path: "/channels/{channel_id}",
		ann: mcp.Annotations{Title: "x"}, examples: []example{{"{}", "GET /channels/1"}}, out: []field{{name: "id", src: "id", typ: oString}}}
	if err := bad.check(); err == nil || !strings.Contains(err.Error(), "channel_id") {
		t.Errorf("a placeholder without a parameter passed the check: %v", err)
	}
}

func TestBuildRequest(t *testing.T) {
	c, _ := New(nil, zerolog.New(io.Discard))
	sp := c.row("send_message")
	a, err := parseArgs(sp, []byte(`{"channel_id":"111111111111111111","content":"hi \"there\"","reply_to":"222222222222222222"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := buildPath(sp, a); p != "/channels/111111111111111111/messages" {
		t.Errorf("path %s", p)
	}
	body := buildBody(sp, a)
	if !json.Valid(body) || gjson.GetBytes(body, "message_reference.message_id").String() != "222222222222222222" ||
		gjson.GetBytes(body, "content").String() != `hi "there"` || gjson.GetBytes(body, "allowed_mentions").Exists() {
		t.Errorf("body %s", body)
	}
	gm := c.row("get_messages")
	a, _ = parseArgs(gm, []byte(`{"channel_id":"111111111111111111","before":"222222222222222222"}`), nil)
	if q := buildQuery(gm, a); q != "before=222222222222222222&limit=50" {
		t.Errorf("query %s", q)
	}
}

func FuzzParseArgs(f *testing.F) {
	f.Add("send_message", `{"channel_id":"111111111111111111","content":"x","embeds":[{"title":"t","fields":[{"name":"a","value":"b"}]}]}`)
	f.Add("get_messages", `{"channel_id":"111111111111111111","limit":5}`)
	f.Add("get_messages", `{"channel_id":"111111111111111111","after":"222222222222222222","limit":100}`)
	f.Add("search_messages", `{"channel_id":"1","query":"\ud800"}`)
	c, _ := New(nil, zerolog.New(io.Discard))
	f.Fuzz(func(t *testing.T, tool, raw string) {
		sp := c.row(tool)
		if sp == nil {
			sp = c.specs[len(raw)%len(c.specs)]
		}
		a, err := parseArgs(sp, []byte(raw), nil)
		if err != nil {
			return
		}
		if b := buildBody(sp, a); b != nil && !json.Valid(b) {
			t.Fatalf("valid arguments built an invalid body: %s", b)
		}
		_ = buildPath(sp, a)
		if got, want := buildQuery(sp, a), refQuery(sp, a); got != want {
			t.Fatalf("query %q, url.Values would give %q", got, want)
		}
		// request builds both in one buffer and cuts it in two.
		if req := request(sp, a); req.Path != buildPath(sp, a) || req.Query != buildQuery(sp, a) {
			t.Fatalf("request %q ? %q, want %q ? %q", req.Path, req.Query, buildPath(sp, a), buildQuery(sp, a))
		}
	})
}

// refQuery is buildQuery through url.Values, as it was written first.
func refQuery(sp *spec, a *args) string {
	q := url.Values{}
	for _, p := range sp.params {
		switch {
		case p.in != inQuery:
		case a.has(p.name):
			q.Set(p.name, a.text(p.name))
		default:
			if it, ok := p.typ.(intT); ok && it.def != nil {
				q.Set(p.name, strconv.FormatInt(*it.def, 10))
			}
		}
	}
	return q.Encode()
}
