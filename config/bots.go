package config

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultBot names the bot whose token is DISCORD_TOKEN.
const DefaultBot = "default"

var botName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// readBots turns --bot NAME=ENV_VAR specs into Bots, reading each token
// from its variable. Errors name the bot and the variable, never a token.
func (c *Config) readBots(getenv func(string) string) []error {
	var errs []error
	seen := map[string]bool{DefaultBot: true}
	for _, spec := range SplitList(c.botSpecs) {
		name, env, ok := strings.Cut(spec, "=")
		switch {
		case !ok || env == "":
			errs = append(errs, fmt.Errorf("--bot %q: want NAME=ENV_VAR, the variable that holds the token", spec))
			continue
		case !botName.MatchString(name):
			errs = append(errs, fmt.Errorf("--bot %s: a name is 1-32 of a-z, 0-9, - and _", name))
			continue
		case seen[name]:
			errs = append(errs, fmt.Errorf("--bot %s: named twice (%q is DISCORD_TOKEN's)", name, DefaultBot))
			continue
		}
		seen[name] = true
		tok := strings.TrimSpace(strings.TrimPrefix(getenv(env), "Bot "))
		switch {
		case tok == "":
			errs = append(errs, fmt.Errorf("--bot %s: env %s is empty or unset", name, env))
		case strings.ContainsAny(tok, " \t\r\n"):
			errs = append(errs, fmt.Errorf("--bot %s: env %s contains whitespace; set it to the bare bot token", name, env))
		default:
			c.Bots = append(c.Bots, Bot{Name: name, Env: env, Token: tok})
		}
	}
	return errs
}

// BotToken returns the bare token of the named bot ("default" is
// DISCORD_TOKEN), and whether it is configured.
func (c *Config) BotToken(name string) (string, bool) {
	if name == "" || name == DefaultBot {
		return c.DiscordToken, c.DiscordToken != ""
	}
	for _, b := range c.Bots {
		if b.Name == name {
			return b.Token, true
		}
	}
	return "", false
}
