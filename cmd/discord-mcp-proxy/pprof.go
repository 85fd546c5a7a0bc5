package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/rs/zerolog"
)

// startPprof serves Go's profiles (/debug/pprof/) on their own listener
// when --pprof-listen is set, so profiling never shares the MCP port or
// its handler. config refuses a non-loopback address unless the operator
// allowed it. It returns the bound address ("" when off) and a stop
// function that is always safe to call.
func startPprof(addr string, log zerolog.Logger) (string, func(), error) {
	if addr == "" {
		return "", func() {}, nil
	}
	ln, err := listen(addr)
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: pprofMux(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn().Err(err).Msg("pprof server stopped")
		}
	}()
	log.Info().Str("listen", ln.Addr().String()).Msg("serving Go profiles at /debug/pprof/")
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx) // a profile still being taken is cut off
	}
	return ln.Addr().String(), stop, nil
}

// pprofMux holds the profiling handlers on a mux of its own: the package's
// init also registers them on http.DefaultServeMux, which nothing here
// serves.
func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
