package redisstore

import "github.com/redis/go-redis/v9"

// Times in the scripts are integer milliseconds since the epoch, from the
// caller's clock (replicas' clocks must agree, as NTP keeps them): Lua
// numbers are doubles and Redis stores them as text, where 13 digits stay
// exact.

// luaGlobal reserves the token's next global slot: a sliding log (a sorted
// set scored by start time) where a start may come no sooner than gwin
// after the per-th newest before it, nor before the newest, nor before a
// reactive lock ends. It sets start (ms) and returns early with {-1, wait}
// when the wait exceeds maxwait. The enclosing script declares glog,
// glock, now, per, gwin, maxwait, id and start (a local of its own scope,
// not this fragment's, which may sit in an if block).
const luaGlobal = `
redis.call('ZREMRANGEBYSCORE', glog, '-inf', now - gwin)
local n = redis.call('ZCARD', glog)
start = now
if n >= per then
  local kth = redis.call('ZRANGE', glog, n - per, n - per, 'WITHSCORES')
  start = math.max(start, tonumber(kth[2]) + gwin)
end
local last = redis.call('ZRANGE', glog, -1, -1, 'WITHSCORES')
if last[2] then start = math.max(start, tonumber(last[2])) end
local lk = tonumber(redis.call('GET', glock))
if lk and lk > start then start = lk end
if start - now > maxwait then return {-1, start - now, '', tonumber(last[2]) or 0} end
`

// luaGlobalCommit logs the reservation made by luaGlobal.
const luaGlobalCommit = `
redis.call('ZADD', glog, start, id)
redis.call('PEXPIRE', glog, start - now + gwin + 1000)
`

// admitScript: KEYS route→hash key, global log, global lock; ARGV window
// prefix, route window name, major, now, id, in-flight ttl, global (0/1),
// per, gwin, maxwait, key ttl. Returns {1, global wait, window, newest}
// when admitted, {0, retry, window, newest} when the bucket is full,
// {-1, wait, ”, newest} when the global wait is too long. newest is the
// token's newest global slot (ms; 0 for none) of all replicas: where
// --redis-fail local may start on its own (fallbackLog).
//
// The window is the bucket hash's when Discord has named one for the
// route, else the route's own. Until a window is known, one request is
// in flight at a time (the probe). When the window's reset has passed,
// the next one opens on our clock with the slots left by those still in
// flight; the answers then confirm it (see finishScript).
var admitScript = redis.NewScript(`
local glog, glock = KEYS[2], KEYS[3]
local now, id, per, gwin, maxwait = tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local function newest()
  local l = redis.call('ZRANGE', glog, -1, -1, 'WITHSCORES')
  return tonumber(l[2]) or 0
end
local hash = redis.call('GET', KEYS[1])
local win = ARGV[1] .. ARGV[2]
if hash then win = ARGV[1] .. 'h:' .. hash .. ':' .. ARGV[3] end
local fl = win .. ':f'
redis.call('ZREMRANGEBYSCORE', fl, '-inf', now)
local inflight = redis.call('ZCARD', fl)
local w = redis.call('HMGET', win, 'limit', 'remaining', 'reset', 'period', 'unlimited')
local limit, remaining, reset = tonumber(w[1]), tonumber(w[2]), tonumber(w[3])
local counted = limit and w[5] ~= '1'
if not limit then
  if inflight > 0 then return {0, 20, win, newest()} end
elseif counted then
  if now >= reset and remaining < limit then
    remaining, reset = limit - inflight, now + tonumber(w[4])
    redis.call('HSET', win, 'remaining', remaining, 'reset', reset, 'predicted', 1)
  end
  if remaining <= 0 then return {0, math.max(reset - now, 1), win, newest()} end
end
local start = now
if ARGV[7] == '1' then
` + luaGlobal + luaGlobalCommit + `
end
if counted then redis.call('HSET', win, 'remaining', remaining - 1) end
redis.call('ZADD', fl, now + tonumber(ARGV[6]), id)
redis.call('PEXPIRE', fl, tonumber(ARGV[6]))
redis.call('PEXPIRE', win, math.max((reset or now) - now, 0) + tonumber(ARGV[11]))
return {1, start - now, win, newest()}
`)

// takeGlobalScript is TakeGlobal alone: KEYS global log, global lock;
// ARGV now, id, per, gwin, maxwait. Returns {1, wait, ”, newest} or
// {-1, wait, ”, newest} (newest as in admitScript).
var takeGlobalScript = redis.NewScript(`
local glog, glock = KEYS[1], KEYS[2]
local now, id, per, gwin, maxwait = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local start = now
` + luaGlobal + luaGlobalCommit + `
return {1, start - now, '', start}
`)

