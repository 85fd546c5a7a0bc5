package ratelimit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// Tests run in synctest bubbles: time is virtual, so waits of seconds take
// none, and assertions on elapsed time are exact, not flaky.

func req(route string) Request {
	return Request{Token: "tok", Method: "POST", Route: route, Major: "1", Global: true, ProvesToken: true}
}

func limitHeaders(limit, remaining int, resetAfter time.Duration, hash string) Headers {
	return Headers{Status: 200, HasLimit: true, Limit: limit, Remaining: remaining, ResetAfter: resetAfter, Bucket: hash}
}

func mustAcquire(t *testing.T, l *Limiter, r Request) *Permit {
	t.Helper()
	p, err := l.Acquire(context.Background(), r)
	if err != nil {
		t.Fatalf("Acquire(%+v): %v", r, err)
	}
	return &p
}

// acquireAsync starts Acquire in a goroutine and reports its result on a channel.
func acquireAsync(ctx context.Context, l *Limiter, r Request) <-chan *Permit {
	ch := make(chan *Permit, 1)
	go func() {
		p, err := l.Acquire(ctx, r)
		if err != nil {
			ch <- nil
			return
		}
		ch <- &p
	}()
	return ch
}

func TestFirstRequestAloneThenRemainingAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{})
		first := mustAcquire(t, l, req("/m"))
		// Unknown bucket: the next ones wait for the first response.
		var waiting []<-chan *Permit
		for i := 0; i < 5; i++ {
			waiting = append(waiting, acquireAsync(context.Background(), l, req("/m")))
			synctest.Wait() // queue them in a known order
		}
		synctest.Wait()
		for i, ch := range waiting {
			select {
			case <-ch:
				t.Fatalf("request %d went before the first response", i)
			default:
			}
		}
		start := time.Now()
		first.Done(limitHeaders(5, 3, 5*time.Second, ""))
		synctest.Wait()
		// Remaining 3: three go at once, without waiting for each other.
		var got []*Permit
		for _, ch := range waiting[:3] {
			select {
			case p := <-ch:
				got = append(got, p)
			default:
				t.Fatal("a request within Remaining did not go at once (FIFO order)")
			}
		}
		for _, ch := range waiting[3:] {
			select {
			case <-ch:
				t.Fatal("a request beyond Remaining went before the reset")
			default:
			}
		}
		for _, p := range got {
			p.Done(limitHeaders(5, 0, 5*time.Second, ""))
		}
		// The other two go at the reset, 5 s later.
		for _, ch := range waiting[3:] {
			if p := <-ch; p == nil {
				t.Fatal("Acquire failed after reset")
			} else {
				p.Done(limitHeaders(5, 3, 5*time.Second, ""))
			}
		}
		if d := time.Since(start); d != 5*time.Second+resetMargin {
			t.Errorf("waited %v for the reset, want 5s and the margin", d)
		}
	})
}

func TestWaitLongerThanMaxWaitFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 2 * time.Second})
		mustAcquire(t, l, req("/m")).Done(limitHeaders(1, 0, 10*time.Second, ""))
		start := time.Now()
		_, err := l.Acquire(context.Background(), req("/m"))
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrWaitTooLong) || e.RetryAfter != 10*time.Second+resetMargin {
			t.Fatalf("Acquire = %v, want *Error RetryAfter 10s and the margin", err)
		}
		if time.Since(start) != 0 {
			t.Errorf("failing fast took %v", time.Since(start))
		}
		// A context deadline shorter than MaxWait counts the same.
		l2 := newLimiter(Options{})
		mustAcquire(t, l2, req("/m")).Done(limitHeaders(1, 0, 10*time.Second, ""))
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if _, err := l2.Acquire(ctx, req("/m")); !errors.Is(err, ErrWaitTooLong) {
			t.Fatalf("Acquire with 3s deadline on a 10s wait = %v", err)
		}
		// A wait within the deadline waits.
		ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel2()
		start = time.Now()
		if _, err := l2.Acquire(ctx2, req("/m")); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 10*time.Second+resetMargin {
			t.Errorf("waited %v, want 10s and the margin", d)
		}
	})
}

func TestCancelWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{})
		first := mustAcquire(t, l, req("/m"))
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := l.Acquire(ctx, req("/m"))
			errc <- err
		}()
		synctest.Wait()
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("Acquire after cancel = %v", err)
		}
		// The cancelled waiter must not hold the slot.
		first.Done(limitHeaders(2, 1, time.Second, ""))
		p := mustAcquire(t, l, req("/m"))
		p.Done(limitHeaders(2, 0, time.Second, ""))
	})
}

func TestAbandonGivesSlotBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Millisecond})
		mustAcquire(t, l, req("/m")).Done(limitHeaders(2, 1, 10*time.Second, ""))
		p := mustAcquire(t, l, req("/m"))
		if _, err := l.Acquire(context.Background(), req("/m")); err == nil {
			t.Fatal("bucket should be empty")
		}
		p.Abandon()
		p.Abandon() // once only
		p.Done(limitHeaders(2, 0, time.Second, ""))
		q := mustAcquire(t, l, req("/m"))
		q.Abandon()
		// First request of an unknown bucket abandoned: the next may go.
		p = mustAcquire(t, l, req("/other"))
		p.Abandon()
		mustAcquire(t, l, req("/other")).Abandon()
	})
}

func TestBucketHashGroupsRoutes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Second})
		a, b := req("/a"), req("/b")
		mustAcquire(t, l, a).Done(limitHeaders(2, 1, 5*time.Second, "h1"))
		mustAcquire(t, l, b).Done(limitHeaders(2, 0, 5*time.Second, "h1"))
		// Both routes now share h1's window, which is empty.
		for _, r := range []Request{a, b} {
			if _, err := l.Acquire(context.Background(), r); !errors.Is(err, ErrWaitTooLong) {
				t.Errorf("Acquire(%s) after shared bucket emptied = %v, want ErrWaitTooLong", r.Route, err)
			}
		}
		// Another major parameter is another bucket, same hash or not.
		c := a
		c.Major = "2"
		mustAcquire(t, l, c).Done(limitHeaders(2, 1, 5*time.Second, "h1"))
		mustAcquire(t, l, c).Abandon()
		// After the reset both routes go again.
		time.Sleep(5 * time.Second)
		mustAcquire(t, l, a).Done(limitHeaders(2, 1, 5*time.Second, "h1"))
		mustAcquire(t, l, b).Done(limitHeaders(2, 0, 5*time.Second, "h1"))
	})
}

func TestGlobalLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{PerTokenGlobal: map[string]int{"slow": 2}})
		start := time.Now()
		for i := 0; i < 51; i++ {
			r := req("/g")
			r.Major = string(rune('a'+i%26)) + string(rune('a'+i/26))
			mustAcquire(t, l, r).Done(Headers{Status: 200})
		}
		// 50 at once, the 51st a second (and a margin) after the first:
		// never more than 50 in any second.
		if d := time.Since(start); d != GlobalWindow {
			t.Errorf("51 requests took %v, want %v", d, GlobalWindow)
		}
		// Requests outside the global limit are not paced.
		start = time.Now()
		for i := 0; i < 100; i++ {
			r := req("/interaction")
			r.Global, r.Major = false, string(rune('a'+i%26))+string(rune('a'+i/26))
			mustAcquire(t, l, r).Done(Headers{Status: 204})
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("100 non-global requests took %v, want 0", d)
		}
		// A per-token override.
		start = time.Now()
		for i := 0; i < 3; i++ {
			r := req("/g")
			r.Token, r.Major = "slow", string(rune('a'+i))
			mustAcquire(t, l, r).Done(Headers{Status: 200})
		}
		if d := time.Since(start); d != GlobalWindow {
			t.Errorf("3 requests at 2/s took %v, want %v", d, GlobalWindow)
		}
	})
}

