package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// runHealthcheck asks a running proxy's /healthz and exits non-zero
// unless it is healthy. It exists for container healthchecks: the image
// is distroless and has no curl or wget.
func runHealthcheck(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "health URL (default: http://127.0.0.1:<port of DMP_LISTEN>/healthz)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	target := *url
	if target == "" {
		target = localHealthURL(envOr("DMP_LISTEN", "127.0.0.1:8080"))
	}
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(target)
	if err := fasthttp.DoTimeout(req, resp, *timeout); err != nil {
		return fmt.Errorf("healthcheck %s: %w", target, err)
	}
	status := gjson.GetBytes(resp.Body(), "status").String()
	if resp.StatusCode() != fasthttp.StatusOK || status != "healthy" {
		return fmt.Errorf("healthcheck %s: HTTP %d, status %q", target, resp.StatusCode(), status)
	}
	fmt.Fprintf(stdout, "healthy (discord: %s)\n", gjson.GetBytes(resp.Body(), "discord").String())
	return nil
}

// localHealthURL reaches the proxy on loopback at its listen port, which
// is what a healthcheck inside the proxy's own container can always do.
func localHealthURL(listen string) string {
	_, port, err := net.SplitHostPort(listen)
	if err != nil || port == "" {
		port = "8080"
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz"
}
