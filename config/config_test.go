package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsEnvAndFlags(t *testing.T) {
	c, err := Load("serve", nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.Upstream != "https://discord.com/api/v10" || c.AllowedMentions != `{"parse":[]}` || c.MaxWait != 30*time.Second {
		t.Errorf("defaults: %+v", c)
	}
	c, err = Load("serve", []string{"--listen", "127.0.0.1:9999"}, env(map[string]string{
		"DMP_LISTEN": "127.0.0.1:7777", "DMP_UPSTREAM": "http://127.0.0.1:1/api/v10/", "DISCORD_TOKEN": "Bot abc.def",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:9999" {
		t.Errorf("a flag must win over env: %s", c.Listen)
	}
	if c.Upstream != "http://127.0.0.1:1/api/v10" || c.DiscordToken != "abc.def" {
		t.Errorf("env: upstream %q token set %v", c.Upstream, c.DiscordToken == "abc.def")
	}
}

func TestInvalidSettingsNameThemselves(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--listen", "nope"}, nil, "--listen"},
		{nil, map[string]string{"DMP_UPSTREAM": "ftp://x"}, "--upstream (env DMP_UPSTREAM)"},
		{nil, map[string]string{"DMP_MAX_WAIT": "soon"}, "--max-wait"},
		{nil, map[string]string{"DMP_LOG_LEVEL": "loud"}, "--log-level"},
		{nil, map[string]string{"DMP_ENABLE_PASSTHROUGH": "maybe"}, "--enable-passthrough"},
		{nil, map[string]string{"DMP_CACHE_SIZE": "-1"}, "--cache-size"},
		{nil, map[string]string{"DMP_GLOBAL_PER_SECOND": "0"}, "--global-per-second"},
		{[]string{"extra"}, nil, "unexpected argument"},
		{nil, map[string]string{"DMP_ALLOWED_HOSTS": "http://proxy.example"}, "DMP_ALLOWED_HOSTS"},
		{nil, map[string]string{"DMP_ALLOWED_HOSTS": "::1"}, "--allowed-hosts"},
		{nil, map[string]string{"DMP_ALLOWED_HOSTS": "proxy:"}, "--allowed-hosts"},
	} {
		_, err := Load("serve", c.args, env(c.env))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: want an error naming %q, got %v", c.args, c.env, c.want, err)
		}
	}
}

func TestAllowedHosts(t *testing.T) {
	c, err := Load("serve", []string{"--allowed-hosts", "discord-mcp-proxy, 10.0.0.5:8080,[::1]"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.AllowedHosts, "|") != "discord-mcp-proxy|10.0.0.5:8080|[::1]" {
		t.Errorf("AllowedHosts = %q", c.AllowedHosts)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	_, err := Load("serve", nil, env(map[string]string{"DISCORD_TOKEN": "secret part\nmore"}))
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("want an error that does not quote the token, got %v", err)
	}
}
