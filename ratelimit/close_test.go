package ratelimit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestCloseEndsEveryWait: at Close, every caller queued in the limiter
// (behind a bucket's reset, behind the token's global limit, behind a
// token's first request) gets ErrShuttingDown with the Retry-After given,
// at that instant; later Acquires fail before waiting; a permit already
// granted still ends normally.
func TestCloseEndsEveryWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Minute, GlobalPerSecond: 2})
		f := &fakeWindow{limit: 1, period: 30 * time.Second}
		first := mustAcquire(t, l, req("/m"))
		first.Done(f.take(time.Now())) // the bucket is known and spent for 30 s
		granted := mustAcquire(t, l, req("/other"))

		var (
			mu   sync.Mutex
			errs []error
			at   []time.Duration
			wg   sync.WaitGroup
		)
		start := time.Now()
		for i := 0; i < 20; i++ {
			path := "/m"
			if i%2 == 1 {
				path = "/g" // the global limit of 2 a second queues these
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := l.Acquire(context.Background(), req(path))
				mu.Lock()
				defer mu.Unlock()
				errs, at = append(errs, err), append(at, time.Since(start))
			}()
		}
		time.Sleep(10 * time.Second) // some /g were granted; the rest wait
		synctest.Wait()
		mu.Lock()
		before := len(errs)
		mu.Unlock()
		l.Close(5 * time.Second)
		wg.Wait()
		shut := 0
		for i, err := range errs[before:] {
			var le *Error
			if !errors.As(err, &le) || !errors.Is(err, ErrShuttingDown) || le.RetryAfter != 5*time.Second {
				t.Errorf("a queued caller ended with %v, want ErrShuttingDown with Retry-After 5s", err)
			}
			if at[before+i] != 10*time.Second {
				t.Errorf("a queued caller ended at %v, want at the Close (10s)", at[before+i])
			}
			shut++
		}
		if shut < 10 {
			t.Errorf("only %d callers were still queued at Close: the test proves little", shut)
		}
		if _, err := l.Acquire(context.Background(), req("/new")); !errors.Is(err, ErrShuttingDown) {
			t.Errorf("Acquire after Close: %v", err)
		}
		granted.Done(f.take(time.Now())) // no panic, no effect on others
	})
}
