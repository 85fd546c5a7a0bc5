// Command discord-mcp-proxy serves the Discord REST API to AI agents over
// MCP, behind one rate limiter and one firewall.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "serve MCP over HTTP (the default)", runServe},
		{"stdio", "serve MCP over standard input and output", runStdio},
		{"emulator", "run the Discord emulator", runEmulator},
		{"demo", "run the emulator and the proxy together, ready to try", runDemo},
		{"healthcheck", "exit 0 if a running proxy's /healthz says healthy (for container healthchecks)", runHealthcheck},
		{"config", "check a config file: config check FILE", runConfig},
		{"token", "bearer tokens: token issue --sub NAME --ttl 1h …, token revoke JTI, token rotate-key", runToken},
		{"audit", "check an audit file's keyed chain: audit verify [--key-file F] FILE…", runAudit},
		{"loadtest", "drive concurrent tool calls through the proxy and report what the emulator saw", runLoadtest},
		{"version", "print the version", func(_ context.Context, _ []string, stdout, _ io.Writer) error {
			fmt.Fprintln(stdout, "discord-mcp-proxy", version)
			return nil
		}},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: discord-mcp-proxy [command] [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'discord-mcp-proxy <command> --help' for a command's flags.\n")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "discord-mcp-proxy:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		usage(stdout)
		return nil
	}
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args, stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", name)
}
