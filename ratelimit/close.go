package ratelimit

import "time"

// Close ends every wait in the limiter at once, and fails every later
// Acquire before it waits, with an *Error whose cause is ErrShuttingDown
// and whose RetryAfter is retryAfter: a process shutting down answers its
// queued callers instead of holding them to --max-wait. Requests already
// granted are not touched; their Done and Abandon still count.
func (l *Limiter) Close(retryAfter time.Duration) {
	l.closeOnce.Do(func() {
		l.closeWait.Store(int64(retryAfter))
		l.closed.Store(true)
		close(l.closing)
	})
}

func (l *Limiter) closedError() error {
	return &Error{RetryAfter: time.Duration(l.closeWait.Load()), Reason: "the proxy is shutting down", Cause: ErrShuttingDown}
}