func TestGlobal429Locks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: 10 * time.Second})
		p := mustAcquire(t, l, req("/x"))
		// Discord's global 429: no Limit/Remaining, Retry-After and scope global.
		p.Done(Headers{Status: 429, RetryAfter: 3 * time.Second, Global: true, Scope: "global"})
		start := time.Now()
		other := req("/y")
		mustAcquire(t, l, other).Done(Headers{Status: 200})
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("request after a global 429 waited %v, want 3s", d)
		}
		// Fail fast when the lock outlasts MaxWait.
		p = mustAcquire(t, l, req("/z"))
		p.Done(Headers{Status: 429, RetryAfter: 60 * time.Second, Scope: "global"})
		if _, err := l.Acquire(context.Background(), req("/w")); !errors.Is(err, ErrWaitTooLong) {
			t.Errorf("Acquire under a 60s global lock = %v", err)
		}
		// Not bound by the global limit: goes now.
		nog := req("/cb")
		nog.Global = false
		mustAcquire(t, l, nog).Done(Headers{Status: 204})
	})
}

func TestUser429StallsBucketShared429DoesNot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{InvalidBudget: 2, MaxWait: time.Second})
		mustAcquire(t, l, req("/s")).Done(limitHeaders(5, 4, 5*time.Second, ""))
		// Shared scope: Retry-After far longer than Reset-After; not our fault.
		for i := 0; i < 3; i++ {
			p := mustAcquire(t, l, req("/s"))
			h := limitHeaders(5, 4, 5*time.Second, "")
			h.Status, h.Scope, h.RetryAfter = 429, "shared", 1337*time.Second
			p.Done(h)
		}
		if _, err := l.Acquire(context.Background(), req("/s")); err != nil {
			t.Fatalf("shared 429s stalled the bucket or spent the budget: %v", err)
		}
		// A user-scope 429 empties the bucket for Retry-After, even though
		// its headers (wrongly) say there is room.
		p := mustAcquire(t, l, req("/u"))
		h := limitHeaders(5, 3, time.Second, "")
		h.Status, h.Scope, h.RetryAfter = 429, "user", 4*time.Second
		p.Done(h)
		_, err := l.Acquire(context.Background(), req("/u"))
		var e *Error
		if !errors.As(err, &e) || e.RetryAfter != 4*time.Second {
			t.Fatalf("Acquire after user 429 = %v, want RetryAfter 4s", err)
		}
	})
}

func TestInvalidBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{InvalidBudget: 3, InvalidWindow: time.Minute})
		for i := 0; i < 3; i++ {
			r := req("/forbidden")
			r.Major = string(rune('a' + i))
			mustAcquire(t, l, r).Done(Headers{Status: 403})
		}
		_, err := l.Acquire(context.Background(), req("/fine"))
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalidBudget) {
			t.Fatalf("Acquire past the budget = %v", err)
		}
		if e.RetryAfter <= 0 || e.RetryAfter > time.Minute {
			t.Errorf("RetryAfter = %v, want within the window", e.RetryAfter)
		}
		// The budget is also counted across tokens.
		other := req("/fine")
		other.Token = "other"
		if _, err := l.Acquire(context.Background(), other); !errors.Is(err, ErrInvalidBudget) {
			t.Errorf("other token past the total budget = %v", err)
		}
		time.Sleep(e.RetryAfter)
		mustAcquire(t, l, req("/fine")).Done(Headers{Status: 200})
	})
}

