package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/audit"
)

// errChainBroken makes `audit verify` exit non-zero after printing where.
var errChainBroken = errors.New("audit chain broken")

// runAudit is `audit verify [--key-file F] FILE…`: check the keyed chain
// of an audit file (rotated backups first, oldest first, then the current
// file) and name the first line where it breaks. The key is serve's:
// --key-file, else DMP_AUDIT_KEY_FILE, else audit.key in DMP_DATA_DIR or
// the default data directory.
func runAudit(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "verify" {
		return errors.New("audit: want audit verify [--key-file FILE] FILE… (rotated backups oldest first, then the current file)")
	}
	keyFile, files, err := verifyArgs(args[1:])
	if err != nil {
		return err
	}
	key, err := audit.LoadKey(keyFile)
	if err != nil {
		return fmt.Errorf("audit verify needs the chain key (--key-file): %w", err)
	}
	rep, err := audit.VerifyFiles(key, files...)
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
	for _, r := range rep.Recovered {
		fmt.Fprintf(stdout, "RECOVERED: %s is a partial line left by a crash; a recovery marker follows it\n", r)
	}
	if rep.PartialTail {
		fmt.Fprintln(stdout, "PARTIAL: the last line is partial (a crash); the next start marks it")
	}
	return nil
}

// verifyArgs splits off --key-file (or --key-file=F) and finds the
// default key file when none is given.
func verifyArgs(args []string) (keyFile string, files []string, err error) {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--key-file" && i+1 < len(args):
			keyFile, i = args[i+1], i+1
		case strings.HasPrefix(a, "--key-file="):
			keyFile = strings.TrimPrefix(a, "--key-file=")
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		return "", nil, errors.New("audit verify: no files")
	}
	if keyFile == "" {
		keyFile = os.Getenv("DMP_AUDIT_KEY_FILE")
	}
	if keyFile == "" {
		dir := os.Getenv("DMP_DATA_DIR")
		if dir == "" {
			base, uerr := os.UserConfigDir()
			if uerr != nil {
				return "", nil, errors.New("audit verify: give --key-file")
			}
			dir = filepath.Join(base, "discord-mcp-proxy")
		}
		keyFile = filepath.Join(dir, "audit.key")
	}
	return keyFile, files, nil
}
