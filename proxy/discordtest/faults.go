package discordtest

import (
	"math/rand/v2"
	"sync"

	"github.com/valyala/fasthttp"
)

// faultStream is the PCG's second word. Any constant would do; it is fixed
// so that Options.FaultSeed alone names the sequence of faults.
const faultStream = 0x9e3779b97f4a7c15

// faults decides which requests get an injected 5xx. Its draws come from
// one PCG source seeded by Options.FaultSeed, taken in the order requests
// reach the fault gate: the same requests sent in the same order meet the
// same faults, run after run.
type faults struct {
	rate float64
	mu   sync.Mutex // guards rng: fasthttp serves requests concurrently
	rng  *rand.Rand
}

func newFaults(rate float64, seed uint64) *faults {
	return &faults{rate: rate, rng: rand.New(rand.NewPCG(seed, faultStream))}
}

// next draws for one request: whether it fails, and if so whether as the
// edge's 502 rather than Discord's 500. Both draws happen under one lock so
// concurrent requests cannot interleave them.
func (f *faults) next() (fail, badGateway bool) {
	if f.rate <= 0 {
		return false, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rng.Float64() >= f.rate {
		return false, false
	}
	return true, f.rng.IntN(2) == 1
}

// writeFault answers an injected failure: Discord's JSON 500 or the edge's
// HTML 502, neither with rate-limit headers.
func writeFault(ctx *fasthttp.RequestCtx, badGateway bool) outcome {
	if !badGateway {
		o := writeErr(ctx, errInternal)
		o.fault = true
		return o
	}
	ctx.SetStatusCode(fasthttp.StatusBadGateway)
	ctx.SetContentType("text/html")
	ctx.SetBodyString("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n")
	return outcome{status: fasthttp.StatusBadGateway, fault: true}
}
