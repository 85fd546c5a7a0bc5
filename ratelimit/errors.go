package ratelimit

import (
	"errors"
	"fmt"
	"time"
)

// Causes of an *Error; test with errors.Is.
var (
	// ErrTokenInvalid: Discord answered 401 to a request made with this
	// token's own authority; sending more would only spend the budget.
	ErrTokenInvalid = errors.New("token rejected by Discord (401)")
	// ErrInvalidBudget: too many 401/403/429 answers in the invalid window;
	// Discord bans the IP at 10,000 per 10 minutes.
	ErrInvalidBudget = errors.New("invalid-request budget spent")
	// ErrWaitTooLong: the wait exceeds MaxWait or the context's deadline.
	ErrWaitTooLong = errors.New("wait too long")
	// ErrShuttingDown: the limiter was closed (the process is stopping);
	// try again after RetryAfter, on this proxy or another replica.
	ErrShuttingDown = errors.New("shutting down")
)

// errSwept: the bucket was swept while Acquire was finding it; Acquire
// looks again and never returns it.
var errSwept = errors.New("bucket swept")

// Error is returned when Acquire fails fast instead of waiting.
type Error struct {
	RetryAfter time.Duration // 0 when waiting will not help (an invalid token)
	Reason     string        // what was limited: "bucket", "global", ...
	Cause      error         // ErrTokenInvalid, ErrInvalidBudget or ErrWaitTooLong
}

func (e *Error) Error() string {
	return fmt.Sprintf("ratelimit: %v: %s (retry after %d ms)", e.Cause, e.Reason, e.RetryAfter.Milliseconds())
}

func (e *Error) Unwrap() error { return e.Cause }

func budgetReason(whose string, count, budget int, window time.Duration) string {
	return fmt.Sprintf("%d invalid responses (401/403/429) for %s in %v, budget %d", count, whose, window, budget)
}
