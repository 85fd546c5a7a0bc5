package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
)

// TestAgentsAndLibraryShareTheLimiter: agents on tools/call and discordgo
// on the raw passthrough hammer one channel at once. Both roads pass the
// same limiter, so the emulator (Discord's limits, with short windows so
// the test is quick) sees no request sent after it said to wait and
// answers no 429, and every call succeeds.
func TestAgentsAndLibraryShareTheLimiter(t *testing.T) {
	limits := discordtest.DefaultLimits()
	limits.Buckets[discordtest.BucketMessageCreate] = discordtest.BucketLimit{Limit: 3, Window: 400 * time.Millisecond}
	limits.Buckets[discordtest.BucketReaction] = discordtest.BucketLimit{Limit: 1, Window: 100 * time.Millisecond}
	st := startStackWith(t, discordtest.Options{Limits: limits}, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})

	s, err := discordgo.New("Bot " + st.emu.Token())
	if err != nil {
		t.Fatal(err)
	}
	s.Client, s.MaxRestRetries = libHTTP(t, st.base), 0
	first, err := s.ChannelMessageSend(general, "the library's first")
	if err != nil {
		t.Fatal(err)
	}
	const agents, perAgent, libSends = 3, 4, 4
	sessions := make([]*sdk.ClientSession, agents)
	for i := range sessions {
		sessions[i] = connect(t, st.base+"/mcp", "")
	}
	st.emu.ResetStats()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i, cs := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < perAgent; j++ {
				res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "send_message",
					Arguments: map[string]any{"channel_id": general, "content": "agent " + digit(i) + " #" + digit(j)}})
				if err != nil || res.IsError {
					t.Errorf("agent %d send %d: %v %s", i, j, err, resultText(res))
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := 0; j < libSends; j++ {
			if _, err := s.ChannelMessageSend(general, "library #"+digit(j)); err != nil {
				t.Errorf("library send %d: %v", j, err)
			}
			if err := s.MessageReactionAdd(general, first.ID, []string{"👍", "🎉", "🚀", "✅"}[j]); err != nil {
				t.Errorf("library reaction %d: %v", j, err)
			}
		}
	}()
	wg.Wait()

	stats := st.emu.Stats()
	want := int64(agents*perAgent + libSends)
	if got := stats.Routes["POST /channels/{channel_id}/messages"]; got != want {
		t.Errorf("the emulator saw %d sends, want %d", got, want)
	}
	if stats.Violations != 0 || len(stats.RateLimited) != 0 {
		t.Errorf("violations %d, 429s %v", stats.Violations, stats.RateLimited)
	}
}

// digit names a small index in a message.
func digit(i int) string { return string(rune('0' + i)) }

func resultText(res *sdk.CallToolResult) string {
	if res == nil {
		return ""
	}
	return text(res)
}
