package mcp

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// appendJSONText must write exactly what encoding/json writes, for any
// bytes: clients must not see the text content change.
func FuzzAppendJSONText(f *testing.F) {
	for _, s := range []string{"", `{"a":"b\"c"}`, "<&>\u2028\u2029\x00\x1f\b\f\n\r\t\\", "héllo 👋", "\xff\xfe", "a\xe2\x80", "\xed\xa0\x80"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		want, _ := json.Marshal(string(src))
		if got := appendJSONText(nil, src); !bytes.Equal(got, want) {
			t.Fatalf("bytes %q: got %s, want %s", src, got, want)
		}
		if got := appendJSONText([]byte("x"), string(src)); !bytes.Equal(got[1:], want) {
			t.Fatalf("string %q: got %s, want %s", src, got[1:], want)
		}
	})
}

func BenchmarkAppendJSONText(b *testing.B) {
	src := bytes.Repeat([]byte(`{"id":"1378710422898737181","content":"Can someone review PR 88? It touches the <bucket> hashing 👋"},`), 100)
	dst := make([]byte, 0, 2*len(src))
	b.SetBytes(int64(len(src)))
	b.Run("appendJSONText", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst = appendJSONText(dst[:0], src)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst = appendJSONString(dst[:0], string(src))
		}
	})
}

// BenchmarkAppendFencedMessages is the text content of the load tool's
// get_messages result (testdata/messages_result.json, its structured
// output): quote-dense JSON whose runs between quotes are ids,
// timestamps and short sentences.
func BenchmarkAppendFencedMessages(b *testing.B) {
	src, err := os.ReadFile("testdata/messages_result.json")
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 3*len(src))
	id := newFenceID()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		dst = appendFenced(dst[:0], src, id)
	}
}
