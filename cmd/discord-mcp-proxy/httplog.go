package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rs/zerolog"
)

// httpLog takes fasthttp's own messages (refused connections, malformed
// requests) into the process log at debug level. fasthttp quotes the
// offending bytes (`invalid header value "Bot …"`), even with
// SecureErrorLogMessage, so every quoted part is blanked: a token must
// never reach a log.
type httpLog struct{ log zerolog.Logger }

// quoted matches a Go-quoted string (%q) or a backquoted one.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|` + "`[^`]*`")

func (l httpLog) Printf(format string, args ...any) {
	msg := quoted.ReplaceAllString(fmt.Sprintf(format, args...), `"…"`)
	if i := strings.IndexAny(msg, "`'"); i >= 0 || strings.Count(msg, `"`)%2 != 0 {
		msg = "fasthttp: " + format // a quote we could not pair: keep only the shape
	}
	l.log.Debug().Str("error", msg).Msg("http: refused a request")
}
