package discordtest

import (
	"testing"
	"time"
)

// TestMaxGlobalPerWindow: the sliding count sees a burst that straddles
// two fixed windows (30 at the end of one second, 30 at the start of the
// next: 60 within 100 ms), and forgets arrivals a window old.
func TestMaxGlobalPerWindow(t *testing.T) {
	c := newCounters()
	t0 := time.Unix(1000, 0)
	for i := 0; i < 30; i++ {
		c.globalArrival(t0.Add(950*time.Millisecond), time.Second)
		c.globalArrival(t0.Add(1050*time.Millisecond), time.Second)
	}
	if got := c.snapshot().MaxGlobalPerWindow; got != 60 {
		t.Errorf("straddling burst: max %d, want 60", got)
	}
	c.reset()
	for i := 0; i < 100; i++ { // 10 a second for 10 s
		c.globalArrival(t0.Add(time.Duration(i)*100*time.Millisecond), time.Second)
	}
	if got := c.snapshot().MaxGlobalPerWindow; got != 10 {
		t.Errorf("steady 10/s: max %d, want 10", got)
	}
}
