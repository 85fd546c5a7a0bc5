package discordtest

import (
	"flag"
	"os"
	"strings"
	"testing"

	api "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

var update = flag.Bool("update", false, "rewrite testdata/routes.txt from the route table")

// routesListing is the one place that says, for every route Discord
// publishes, whether the emulator serves it or refuses it with Discord's 404.
const routesListing = "testdata/routes.txt"

// TestRouteListing holds the route table to Discord's published list: no
// row twice, every row a published template, every published route listed
// as served or refused in testdata/routes.txt (rewrite it with -update after
// adding rows), every served one reaching its own row through route.Parse,
// and every refused one answered with Discord's 404 and nothing else.
func TestRouteListing(t *testing.T) {
	if len(routes.dups) > 0 {
		t.Errorf("rows served twice: %v", routes.dups)
	}
	for k, r := range routes.rows {
		if !api.Known(k[0], k[1]) {
			t.Errorf("row %s is not a published route", r.key())
		}
	}
	var b strings.Builder
	for method, tmpl := range api.Published() {
		verdict := "refused"
		if routes.rows[[2]string{method, tmpl}] != nil {
			verdict = "served"
		}
		b.WriteString(verdict + " " + method + " " + tmpl + "\n")
	}
	if *update {
		if err := os.WriteFile(routesListing, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(routesListing)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != b.String() {
		t.Errorf("%s is out of date with the route table; rerun with -update and review the diff", routesListing)
	}
}

// TestRoutesServedOrRefused sends one request on every published route.
func TestRoutesServedOrRefused(t *testing.T) {
	t.Parallel()
	e, base := start(t, Options{})
	for method, tmpl := range api.Published() {
		path := fillTemplate(tmpl)
		row := routes.rows[[2]string{method, tmpl}]
		before := e.Stats().Routes
		r := do(t, e, method, base+"/api/v10"+path, "")
		if row == nil {
			if r.status != 404 || r.body != string(errNotFound.body()) {
				t.Errorf("refused %s %s: %d %s, want Discord's 404", method, path, r.status, r.body)
			}
			continue
		}
		if got := e.Stats().Routes[row.key()]; got != before[row.key()]+1 {
			t.Errorf("served %s %s did not reach row %s (%d %s)", method, path, row.key(), r.status, r.body)
		}
	}
}

// fillTemplate puts a well-formed value in every placeholder: an unknown
// snowflake for ids, a plain word for the rest (tokens, emoji names).
func fillTemplate(tmpl string) string {
	segs := strings.Split(tmpl, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		segs[i] = "word"
		if name := strings.Trim(s, "{}"); strings.HasSuffix(name, "_id") || strings.Contains(name, "_id_") {
			segs[i] = "1085503155732611999"
		}
	}
	return strings.Join(segs, "/")
}
