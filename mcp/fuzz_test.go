package mcp

import (
	"context"
	"encoding/json"
	"testing"
)

// FuzzDecode feeds arbitrary bodies through decoding and dispatch: nothing
// may panic, and every answer must be valid JSON.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}`,
		`{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"echo","arguments":{"text":"\u2028"},"_meta":{"progressToken":1}}}`,
		`[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":"bzo1MA"}}`,
		`{"jsonrpc":"2.0","id":1,"result":{}}`,
		`{"jsonrpc":"2.0","id":{},"method":1}`,
		`[]`, `null`, `{`, `"\xff"`,
	} {
		f.Add([]byte(seed))
	}
	s := NewServer(Options{Catalog: &fakeCatalog{}})
	defer s.Close()
	ss := newSession("fuzz", version20250326, false)
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, errs, _, perr := decodeBody(body)
		if perr != nil {
			if !json.Valid(appendError(nil, nil, perr)) {
				t.Fatal("invalid error JSON")
			}
			return
		}
		for i, m := range msgs {
			var out []byte
			if errs[i] != nil {
				out = appendError(nil, m.id, errs[i])
			} else {
				for _, v := range []string{version20250326, version20260728} {
					out = s.dispatch(&request{msg: m, ctx: context.Background(), sess: ss, version: v, notify: func([]byte) {}})
				}
			}
			if out != nil && !json.Valid(out) {
				t.Fatalf("invalid answer %s", out)
			}
		}
	})
}
