package mcp

import (
	"testing"

	"github.com/tidwall/gjson"
)

// readParams finds in one pass what per-key gjson paths found: the first
// of a repeated key, _meta keys with dots and slashes, escaped keys, and
// nothing from a _meta that is not an object.
func TestReadParamsMatchesPaths(t *testing.T) {
	for _, params := range []string{
		`{"name":"a","name":"b","arguments":{"x":1},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/logLevel":"debug","progressToken":7,"io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}`,
		`{"n\u0061me":"esc","_meta":{"io.modelcontextprotocol/protocolVersion":1},"_meta":{"progressToken":"x"}}`,
		`{"_meta":"nope","uri":"r://1","requestState":"s","inputResponses":{"elicit-1":{}}}`,
		`{}`,
		`{"name":"a\"b\u0063","uri":"","_meta":{"io.modelcontextprotocol/protocolVersion":"2026\u002d07-28","io.modelcontextprotocol/logLevel":null}}`,
	} {
		p := readParams([]byte(params))
		root := gjson.Parse(params)
		meta := root.Get("_meta")
		for _, c := range []struct {
			what      string
			got, want gjson.Result
		}{
			{"name", p.name.res(), root.Get("name")},
			{"uri", p.uri.res(), root.Get("uri")},
			{"arguments", p.arguments.res(), root.Get("arguments")},
			{"requestState", p.requestState.res(), root.Get("requestState")},
			{"inputResponses", p.inputResponses.res(), root.Get("inputResponses")},
			{"version", p.version.res(), meta.Get(escapePath(metaVersion))},
			{"logLevel", p.logLevel.res(), meta.Get(escapePath(metaLogLevel))},
			{"caps", p.caps.res(), meta.Get(escapePath(metaCaps))},
			{"progressToken", p.progressToken.res(), meta.Get("progressToken")},
		} {
			if c.got.Raw != c.want.Raw || c.got.Type != c.want.Type || c.got.Str != c.want.Str {
				t.Errorf("%s in %s: got %q, want %q", c.what, params, c.got.Raw, c.want.Raw)
			}
		}
	}
	if p := readParams(nil); p.name.Exists() || p.meta.Exists() {
		t.Errorf("nil params read as %+v", p)
	}
}

// decodeBody's messages are views of one private copy of the body: the
// caller's buffer may be reused at once, and appending to a message's
// slices never writes into its neighbours.
func TestDecodeBodyOwnsItsCopy(t *testing.T) {
	body := []byte(`[{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"x"}},{"jsonrpc":"2.0","id":2,"result":{}}]`)
	msgs, errs, batch, perr := decodeBody(body)
	if perr != nil || !batch || len(msgs) != 2 || errs[0] != nil || errs[1] != nil {
		t.Fatalf("decode: %v %v %v", perr, batch, errs)
	}
	for i := range body {
		body[i] = 'X' // fasthttp reuses its buffer
	}
	// Long enough to reach the next value if the capacity ran on.
	_ = append(msgs[0].id, "!!!!!!!!!!!!!!!!"...)
	_ = append(msgs[0].params, "!!!!!!!!!!!!!!!!"...)
	if string(msgs[0].id) != `"a"` || string(msgs[0].params) != `{"name":"x"}` || msgs[0].method != "tools/call" {
		t.Errorf("first message changed: %s %s %s", msgs[0].id, msgs[0].params, msgs[0].method)
	}
	if !msgs[1].response || string(msgs[1].raw) != `{"jsonrpc":"2.0","id":2,"result":{}}` {
		t.Errorf("second message changed: %s", msgs[1].raw)
	}
}
