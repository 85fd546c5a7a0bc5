package main

import (
	"context"
	"os"
	"os/signal"
	"reflect"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// reloadable are the Config fields a running proxy takes on SIGHUP: the
// scope ceiling and the log level. Sessions, connections, the limiter's
// state and the cache are kept. Anything else needs a restart.
var reloadable = map[string]bool{
	"LogLevel": true, "AllowedMethods": true, "AllowedPaths": true, "TargetGuilds": true,
	"TargetChannels": true, "TargetUsers": true, "PermissionBits": true, "PrivilegedIntents": true,
	"AllowedMentions": true, "EnablePassthrough": true, "EnableOwnerTools": true, "AllowUnknownRoutes": true,
}

func parseLevel(level string) zerolog.Level {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		return zerolog.InfoLevel
	}
	return lvl
}

// reload builds the new ceiling from load's config and swaps it in; a bad
// config changes nothing. It returns the settings that changed but need a
// restart.
func (a *app) reload(load func() (*config.Config, error)) (needRestart []string, err error) {
	cfg, err := load()
	if err != nil {
		return nil, err
	}
	if cfg.DiscordToken != a.cfg.DiscordToken {
		// The token is the ceiling's credential: the old one stays until a
		// restart, so a reload never switches bots under running calls.
		cfg.DiscordToken = a.cfg.DiscordToken
		needRestart = append(needRestart, "DISCORD_TOKEN")
	}
	if !reflect.DeepEqual(cfg.Bots, a.cfg.Bots) {
		// Likewise the named bots (--bot): names and tokens stay as at start.
		cfg.Bots = a.cfg.Bots
		needRestart = append(needRestart, "Bots")
	}
	ceiling, err := policy.NewCeiling(cfg)
	if err != nil {
		return nil, err
	}
	ceiling.WithAuth(a.authn.auth) // --auth needs a restart; keep the running one
	old, cur := reflect.ValueOf(a.cfg).Elem(), reflect.ValueOf(cfg).Elem()
	for i := 0; i < old.NumField(); i++ {
		f := old.Type().Field(i)
		if !f.IsExported() {
			continue // derived from exported fields, compared there
		}
		name := f.Name
		if !reloadable[name] && !reflect.DeepEqual(old.Field(i).Interface(), cur.Field(i).Interface()) {
			needRestart = append(needRestart, name)
		}
	}
	a.ceiling.Store(ceiling)
	if a.logLevel != nil {
		a.logLevel.set(parseLevel(cfg.LogLevel))
	}
	return needRestart, nil
}

// reloadOnHangup reloads on every SIGHUP until ctx ends.
func (a *app) reloadOnHangup(ctx context.Context, load func() (*config.Config, error)) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			restart, err := a.reload(load)
			if err != nil {
				a.log.Error().Err(err).Msg("reload refused; the running configuration is unchanged")
				continue
			}
			ev := a.log.Info().Str("ceiling", a.ceiling.Load().Summary())
			if len(restart) > 0 {
				ev = a.log.Warn().Strs("need_restart", restart)
			}
			ev.Msg("configuration reloaded")
		}
	}
}
