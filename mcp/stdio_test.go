package mcp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"
)

func TestStdio(t *testing.T) {
	var logs strings.Builder
	s := NewServer(Options{Catalog: &fakeCatalog{}, Logger: zerolog.New(&logs), MaxBodyBytes: 4096})
	defer s.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.ServeStdio(ctx, inR, outW); outW.Close() }()
	lines := bufio.NewScanner(outR)
	send := func(s string) {
		if _, err := io.WriteString(inW, s+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	recv := func() string {
		if !lines.Scan() {
			t.Fatalf("no line: %v", lines.Err())
		}
		return lines.Text()
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"s","version":"1"}}}`)
	if l := recv(); gjson.Get(l, "result.protocolVersion").String() != "2025-06-18" || !gjson.Get(l, "result.capabilities.tools").Exists() {
		t.Fatalf("initialize: %s", l)
	}
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(``) // blank lines are ignored
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	if l := recv(); len(gjson.Get(l, "result.tools").Array()) != 3 {
		t.Fatalf("tools/list: %s", l)
	}
	send(`{oops`)
	if l := recv(); gjson.Get(l, "error.code").Int() != CodeParseError {
		t.Fatalf("parse error: %s", l)
	}
	send(`{"jsonrpc":"2.0","id":3,"method":"ping","params":{"pad":"` + strings.Repeat("x", 5000) + `"}}`)
	if l := recv(); gjson.Get(l, "error.code").Int() != CodeInvalidRequest {
		t.Fatalf("too long: %s", l)
	}
	send(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"slow","_meta":{"progressToken":"p"}}}`)
	var methods []string
	for {
		l := recv()
		if gjson.Get(l, "id").Int() == 4 {
			if gjson.Get(l, "result.content.0.text").String() != "slow done" {
				t.Errorf("slow: %s", l)
			}
			break
		}
		methods = append(methods, gjson.Get(l, "method").String())
	}
	if strings.Join(methods, ",") != "notifications/progress,notifications/message,notifications/progress" {
		t.Errorf("notifications: %v", methods)
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Errorf("ServeStdio: %v", err)
	}
}

func TestStdioPrepareError(t *testing.T) {
	s := NewServer(Options{Catalog: &fakeCatalog{}, Prepare: func(context.Context, func(string) []string) (context.Context, error) {
		return nil, errors.New("no token configured")
	}})
	defer s.Close()
	if err := s.ServeStdio(context.Background(), strings.NewReader(""), io.Discard); err == nil {
		t.Error("want Prepare's error")
	}
}
