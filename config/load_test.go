package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dmp.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A switch given bare is true and never swallows the next argument.
func TestSwitchesAreBare(t *testing.T) {
	c, err := Load("serve", []string{"--enable-passthrough", "--listen", "127.0.0.1:9", "--enable-owner-tools"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !c.EnablePassthrough || !c.EnableOwnerTools || c.Listen != "127.0.0.1:9" {
		t.Errorf("passthrough %v owner %v listen %q", c.EnablePassthrough, c.EnableOwnerTools, c.Listen)
	}
	c, err = Load("serve", []string{"--enable-passthrough=false"}, env(map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"}))
	if err != nil || c.EnablePassthrough {
		t.Errorf("--enable-passthrough=false must win over env: %v %v", c, err)
	}
}

// Every setting whose value must be a boolean is a switch, and no other.
func TestSwitchesAreExactlyTheBooleans(t *testing.T) {
	for _, s := range settings() {
		okTrue := s.set(&Config{}, "true") == nil
		okMaybe := s.set(&Config{}, "maybe-not") == nil
		boolean := okTrue && !okMaybe && s.set(&Config{}, "false") == nil && s.set(&Config{}, "1") == nil
		if boolean != s.isSwitch() {
			t.Errorf("--%s: takes only booleans %v, but is a switch %v (give it a default of true or false)", s.name, boolean, s.isSwitch())
		}
	}
}

func TestFileUnderEnvUnderFlags(t *testing.T) {
	p := writeFile(t, "log-level: debug\nlisten: 127.0.0.1:7000\nmax-wait: 5s\ntarget-channels:\n  - \"111111111111111111\"\n  - \"222222222222222222\"\nenable-passthrough: true\n")
	c, err := Load("serve", []string{"--config", p, "--max-wait", "7s"}, env(map[string]string{"DMP_LISTEN": "127.0.0.1:7001"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.LogLevel != "debug" || c.Listen != "127.0.0.1:7001" || c.MaxWait.String() != "7s" || !c.EnablePassthrough {
		t.Errorf("precedence: %+v", c)
	}
	if c.TargetChannels != "111111111111111111,222222222222222222" {
		t.Errorf("a list becomes the flag's comma list: %q", c.TargetChannels)
	}
	c, err = Load("serve", nil, env(map[string]string{"DMP_CONFIG": p}))
	if err != nil || c.LogLevel != "debug" {
		t.Errorf("DMP_CONFIG names the file: %v %v", c, err)
	}
}

// config check names every bad setting at once, by the file's key and line.
func TestCheckFileNamesEveryBadSetting(t *testing.T) {
	p := writeFile(t, "log-level: loud\nmax-wait: soon\nlisten: nope\nlisten-typo: 1\ndiscord-token: abc.def.secret\n")
	err := CheckFile(p)
	if err == nil {
		t.Fatal("want errors")
	}
	msg := err.Error()
	for _, want := range []string{"listen-typo: unknown setting", "discord-token: tokens are not read from files", ":4:", ":5:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("want %q in:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "secret") {
		t.Errorf("a token value must never be echoed:\n%s", msg)
	}
	// With the unknown keys gone, the bad values are all named together.
	p = writeFile(t, "log-level: loud\nmax-wait: soon\ninvalid-budget: -3\n")
	msg = CheckFile(p).Error()
	for _, want := range []string{p + ": max-wait", p + ": invalid-budget"} {
		if !strings.Contains(msg, want) {
			t.Errorf("want %q in:\n%s", want, msg)
		}
	}
	if err := CheckFile(writeFile(t, "log-level: warn\n")); err != nil {
		t.Errorf("a good file: %v", err)
	}
	if err := CheckFile(writeFile(t, "")); err != nil {
		t.Errorf("an empty file sets nothing: %v", err)
	}
	for _, bad := range []string{"- a\n- b\n", "log-level: [a, [b]]\n", "listen: a\nlisten: b\n", "{{{"} {
		if CheckFile(writeFile(t, bad)) == nil {
			t.Errorf("want an error for %q", bad)
		}
	}
}

func TestNamedBots(t *testing.T) {
	e := env(map[string]string{"DISCORD_TOKEN": "main.tok", "MOD_TOKEN": "mod.tok", "ART_TOKEN": "Bot art.tok", "DMP_BOTS": "env=ART_TOKEN"})
	c, err := Load("serve", []string{"--bot", "mod=MOD_TOKEN", "--bot", "art=ART_TOKEN"}, e)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Bots) != 2 {
		t.Fatalf("repeated --bot flags add up (and win over DMP_BOTS): %+v", c.Bots)
	}
	for name, want := range map[string]string{"default": "main.tok", "": "main.tok", "mod": "mod.tok", "art": "art.tok"} {
		if got, ok := c.BotToken(name); !ok || got != want {
			t.Errorf("bot %q: got %v", name, ok)
		}
	}
	if _, ok := c.BotToken("nobody"); ok {
		t.Error("an unknown bot must not resolve")
	}
	c, err = Load("serve", nil, e)
	if err != nil || len(c.Bots) != 1 || c.Bots[0].Name != "env" {
		t.Errorf("DMP_BOTS: %v %v", c, err)
	}
	secret := env(map[string]string{"GOOD": "x", "SPACED": "sec ret", "DISCORD_TOKEN": "a.b"})
	_, err = Load("serve", []string{"--bot", "Bad!=GOOD", "--bot", "default=GOOD", "--bot", "x=UNSET", "--bot", "y=SPACED", "--bot", "z"}, secret)
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{"--bot Bad!", "--bot default: named twice", "--bot x: env UNSET is empty", "--bot y: env SPACED contains whitespace", `--bot "z"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "sec ret") {
		t.Error("a token must never be echoed")
	}
}