// lockScript moves the token's global lock to ARGV[1] (ms) unless it
// already ends later; ARGV[2] is now.
var lockScript = redis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[1]))
local untilms = tonumber(ARGV[1])
if (not cur or untilms > cur) and untilms > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[1], untilms, 'PX', untilms - tonumber(ARGV[2]))
end
return 1
`)

// finishScript applies an answer to the shared window, as the local
// bucket does (bucket.learn, classify, apply), and returns {1, newest}
// (newest as in admitScript): KEYS route→hash key, global log;
// ARGV ticket window, ticket id, now, status, has limit (0/1), limit,
// remaining, reset-after ms, reset ms (0: absent), bucket hash, user 429
// (0/1), retry ms, window prefix, major, key ttl, margin ms.
var finishScript = redis.NewScript(`
local function apply()
local now, status = tonumber(ARGV[3]), tonumber(ARGV[4])
local hlimit, hrem, rafter, rabs = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local ttl, margin = tonumber(ARGV[15]), tonumber(ARGV[16])
redis.call('ZREM', ARGV[1] .. ':f', ARGV[2])
local win = ARGV[1]
if ARGV[10] ~= '' and status ~= 429 then
  redis.call('SET', KEYS[1], ARGV[10], 'PX', 3600000)
  win = ARGV[13] .. 'h:' .. ARGV[10] .. ':' .. ARGV[14]
end
local fl = win .. ':f'
redis.call('ZREMRANGEBYSCORE', fl, '-inf', now)
local others = redis.call('ZCARD', fl)
local w = redis.call('HMGET', win, 'limit', 'remaining', 'reset', 'period', 'unlimited', 'stamp', 'predicted', 'seen', 'hold')
local limit, remaining, reset, period = tonumber(w[1]), tonumber(w[2]), tonumber(w[3]), tonumber(w[4])
local known, unlimited = limit ~= nil, w[5] == '1'
local stamp0, predicted, seen, hold = tonumber(w[6]) or 0, w[7] == '1', tonumber(w[8]) or 0, tonumber(w[9]) or 0
local function save()
  if hold > now then remaining, reset = 0, math.max(reset, hold) end
  redis.call('HSET', win, 'limit', limit, 'remaining', remaining, 'reset', reset, 'period', period,
    'unlimited', 0, 'stamp', stamp0, 'predicted', predicted and 1 or 0, 'seen', seen, 'hold', hold)
  redis.call('PEXPIRE', win, math.max(reset - now, 0) + ttl)
end
if ARGV[11] == '1' then
  local retry = tonumber(ARGV[12])
  if retry <= 0 then retry = rafter end
  if not known or unlimited then
    limit = 1
    if ARGV[5] == '1' then limit = hlimit end
  end
  remaining, hold = 0, math.max(hold, now + retry)
  reset = math.max(reset or 0, hold)
  period = period or math.max(retry, 1000)
  save()
  return 1
end
if ARGV[5] ~= '1' or hlimit <= 0 then
  if not known and status >= 200 and status < 300 then
    redis.call('HSET', win, 'limit', 0, 'unlimited', 1)
    redis.call('PEXPIRE', win, ttl)
  end
  return 1
end
local nreset = now + rafter + margin
if rafter <= 0 and rabs > 0 then nreset = rabs + margin end
local stamp = rabs
if stamp <= 0 then stamp = nreset end
period = period or 1000
local rel = 'next'
if known and not unlimited and stamp0 > 0 then
  local d, tol = stamp - stamp0, period / 2
  local jitter = tol / 2
  if rabs > 0 then jitter = math.min(jitter, 20) end
  if d < -tol then rel = 'old'
  elseif d > tol or (d > jitter and hrem > seen) then
    if predicted then rel = 'confirm' end
  elseif predicted then rel = 'old'
  else rel = 'same' end
end
local fresh = rafter > 0 and status ~= 429
if rel == 'next' then
  limit, remaining, reset = hlimit, math.max(0, hrem - others), nreset
  stamp0, predicted, seen = stamp, false, hrem
  if fresh then period = rafter end
elseif rel == 'confirm' then
  limit, remaining, reset = hlimit, math.min(remaining, hrem), nreset
  stamp0, predicted, seen = stamp, false, hrem
  if fresh then period = rafter end
elseif rel == 'same' then
  limit, remaining, seen = hlimit, math.min(remaining, hrem), math.min(seen, hrem)
  reset = math.min(reset, nreset)
  if fresh and rafter > period then period = rafter end
else
  return 1
end
save()
return 1
end
apply()
local l = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
return {1, tonumber(l[2]) or 0}
`)

// invalidScript adds n invalid answers (n may be 0) to up to three
// sliding counts (hashes of slot → count, a slot being window/600) and
// returns for each its count and ms until its oldest slot expires. KEYS
// the counts; ARGV now, n, slot width ms, key ttl ms, then one add flag
// (0/1) per key.
var invalidScript = redis.NewScript(`
local now, n, width, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local cur = math.floor(now / width)
local out = {}
for i, key in ipairs(KEYS) do
  if n > 0 and ARGV[4 + i] == '1' then
    redis.call('HINCRBY', key, cur, n)
    redis.call('PEXPIRE', key, ttl)
  end
  local all = redis.call('HGETALL', key)
  local total, oldest = 0, nil
  for j = 1, #all, 2 do
    local slot = tonumber(all[j])
    if slot <= cur - 600 then
      redis.call('HDEL', key, all[j])
    else
      total = total + tonumber(all[j + 1])
      if not oldest or slot < oldest then oldest = slot end
    end
  end
  local next = 0
  if oldest then next = (oldest + 600) * width - now end
  out[#out + 1] = total
  out[#out + 1] = next
end
return out
`)
