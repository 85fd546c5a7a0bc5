package main

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// built holds the one build of the real command a test run shares (go
// build takes seconds; six tests need the binary). TestMain removes it.
var built struct {
	once sync.Once
	dir  string
	bin  string
	out  []byte
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildBinary compiles the real command once per test run and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "dmp-bin-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "discord-mcp-proxy")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startProcess runs the binary and waits until addr accepts connections.
func startProcess(t *testing.T, addr string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		// Redaction (issue 12): no process's log holds the bot token.
		if strings.Contains(stderr.String(), discordtest.DefaultToken) {
			t.Errorf("%v logged the bot token", args[1:2])
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v did not listen on %s: %s", args, addr, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The seed is this test's own, not the built-in one, in Discord's shapes.
const testSeed = `{
  "token": "seed-token.from-the-test",
  "user": {"id": "222222222222222222", "username": "seed-bot", "discriminator": "0", "bot": true},
  "guilds": [{
    "id": "333333333333333333", "name": "Seeded Guild", "owner_id": "444444444444444444",
    "roles": [{"id": "333333333333333333", "name": "@everyone", "permissions": "68608"}],
    "channels": [{"id": "555555555555555555", "type": 0, "name": "seeded-channel", "topic": "from the seed"}],
    "members": [{"user": {"id": "222222222222222222", "username": "seed-bot", "bot": true}, "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00"}]
  }],
  "messages": {"555555555555555555": [
    {"id": "1200000000000000000", "channel_id": "555555555555555555", "content": "the needle is here",
     "author": {"id": "444444444444444444", "username": "owner"}, "timestamp": "2024-02-01T00:00:00.000000+00:00"}
  ]}
}`

// TestBinaryServeAgainstEmulator runs the real binary twice, as a user
// would: `emulator --seed FILE` and `serve --upstream` pointed at it.
func TestBinaryServeAgainstEmulator(t *testing.T) {
	t.Parallel()
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(testSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	emuAddr, proxyAddr := freeAddr(t), freeAddr(t)
	startProcess(t, emuAddr, nil, bin, "emulator", "--listen", emuAddr, "--seed", seed)
	startProcess(t, proxyAddr, []string{"DISCORD_TOKEN=seed-token.from-the-test"},
		bin, "serve", "--listen", proxyAddr, "--upstream", "http://"+emuAddr+"/api/v10")

	cs := connect(t, "http://"+proxyAddr+"/mcp", "")
	info := callTool(t, cs, "get_channel_info", map[string]any{"channel_id": "555555555555555555"})
	if info.IsError || structured(t, info)["name"] != "seeded-channel" {
		t.Fatalf("get_channel_info: %s", text(info))
	}
	found := callTool(t, cs, "search_messages", map[string]any{"channel_id": "555555555555555555", "query": "NEEDLE"})
	if hits, _ := structured(t, found)["messages"].([]any); found.IsError || len(hits) != 1 {
		t.Fatalf("search_messages: %s", text(found))
	}
	sent := callTool(t, cs, "send_message", map[string]any{"channel_id": "555555555555555555", "content": "hi"})
	if sent.IsError {
		t.Fatalf("send_message: %s", text(sent))
	}
	// The container healthcheck: healthy here, a failure where nothing listens.
	if out, err := exec.Command(bin, "healthcheck", "--url", "http://"+proxyAddr+"/healthz").CombinedOutput(); err != nil {
		t.Errorf("healthcheck of a healthy proxy: %v %s", err, out)
	}
	if out, err := exec.Command(bin, "healthcheck", "--url", "http://"+freeAddr(t)+"/healthz", "--timeout", "1s").CombinedOutput(); err == nil {
		t.Errorf("healthcheck with nothing listening must fail: %s", out)
	}
}

// TestBinaryDemo starts `demo` and follows what it prints.
func TestBinaryDemo(t *testing.T) {
	t.Parallel()
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "demo", "--listen", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	url := ""
	sc := bufio.NewScanner(out)
	re := regexp.MustCompile(`MCP endpoint \(streamable HTTP\): (\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	if url == "" {
		t.Fatal("demo printed no MCP endpoint")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	cs := connect(t, url, "")
	res := callTool(t, cs, "get_messages", map[string]any{"channel_id": general, "limit": 3})
	if res.IsError {
		t.Fatalf("demo get_messages: %s", text(res))
	}
}

func TestVersionAndHelp(t *testing.T) {
	var out, errb strings.Builder
	if err := run(context.Background(), []string{"version"}, &out, &errb); err != nil || !strings.HasPrefix(out.String(), "discord-mcp-proxy ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"--help"}, &out, &errb); err != nil || !strings.Contains(out.String(), "emulator") {
		t.Errorf("--help: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"nonsense"}, &out, &errb); err == nil {
		t.Error("an unknown command was accepted")
	}
	t.Setenv("DMP_UPSTREAM", "ftp://x")
	err := run(context.Background(), []string{"serve"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "--upstream") {
		t.Errorf("bad DMP_UPSTREAM: %v", err)
	}
}

// TestBinaryStdio speaks MCP to `stdio` through the Go SDK's
// CommandTransport, as Claude Desktop would, against an emulator.
func TestBinaryStdio(t *testing.T) {
	t.Parallel()
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	emu, err := discordtest.New(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	upstream, err := emu.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "stdio", "--upstream", upstream)
	cmd.Env = append(os.Environ(), "DISCORD_TOKEN="+emu.Token())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := sdk.NewClient(&sdk.Implementation{Name: "stdio-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	list, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatalf("tools/list over stdio: %v", err)
	}
	if len(list.Tools) < 5 { // the default toolsets hold the first five tools and more
		t.Fatalf("tools/list over stdio: %d tools", len(list.Tools))
	}
	res := callTool(t, cs, "send_message", map[string]any{"channel_id": general, "content": "over stdio"})
	if res.IsError {
		t.Fatalf("send_message over stdio: %s", text(res))
	}
}
