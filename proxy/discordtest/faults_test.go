package discordtest

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
)

const faultRuns = 200

// faultPattern sends n requests one after another and returns each one's
// status, in order.
func faultPattern(t *testing.T, opts Options, n int) []int {
	t.Helper()
	e, base := start(t, opts)
	statuses := make([]int, n)
	for i := range statuses {
		statuses[i] = do(t, e, "GET", base+"/users/@me", "").status
	}
	if s := e.Stats(); s.Faults != int64(countFaults(statuses)) {
		t.Errorf("Stats.Faults %d, but %d answers were 5xx", s.Faults, countFaults(statuses))
	}
	return statuses
}

func countFaults(statuses []int) (n int) {
	for _, s := range statuses {
		if s >= 500 {
			n++
		}
	}
	return n
}

// TestFaultSeedRepeats: two emulators with the same FaultSeed fail exactly
// the same requests (by position, and 500 versus 502); another seed fails
// others, so the comparison can tell seeds apart.
func TestFaultSeedRepeats(t *testing.T) {
	opts := Options{Limits: noLimits(), FailRate: 0.3, FaultSeed: 42}
	first := faultPattern(t, opts, faultRuns)
	second := faultPattern(t, opts, faultRuns)
	if !slices.Equal(first, second) {
		t.Errorf("same seed, different faults:\n%v\n%v", first, second)
	}
	n := countFaults(first)
	// 30% of 200 is 60; a seeded PCG is far from the edges of this band.
	if n < 30 || n > 90 || !slices.Contains(first, 500) || !slices.Contains(first, 502) {
		t.Errorf("FailRate 0.3 failed %d of %d requests: %v", n, faultRuns, first)
	}
	opts.FaultSeed = 43
	if other := faultPattern(t, opts, faultRuns); slices.Equal(first, other) {
		t.Error("seeds 42 and 43 failed the same requests: the seed is not used")
	}
}

// TestFaultSeedConcurrent: concurrent requests take their draws from the
// one seeded stream, so however the scheduler orders them, as many fail
// (and as many of those with a 502) as in a sequential run with that seed.
func TestFaultSeedConcurrent(t *testing.T) {
	opts := Options{Limits: noLimits(), FailRate: 0.3, FaultSeed: 7}
	want := faultPattern(t, opts, faultRuns)
	e, base := start(t, opts)
	const workers = 8
	var (
		mu  sync.Mutex
		got []int
		wg  sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < faultRuns/workers; i++ {
				status, err := getStatus(base+"/users/@me", e.Token())
				if err != nil {
					t.Error(err) // not Fatal: this is not the test's goroutine
					return
				}
				mu.Lock()
				got = append(got, status)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(got)
	sorted := slices.Sorted(slices.Values(want))
	if !slices.Equal(got, sorted) {
		t.Errorf("concurrent statuses %v\nsequential statuses %v", got, sorted)
	}
	if s := e.Stats(); s.Faults != int64(countFaults(want)) {
		t.Errorf("Stats.Faults %d, want %d", s.Faults, countFaults(want))
	}
}

// getStatus is a goroutine-safe GET: it reports errors instead of failing
// the test.
func getStatus(url, token string) (int, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bot "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("GET %s: %w", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestNoFaultsNoDraws: without FailRate nothing fails, whatever the seed.
func TestNoFaultsNoDraws(t *testing.T) {
	if n := countFaults(faultPattern(t, Options{Limits: noLimits(), FaultSeed: 1}, 20)); n != 0 {
		t.Errorf("%d faults with FailRate 0", n)
	}
}
