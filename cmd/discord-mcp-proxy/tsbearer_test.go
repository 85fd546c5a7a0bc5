package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestTypeScriptSDKClientWithBearer: the real binary serves with --auth
// bearer, `token issue` (the binary again) mints a token, and the official
// TypeScript SDK client (testdata/ts-client.mjs, MCP_BEARER_TOKEN) does its
// whole round with it; without the token the same client is refused.
func TestTypeScriptSDKClientWithBearer(t *testing.T) {
	t.Parallel()
	dir := tsToolsDir(t)
	toolenv.SkipIfShort(t, "builds the binary")
	bin := buildBinary(t)
	data := t.TempDir()
	emuAddr, proxyAddr := freeAddr(t), freeAddr(t)
	startProcess(t, emuAddr, nil, bin, "emulator", "--listen", emuAddr)
	startProcess(t, proxyAddr, []string{"DISCORD_TOKEN=" + discordtest.DefaultToken, "DMP_LOG_LEVEL=warn"},
		bin, "serve", "--listen", proxyAddr, "--upstream", "http://"+emuAddr+"/api/v10", "--auth", "bearer", "--data-dir", data)
	out, err := exec.Command(bin, "token", "issue", "--sub", "ts-agent", "--ttl", "5m", "--data-dir", data).Output()
	if err != nil {
		t.Fatalf("token issue: %v", err)
	}
	token := strings.TrimSpace(string(out))
	script, err := filepath.Abs(filepath.Join("testdata", "ts-client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + proxyAddr + "/mcp"
	res := runNode(t, dir, []string{"MCP_BEARER_TOKEN=" + token}, script, "http", url, general)
	var summary struct {
		ProtocolVersion string   `json:"protocolVersion"`
		Tools           []string `json:"tools"`
		Sent            string   `json:"sent"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(res), &summary); err != nil || summary.ProtocolVersion == "" || len(summary.Tools) < 5 || len(summary.Sent) < 17 {
		t.Errorf("ts-client with a bearer token: %v %s", err, res)
	}
	if r := execNode(t, dir, nil, script, "http", url, general); r.exit == 0 {
		t.Error("ts-client without a token was let in")
	}
}
