package main

import (
	"fmt"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
)

// requestStateKey loads (or creates, 0600) the key that signs the
// requestState of stateless input_required results, so a restarted proxy,
// or another replica naming the same file, accepts the states this one
// issued. Without a data dir it is nil: a random key per process.
func requestStateKey(cfg *config.Config) ([]byte, error) {
	if cfg.RequestStateKeyFile == "" {
		return nil, nil
	}
	k, err := audit.LoadOrCreateKey(cfg.RequestStateKeyFile)
	if err != nil {
		return nil, fmt.Errorf("--request-state-key-file: %w", err)
	}
	return k, nil
}
