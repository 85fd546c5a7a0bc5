package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// Load builds the Config of one subcommand from, lowest first: defaults,
// the YAML file named by --config (or env DMP_CONFIG), environment
// variables, and flags in args (without the subcommand). getenv is
// os.Getenv in production. Every bad setting is reported, not only the
// first, each named as the operator wrote it.
func Load(name string, args []string, getenv func(string) string) (*Config, error) {
	fs, flagVals, configPath := newFlagSet(name)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	setByFlag := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { setByFlag[f.Name] = true })
	path := *configPath
	if !setByFlag["config"] {
		path = getenv("DMP_CONFIG")
	}
	var file map[string]string
	if path != "" {
		var err error
		if file, err = readFile(path); err != nil {
			return nil, err
		}
	}
	c := &Config{}
	var errs []error
	for _, s := range settings() {
		v, src := s.def, ""
		if fv, ok := file[s.name]; ok {
			v, src = fv, path+": "+s.name
		}
		if e := getenv(s.env); e != "" {
			v, src = e, "env "+s.env+" (--"+s.name+")"
		}
		if setByFlag[s.name] {
			v, src = flagVals[s.name].v, "--"+s.name
		}
		if src == "" {
			src = "--" + s.name + " (env " + s.env + ")"
		}
		if err := s.set(c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", src, err))
		}
	}
	c.DiscordToken = strings.TrimSpace(strings.TrimPrefix(getenv("DISCORD_TOKEN"), "Bot "))
	c.Image.Key = getenv("DMP_IMAGE_KEY") // a secret: env only, like the tokens
	errs = append(errs, c.readBots(getenv)...)
	errs = append(errs, c.validate()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// CheckFile reports every bad setting in a config file on its own
// (defaults below it, no environment), for `config check FILE`.
func CheckFile(path string) error {
	_, err := Load("config check", []string{"--config", path}, func(string) string { return "" })
	return err
}

// flagValue holds a flag's text; switches accept a bare flag as "true".
type flagValue struct {
	v        string
	boolFlag bool
	repeat   bool // given again, it adds to the list
	set      bool
}

// repeatable settings take a list; each use of the flag adds to it.
var repeatable = map[string]bool{"bot": true}

func (f *flagValue) String() string { return f.v }
func (f *flagValue) Set(v string) error {
	if f.repeat && f.set && v != "" {
		f.v += "," + v
	} else {
		f.v = v
	}
	f.set = true
	return nil
}
func (f *flagValue) IsBoolFlag() bool { return f.boolFlag }

func newFlagSet(name string) (*flag.FlagSet, map[string]*flagValue, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	vals := map[string]*flagValue{}
	for _, s := range settings() {
		fv := &flagValue{v: s.def, boolFlag: s.isSwitch(), repeat: repeatable[s.name]}
		vals[s.name] = fv
		fs.Var(fv, s.name, s.help+" (env "+s.env+")")
	}
	configPath := fs.String("config", "", "YAML file of settings, keys spelled as the flags (env DMP_CONFIG); env and flags override it")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: discord-mcp-proxy %s [flags]\n\nThe Discord bot token comes from env DISCORD_TOKEN or from each request's Authorization: Bot header.\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	return fs, vals, configPath
}
