package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestBogusTokensCannotLockOutOthers: 50 callers each with a token of
// their own making, all at once, against a budget of 30. Discord sees at
// most the unknown tokens' share of them, each once; the operator's
// token keeps working.
func TestBogusTokensCannotLockOutOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Options{InvalidBudget: 30})
		l.Trust("operator")
		sent := map[string]int{}
		var mu sync.Mutex
		attack := func() {
			var wg sync.WaitGroup
			for i := 0; i < 50; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := req("/channels/1/messages")
					r.Token = fmt.Sprintf("bogus%02d", i)
					p, err := l.Acquire(context.Background(), r)
					if err != nil {
						if !errors.Is(err, ErrInvalidBudget) && !errors.Is(err, ErrTokenInvalid) {
							t.Errorf("bogus token refused with %v", err)
						}
						return
					}
					mu.Lock()
					sent[r.Token]++
					mu.Unlock()
					time.Sleep(50 * time.Millisecond) // Discord thinks
					p.Done(Headers{Status: 401})
				}()
			}
			wg.Wait()
		}
		attack()
		attack()
		if len(sent) > 3 {
			t.Errorf("%d bogus tokens reached Discord, want at most the unknown share of 3", len(sent))
		}
		for tok, n := range sent {
			if n != 1 {
				t.Errorf("%s reached Discord %d times", tok, n)
			}
		}
		op := req("/channels/1/messages")
		op.Token = "operator"
		mustAcquire(t, l, op).Done(limitHeaders(5, 4, time.Second, ""))

		// The price: while the share is spent, a new token waits for the
		// window to slide, however good it is.
		fresh := req("/channels/1/messages")
		fresh.Token = "newcomer"
		_, err := l.Acquire(context.Background(), fresh)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalidBudget) || e.RetryAfter <= 0 || e.RetryAfter > 10*time.Minute {
			t.Fatalf("new token during the attack: %v", err)
		}
		time.Sleep(e.RetryAfter)
		mustAcquire(t, l, fresh).Done(Headers{Status: 200})
	})
}

// TestUnknownTokenOneAtATime: until Discord has answered a token's first
// request, its others wait; a 401 refuses them all without asking again,
// a 200 lets them all go.
func TestUnknownTokenOneAtATime(t *testing.T) {
	for _, status := range []int{401, 200} {
		synctest.Test(t, func(t *testing.T) {
			l := New(Options{})
			r := req("/channels/1/messages")
			r.Token = "new"
			first := mustAcquire(t, l, r)
			var rest []<-chan *Permit
			for i := 0; i < 10; i++ {
				r.Major = fmt.Sprint(i + 2) // other buckets: only the token holds them
				rest = append(rest, acquireAsync(context.Background(), l, r))
			}
			synctest.Wait()
			for _, ch := range rest {
				select {
				case <-ch:
					t.Fatal("a second request of an unknown token went before the first was answered")
				default:
				}
			}
			first.Done(Headers{Status: status})
			for _, ch := range rest {
				p := <-ch
				if (p != nil) != (status == 200) {
					t.Fatalf("after a %d: permit %v", status, p)
				}
				if p != nil {
					p.Done(Headers{Status: 200})
				}
			}
		})
	}
}

// TestRejectedTokenCountsOnce: a token Discord rejected stops counting;
// an accepted token's 403s count for it and the total, not the share.
func TestRejectedTokenCountsOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Options{InvalidBudget: 10, UnknownBudget: 2})
		bad := req("/m")
		bad.Token = "bad"
		mustAcquire(t, l, bad).Done(Headers{Status: 401})
		for i := 0; i < 5; i++ {
			if _, err := l.Acquire(context.Background(), bad); !errors.Is(err, ErrTokenInvalid) {
				t.Fatalf("rejected token: %v", err)
			}
		}
		good := req("/m")
		good.Token = "good"
		for i := 0; i < 9; i++ { // the first 403 accepts it: authenticated
			mustAcquire(t, l, good).Done(Headers{Status: 403})
		}
		c := l.store.AddInvalid("good", false, 0, time.Now(), l.o.InvalidWindow)
		if c.Token.N != 9 || c.Total.N != 10 || c.Unknown.N != 1 {
			t.Errorf("counts %+v, want token 9, total 10, unknown 1", c)
		}
		if _, err := l.Acquire(context.Background(), good); !errors.Is(err, ErrInvalidBudget) {
			t.Errorf("past the total: %v", err)
		}
	})
}
