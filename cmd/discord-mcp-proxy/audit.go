package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
)

// errChainBroken makes `audit verify` exit non-zero after printing where.
var errChainBroken = errors.New("audit chain broken")

// runAudit is `audit verify FILE…`: check the hash chain of an audit file
// (rotated backups first, oldest first, then the current file) and name
// the first line where it breaks.
func runAudit(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "verify" {
		return errors.New("audit: want audit verify FILE… (rotated backups oldest first, then the current file)")
	}
	rep, err := audit.VerifyFiles(args[1:]...)
	var br *audit.Break
	if errors.As(err, &br) {
		fmt.Fprintf(stdout, "BROKEN at %s\n", br)
		return errChainBroken
	}
	if err != nil {
		return err
	}
	start := "starts the chain"
	if !rep.Genesis {
		start = fmt.Sprintf("follows %s (in an earlier file)", rep.FirstPrev)
	}
	fmt.Fprintf(stdout, "OK: %d lines, seq %d-%d; the first line %s; last hash %s\n",
		rep.Lines, rep.FirstSeq, rep.LastSeq, start, rep.LastHash)
	return nil
}
