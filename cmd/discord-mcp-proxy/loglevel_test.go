package main

import (
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// The level SIGHUP changes reaches every copy of the logger, and only
// this app's logger: another logger in the process keeps its own.
func TestLogLevelChangesEveryCopy(t *testing.T) {
	t.Parallel()
	var buf, other syncBuffer
	log, level := newLogger("info", &buf)
	child := log.With().Str("component", "x").Logger()
	otherLog, _ := newLogger("debug", &other)
	child.Debug().Msg("hidden")
	level.set(zerolog.DebugLevel)
	child.Debug().Msg("shown")
	level.set(zerolog.ErrorLevel)
	log.Warn().Msg("hidden too")
	otherLog.Debug().Msg("other")
	got := buf.String()
	if strings.Contains(got, "hidden") || !strings.Contains(got, "shown") {
		t.Errorf("log:\n%s", got)
	}
	if !strings.Contains(other.String(), "other") {
		t.Error("another app's logger must keep its own level")
	}
}