func TestInvalidBudgetPerTokenAndTotal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := NewMemoryStore()
		now := time.Now()
		store.AddInvalid("a", false, 2, now, time.Minute)
		store.AddInvalid("b", true, 1, now.Add(30*time.Second), time.Minute)
		c := store.AddInvalid("b", true, 0, now.Add(30*time.Second), time.Minute)
		want := InvalidCounts{Token: Count{1, time.Minute}, Total: Count{3, 30 * time.Second}, Unknown: Count{1, time.Minute}}
		if c != want {
			t.Errorf("counts = %+v; want %+v", c, want)
		}
		c = store.AddInvalid("a", false, 0, now.Add(61*time.Second), time.Minute)
		if c.Token.N != 0 || c.Total.N != 1 || c.Unknown.N != 1 {
			t.Errorf("after window: %+v; want 0, 1, 1", c)
		}
	})
}

func TestUnauthorized(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{})
		// A webhook token's 401 says nothing about the bot token.
		wh := req("/webhooks")
		wh.TokenScoped = true
		mustAcquire(t, l, wh).Done(Headers{Status: 401})
		mustAcquire(t, l, req("/m")).Done(Headers{Status: 401})
		_, err := l.Acquire(context.Background(), req("/n"))
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrTokenInvalid) {
			t.Fatalf("Acquire after 401 = %v, want ErrTokenInvalid", err)
		}
		other := req("/n")
		other.Token = "other"
		mustAcquire(t, l, other).Done(Headers{Status: 200})
		l.ResetToken("tok")
		mustAcquire(t, l, req("/n")).Done(Headers{Status: 200})
	})
}

func TestNoLimitHeadersOpensBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{})
		mustAcquire(t, l, req("/gateway")).Done(Headers{Status: 200})
		var ps []*Permit
		for i := 0; i < 10; i++ {
			ps = append(ps, mustAcquire(t, l, req("/gateway")))
		}
		for _, p := range ps {
			p.Done(Headers{Status: 200})
		}
	})
}

func TestConcurrentFIFO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Hour})
		mustAcquire(t, l, req("/q")).Done(limitHeaders(1, 0, time.Second, ""))
		var (
			mu    sync.Mutex
			order []int
			wg    sync.WaitGroup
		)
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Not mustAcquire: t.Fatal must not be called off the test's goroutine.
				p, err := l.Acquire(context.Background(), req("/q"))
				if err != nil {
					t.Errorf("waiter %d: %v", i, err)
					return
				}
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				p.Done(limitHeaders(1, 0, time.Second, ""))
			}()
			synctest.Wait() // queue them in a known order
		}
		wg.Wait()
		for i, v := range order {
			if v != i {
				t.Fatalf("order %v, want FIFO", order)
			}
		}
	})
}

// TestStress mixes routes, outcomes, cancels and abandons across goroutines;
// under -race it checks the locking, and every request must finish.
func TestStress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Options{MaxWait: time.Minute, GlobalPerSecond: 20})
		outcomes := []Headers{
			limitHeaders(3, 2, time.Second, "h"),
			limitHeaders(3, 0, 2*time.Second, "h"),
			{Status: 429, RetryAfter: time.Second, Scope: "user"},
			{Status: 429, RetryAfter: 500 * time.Millisecond, Scope: "shared"},
			{Status: 500},
			{Status: 200},
		}
		var wg sync.WaitGroup
		for g := 0; g < 16; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					r := req([]string{"/a", "/b", "/c"}[(g+i)%3])
					ctx, cancel := context.WithTimeout(context.Background(), time.Duration(1+(g*i)%5)*time.Second)
					p, err := l.Acquire(ctx, r)
					cancel()
					if err != nil {
						continue
					}
					if (g+i)%7 == 0 {
						p.Abandon()
						continue
					}
					time.Sleep(time.Duration(i%3) * 10 * time.Millisecond)
					p.Done(outcomes[(g*3+i)%len(outcomes)])
				}
			}()
		}
		wg.Wait()
	})
}

// newLimiter is New with the tests' usual tokens vouched for, as the
// operator's token is, so that their first requests need not go one at
// a time (see admitToken); the budget tests use other tokens.
func newLimiter(o Options) *Limiter {
	l := New(o)
	for _, tok := range []string{"tok", "slow", "fp"} {
		l.Trust(tok)
	}
	return l
}
