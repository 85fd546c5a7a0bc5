package main

import (
	"io"
	"sync/atomic"

	"github.com/rs/zerolog"
)

// logLevel is a zerolog.LevelWriter that drops events below a level that
// can change while the process runs (SIGHUP). Events are written whole or
// not at all.
type logLevel struct {
	w   io.Writer
	min atomic.Int32
}

func (l *logLevel) set(lvl zerolog.Level) { l.min.Store(int32(lvl)) }

// enabled reports whether lines at lvl are written now.
func (l *logLevel) enabled(lvl zerolog.Level) bool { return int32(lvl) >= l.min.Load() }

func (l *logLevel) Write(p []byte) (int, error) { return l.w.Write(p) }

func (l *logLevel) WriteLevel(lvl zerolog.Level, p []byte) (int, error) {
	if int32(lvl) < l.min.Load() {
		return len(p), nil
	}
	return l.w.Write(p)
}
