package ratelimit

// InvalidUsed is how many invalid responses (401, 403, 429) all tokens
// earned within the invalid-request window: what Discord's per-IP ban
// counts. For metrics.
func (l *Limiter) InvalidUsed() int {
	return l.store.AddInvalid("", false, 0, l.now(), l.o.InvalidWindow).Total.N
}
