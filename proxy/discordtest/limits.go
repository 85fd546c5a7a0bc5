package discordtest

import (
	"crypto/md5"
	"encoding/hex"
	"sync"
	"time"
)

// BucketLimit is one rate-limit bucket: Limit requests per Window, counted
// from the first request after the previous window ended (as Discord's
// X-RateLimit-Reset-After shows).
type BucketLimit struct {
	Limit  int
	Window time.Duration
}

// SharedLimit makes one route answer 429s with X-RateLimit-Scope: shared,
// as Discord does for limits on a resource shared by all users. It is
// counted per major parameter and does not count as an invalid request.
type SharedLimit struct {
	Route      string        // "METHOD /template", e.g. "PATCH /channels/{channel_id}"
	Limit      int           // requests per Window, all clients together
	Window     time.Duration //
	RetryAfter time.Duration // Retry-After sent on its 429s; may differ from the bucket's reset, as in Discord's example
}

// Limits configures the emulator's rate limits. Zero values disable the
// corresponding limit; DefaultLimits is Discord-like.
type Limits struct {
	// GlobalLimit requests per GlobalWindow per bot token, across all
	// routes except webhook executions and interaction callbacks.
	GlobalLimit  int
	GlobalWindow time.Duration
	// Buckets by bucket name (the names in BucketNames). A route whose
	// bucket is missing here sends no rate-limit headers and is not limited.
	Buckets map[string]BucketLimit
	Shared  []SharedLimit
	// InvalidLimit invalid requests (401, 403, non-shared 429) within
	// InvalidWindow earn a ban lasting BanDuration: every request is then
	// answered 429 with an HTML body and no rate-limit headers.
	InvalidLimit  int
	InvalidWindow time.Duration
	BanDuration   time.Duration
}

// Bucket names. Routes sharing a name share one bucket (and one
// X-RateLimit-Bucket hash) per major parameter.
const (
	BucketUserRead          = "user_read"           // GET /users/@me, /users/{user_id}
	BucketUserGuilds        = "user_guilds"         // GET /users/@me/guilds
	BucketGuildRead         = "guild_read"          // GET /guilds/{id}, its channels and roles
	BucketGuildMembers      = "guild_members"       // GET /guilds/{id}/members[/{user_id}]
	BucketChannelRead       = "channel_read"        // GET /channels/{id}
	BucketChannelModify     = "channel_modify"      // PATCH and DELETE /channels/{id}
	BucketMessageRead       = "message_read"        // GET messages and one message
	BucketMessageCreate     = "message_create"      // POST messages
	BucketMessageModify     = "message_modify"      // PATCH and DELETE of a recent message
	BucketMessageDeleteOld  = "message_delete_old"  // DELETE of a message older than 14 days
	BucketMessageBulkDelete = "message_bulk_delete" // POST bulk-delete
	BucketReaction          = "reaction"            // PUT and DELETE own reaction
	BucketTyping            = "typing"              // POST typing
	BucketPin               = "pin"                 // PUT and DELETE a pin
	BucketWebhookExecute    = "webhook_execute"     // POST /webhooks/{id}/{token}
	BucketInteraction       = "interaction"         // POST interaction callback
)

// DefaultLimits returns Discord-like limits: 50 requests/s per token, 5
// messages per 5 s per channel, one reaction per 250 ms per channel, and the
// 10,000-invalid-requests-in-10-minutes ban.
func DefaultLimits() *Limits {
	return &Limits{
		GlobalLimit: 50, GlobalWindow: time.Second,
		Buckets: map[string]BucketLimit{
			BucketUserRead:          {30, time.Second},
			BucketUserGuilds:        {5, 5 * time.Second},
			BucketGuildRead:         {50, time.Second},
			BucketGuildMembers:      {10, 10 * time.Second},
			BucketChannelRead:       {50, time.Second},
			BucketChannelModify:     {5, 5 * time.Second},
			BucketMessageRead:       {50, time.Second},
			BucketMessageCreate:     {5, 5 * time.Second},
			BucketMessageModify:     {5, 5 * time.Second},
			BucketMessageDeleteOld:  {1, time.Second},
			BucketMessageBulkDelete: {1, time.Second},
			BucketReaction:          {1, 250 * time.Millisecond},
			BucketTyping:            {5, 5 * time.Second},
			BucketPin:               {5, 5 * time.Second},
			BucketWebhookExecute:    {5, 2 * time.Second},
			BucketInteraction:       {50, time.Second},
		},
		InvalidLimit: 10000, InvalidWindow: 10 * time.Minute, BanDuration: time.Hour,
	}
}

// window is a fixed window: remaining requests until reset.
type window struct {
	remaining int
	reset     time.Time
}

// take spends one request if the window allows it, opening a new window
// when the old one has ended.
func (w *window) take(now time.Time, lim BucketLimit) bool {
	if !now.Before(w.reset) {
		w.remaining, w.reset = lim.Limit, now.Add(lim.Window)
	}
	if w.remaining <= 0 {
		return false
	}
	w.remaining--
	return true
}

// verdict is the limiter's answer for one request.
type verdict struct {
	scope      string // "" admitted, or "user", "global", "shared"
	retryAfter time.Duration
	violation  bool // the client had been told to wait (or the limit was spent)
	hasBucket  bool
	limit      int
	remaining  int
	reset      time.Time
	hash       string
}

