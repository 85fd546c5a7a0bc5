package main

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/ratelimit/redisstore"
)

// newRedisStore opens the Redis store when --redis-url is set (nil, nil
// when not). An unreachable Redis is not an error at start: the failure
// mode applies, as it would later. (go-redis's errors name the address,
// never the URL's password.)
func newRedisStore(cfg *config.Config, log zerolog.Logger) (*redisstore.Store, error) {
	if cfg.RedisURL == "" {
		return nil, nil
	}
	local := cfg.RedisFail == "local"
	s, err := redisstore.New(redisstore.Options{URL: cfg.RedisURL, FailLocal: local, Replicas: cfg.Replicas,
		OnChange: func(err error) {
			if err == nil {
				log.Info().Msg("redis reachable again: rate limits are shared with the other replicas")
				return
			}
			ev := log.Warn().Str("redis_fail", cfg.RedisFail).AnErr("cause", err)
			if local {
				ev.Int("replicas", cfg.Replicas).Msg("redis unreachable: using this replica's share of the limits until it returns")
			} else {
				ev.Msg("redis unreachable: refusing calls until it returns (--redis-fail closed)")
			}
		}})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		log.Warn().AnErr("cause", err).Msg("redis not reachable at start")
	} else {
		log.Info().Int("replicas", cfg.Replicas).Str("redis_fail", cfg.RedisFail).Msg("rate limits shared through redis")
	}
	return s, nil
}

// limiterStore is the app's Store: Redis's, or nil for the in-memory one.
func limiterStore(s *redisstore.Store) ratelimit.Store {
	if s == nil {
		return nil
	}
	return s
}
