package proxy

import (
	"fmt"
	"strconv"
	"time"
)

// Kind classifies a failure the way tool results report it to the model.
type Kind string

const (
	NotConnected     Kind = "DiscordNotConnectedError"
	PermissionDenied Kind = "PermissionDeniedError"
	ChannelNotFound  Kind = "ChannelNotFoundError"
	GuildNotFound    Kind = "GuildNotFoundError"
	MessageNotFound  Kind = "MessageNotFoundError"
	RateLimited      Kind = "RateLimitError"
	InvalidInput     Kind = "InvalidInputError"
)

// Error is a failure the proxy itself decided on (nothing, or nothing
// more, reached Discord). It never carries a token.
type Error struct {
	Kind       Kind
	Msg        string
	Resolution string
	Status     int           // HTTP status for the raw passthrough and helper endpoints
	RetryAfter time.Duration // for RateLimited
	Err        error         // the cause, for errors.Is/As
}

func (e *Error) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%s: %s (retry after %d ms)", e.Kind, e.Msg, e.RetryAfter.Milliseconds())
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

func formatSeconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }
