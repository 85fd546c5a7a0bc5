package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

// runConfig is `config check FILE`: every bad setting in the file, one a
// line, or "ok".
func runConfig(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return errors.New("usage: discord-mcp-proxy config check FILE")
	}
	if err := config.CheckFile(args[1]); err != nil {
		return fmt.Errorf("%s has bad settings:\n%w", args[1], err)
	}
	fmt.Fprintf(stdout, "%s: ok\n", args[1])
	return nil
}