// limiter holds rate-limit state; mu guards all fields.
type limiter struct {
	mu      sync.Mutex
	lim     Limits
	hashes  map[string]string
	buckets map[string]*window // bucket name + "/" + major
	shared  map[string]*window // shared route + "/" + major
	global  window

	forcedGlobalUntil time.Time
	forcedShared      map[string]time.Time // major ("" = any) → until
	// toldUntil records the Retry-After given by global and shared 429s, so
	// a request arriving before it counts as a violation.
	toldGlobalUntil time.Time
	toldShared      map[string]time.Time

	invalid     []time.Time // times of recent invalid requests, oldest first
	bannedUntil time.Time
}

func newLimiter(l Limits) *limiter {
	lm := &limiter{lim: l, hashes: map[string]string{}, buckets: map[string]*window{},
		shared: map[string]*window{}, forcedShared: map[string]time.Time{}, toldShared: map[string]time.Time{}}
	for name := range l.Buckets {
		sum := md5.Sum([]byte("discordtest bucket " + name))
		lm.hashes[name] = hex.EncodeToString(sum[:])
	}
	return lm
}

// BucketHash is the X-RateLimit-Bucket value the emulator sends for a
// bucket name ("" when the bucket is not configured).
func (e *Emulator) BucketHash(name string) string {
	e.lim.mu.Lock()
	defer e.lim.mu.Unlock()
	return e.lim.hashes[name]
}

// admit decides whether a request on route key (METHOD /template) with
// the given bucket name and major parameter may pass now, and spends it.
func (lm *limiter) admit(now time.Time, routeKey, bucket, major string, exemptGlobal bool) verdict {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	var v verdict
	if !exemptGlobal {
		if now.Before(lm.forcedGlobalUntil) {
			return lm.globalVerdict(now, lm.forcedGlobalUntil.Sub(now))
		}
		if lm.lim.GlobalLimit > 0 {
			lim := BucketLimit{lm.lim.GlobalLimit, lm.lim.GlobalWindow}
			if !lm.global.take(now, lim) {
				v := lm.globalVerdict(now, lm.global.reset.Sub(now))
				v.violation = true
				return v
			}
		}
	}
	bl, ok := lm.lim.Buckets[bucket]
	key := bucket + "/" + major
	w := lm.buckets[key]
	if ok {
		if w == nil {
			w = &window{}
			lm.buckets[key] = w
		}
		if !now.Before(w.reset) {
			w.remaining, w.reset = bl.Limit, now.Add(bl.Window)
		}
		v = verdict{hasBucket: true, limit: bl.Limit, remaining: w.remaining, reset: w.reset, hash: lm.hashes[bucket]}
	}
	if sv, hit := lm.sharedVerdict(now, routeKey, major); hit {
		sv.hasBucket, sv.limit, sv.remaining, sv.reset, sv.hash = v.hasBucket, v.limit, v.remaining, v.reset, v.hash
		return sv
	}
	if !ok {
		return v
	}
	if w.remaining <= 0 {
		v.scope, v.retryAfter, v.violation = "user", w.reset.Sub(now), true
		return v
	}
	w.remaining--
	v.remaining = w.remaining
	return v
}

func (lm *limiter) globalVerdict(now time.Time, retry time.Duration) verdict {
	v := verdict{scope: "global", retryAfter: retry, violation: now.Before(lm.toldGlobalUntil)}
	lm.toldGlobalUntil = now.Add(retry)
	return v
}

// sharedVerdict applies forced shared 429s and configured SharedLimits.
func (lm *limiter) sharedVerdict(now time.Time, routeKey, major string) (verdict, bool) {
	var retry time.Duration
	for _, k := range []string{major, ""} {
		if until, ok := lm.forcedShared[k]; ok && now.Before(until) {
			retry = until.Sub(now)
		}
	}
	for _, sl := range lm.lim.Shared {
		if retry > 0 || sl.Route != routeKey {
			continue
		}
		key := sl.Route + "/" + major
		w := lm.shared[key]
		if w == nil {
			w = &window{}
			lm.shared[key] = w
		}
		if !w.take(now, BucketLimit{sl.Limit, sl.Window}) {
			retry = max(sl.RetryAfter, w.reset.Sub(now))
		}
	}
	if retry <= 0 {
		return verdict{}, false
	}
	tk := routeKey + "/" + major
	v := verdict{scope: "shared", retryAfter: retry, violation: now.Before(lm.toldShared[tk])}
	lm.toldShared[tk] = now.Add(retry)
	return v, true
}

// noteInvalid records an invalid request and starts a ban past the limit.
func (lm *limiter) noteInvalid(now time.Time) {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	if lm.lim.InvalidLimit <= 0 {
		return
	}
	cut := now.Add(-lm.lim.InvalidWindow)
	i := 0
	for i < len(lm.invalid) && !lm.invalid[i].After(cut) {
		i++
	}
	lm.invalid = append(lm.invalid[i:], now)
	if len(lm.invalid) >= lm.lim.InvalidLimit {
		lm.bannedUntil = now.Add(lm.lim.BanDuration)
		lm.invalid = lm.invalid[:0]
	}
}

func (lm *limiter) banned(now time.Time) bool {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	return now.Before(lm.bannedUntil)
}

// resetBan forgets invalid requests and lifts a ban.
func (lm *limiter) resetBan() {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	lm.invalid, lm.bannedUntil = nil, time.Time{}
}
