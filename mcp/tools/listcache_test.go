package tools

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

func scopeCtx(t *testing.T, ceiling *policy.Ceiling, headers map[string]string) context.Context {
	t.Helper()
	s, err := ceiling.Scope(func(name string) []string {
		if v, ok := headers[name]; ok {
			return []string{v}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return policy.WithScope(context.Background(), s)
}

func names(tools []*mcp.Tool) []string {
	var out []string
	for _, t := range tools {
		out = append(out, t.Name)
	}
	return out
}

// only keeps the names in keep, in got's order.
func only(got, keep []string) []string {
	var out []string
	for _, n := range got {
		if slices.Contains(keep, n) {
			out = append(out, n)
		}
	}
	return out
}

// TestToolsListPerScope: each scope gets its own list, whatever order the
// scopes come in, and a cached list is the list the scope would get fresh.
func TestToolsListPerScope(t *testing.T) {
	cfg, err := config.Load("test", nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(nil, zerolog.New(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	// The five tools this test was written for, in catalog order; other
	// tools are left out of the comparison.
	all := []string{"get_channel_info", "send_message", "get_messages", "search_messages", "delete_message"}
	cases := []struct {
		headers map[string]string
		want    []string
	}{
		{nil, all},
		{map[string]string{"X-Allowed-Methods": "GET"}, []string{"get_channel_info", "get_messages", "search_messages"}},
		{map[string]string{"X-Privileged-Intents": "presence"}, []string{"get_channel_info", "send_message", "get_messages", "delete_message"}},
		{map[string]string{"X-Permission-Bits": "66560"}, []string{"get_channel_info", "get_messages", "search_messages"}}, // view + history
		{map[string]string{"X-Allowed-Methods": "GET,DELETE", "X-Permission-Bits": "1024"}, []string{"get_channel_info"}},
		{map[string]string{"X-Current-Channel": "1085503155732611072"}, all},
	}
	for round := range 2 { // the second round is served from the cache
		for _, tc := range cases {
			got := only(names(c.Tools(scopeCtx(t, ceiling, tc.headers))), all)
			if !slices.Equal(got, tc.want) {
				t.Errorf("round %d, %v: got %v, want %v", round, tc.headers, got, tc.want)
			}
		}
	}
	if n := len(c.lists.lists); n != len(cases)-1 { // X-Current-Channel does not change the key
		t.Errorf("%d lists cached, want %d", n, len(cases)-1)
	}
	if got := only(names(c.Tools(context.Background())), all); !slices.Equal(got, all) {
		t.Errorf("no scope: got %v", got)
	}
}

// TestListCacheBounded: the cache never holds more than its bound, and
// concurrent readers and writers are safe (run with -race).
func TestListCacheBounded(t *testing.T) {
	lc := newListCache(4)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				key := []byte(fmt.Sprintf("k%d-%d", g, i))
				lc.put(key, nil)
				lc.get(key)
			}
		}()
	}
	wg.Wait()
	if n := len(lc.lists); n > 4 {
		t.Errorf("cache holds %d lists, bound 4", n)
	}
}
